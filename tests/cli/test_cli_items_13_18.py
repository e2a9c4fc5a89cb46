"""The command line as Unix tools and tired people expect (#13 items 13, 18): ``--out -``
writes to standard output, ``today``/``yesterday`` are dates, one phone rule everywhere,
an empty "people needed" is an error and an unknown qualification a warning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from roster.domain.errors import UserError
from roster.domain.model import Member
from roster.domain.timeutil import today, zone
from roster.editing.checks import unknown_tags
from roster.editing.forms import parse_member, parse_template
from roster.samples.demo import demo_bundle
from tests.cli.conftest import Run


@pytest.fixture
def demo(run: Run, tmp_path: Path) -> Path:
    assert run("demo").returncode == 0
    return tmp_path / "data"


@pytest.mark.parametrize("fmt", ["json", "csv", "txt", "html"])
def test_out_dash_writes_the_file_to_standard_output(
        run: Run, demo: Path, tmp_path: Path, fmt: str) -> None:
    done = run("export", "--format", fmt, "--out", "-")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "-").exists()
    assert done.stdout, "nothing on standard output"
    if fmt == "json":
        assert json.loads(done.stdout)["format"] == "checkpoint-roster"
    if fmt == "csv":
        assert done.stdout.splitlines()[0].count(",") >= 3


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF-"), ("xlsx", b"PK\x03\x04")])
def test_out_dash_sends_a_binary_file_into_a_pipe(demo: Path, fmt: str, magic: bytes) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROSTER_")}
    env.update({"ROSTER_LANG": "en", "ROSTER_OPERATOR": "tester"})
    done = subprocess.run([sys.executable, "-m", "roster", "--data", str(demo), "export",
                           "--format", fmt, "--out", "-"], capture_output=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(magic)


def test_the_daily_report_to_standard_output(run: Run, demo: Path, tmp_path: Path) -> None:
    done = run("log", "report", "--date", "yesterday", "--out", "-")
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout and not (tmp_path / "-").exists()


@pytest.mark.parametrize("word", ["today", "yesterday", "今天", "昨天"])
def test_today_and_yesterday_are_dates(run: Run, demo: Path, word: str) -> None:
    for args in (("log", "show", "--date", word), ("check", "--start", word, "--days", "1"),
                 ("log", "show", "--date", word, "--json")):
        done = run(*args)
        assert done.returncode in (0, 1), done.stderr


def test_yesterday_is_the_teams_yesterday(run: Run, demo: Path) -> None:
    done = run("check", "--start", "yesterday", "--days", "1", "--json")
    start = json.loads(done.stdout)["period"]["start"]
    assert start.startswith((today(zone("Asia/Shanghai")) - timedelta(days=1)).isoformat())


def test_one_phone_rule_for_the_form_and_the_import() -> None:
    base = Member(id="m99", name="x")
    with pytest.raises(UserError) as caught:
        parse_member({"name": "张三", "phone": "1380000"}, base)
    assert caught.value.problems[0].where == "phone"
    assert parse_member({"name": "张三", "phone": "+86 138-0000-0001"}, base).phone == "13800000001"
    assert parse_member({"name": "张三", "phone": ""}, base).phone == ""


def test_member_add_refuses_the_phone_the_import_refuses(run: Run, demo: Path) -> None:
    done = run("member", "add", "--name", "张三", "--phone", "1380000")
    assert done.returncode == 2 and "--phone" in done.stderr


def test_an_empty_need_is_an_error() -> None:
    with pytest.raises(UserError) as caught:
        parse_template({"start": "08:00", "end": "16:00", "need": ""})
    assert caught.value.problems[0].where == "need"


def test_an_unknown_qualification_is_a_warning_naming_what_members_have() -> None:
    bundle = demo_bundle(today(zone("Asia/Shanghai")))
    assert unknown_tags(bundle, ["party"]) is None
    warning = unknown_tags(bundle, ["foo", "party"])
    assert warning is not None and warning.params["tags"] == ["foo"]
    assert "party" in warning.params["have"]


def test_checkpoint_add_warns_of_an_unknown_qualification(run: Run, demo: Path) -> None:
    done = run("checkpoint", "add", "--id", "cp-x", "--name", "新卡点", "--pattern", "2x12",
               "--tags", "foo=1")
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr and "foo" in done.stderr and "party" in done.stderr
