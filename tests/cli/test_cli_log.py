"""``roster log`` as a script uses it: exit statuses, one-line refusals, the daily report.

The fixture team is rostered yesterday (in its own zone) so that every ``--at`` is in the
past whenever the tests run.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from roster.cli.main import main
from roster.domain.timeutil import today
from roster.store import Store
from tests.cli.conftest import Run
from tests.unit.dutylog.test_dutylog_fixtures import TZ, team

YESTERDAY = today(TZ) - timedelta(days=1)
DAY = YESTERDAY.isoformat()


def _team(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    Store(data).save(team(YESTERDAY), op="import")
    return data


def test_check_in_twice_and_out(run: Run, tmp_path: Path) -> None:
    _team(tmp_path)
    first = run("log", "check-in", "--member", "m1", "--checkpoint", "cp-n",
                "--at", f"{DAY}T07:58")
    assert first.returncode == 0, first.stderr
    assert "Checked in: 张建国 北口卡点" in first.stdout
    again = run("log", "check-in", "--member", "m1", "--checkpoint", "cp-n",
                "--at", f"{DAY}T08:30")
    assert again.returncode == 1 and "already" in again.stderr and not again.stdout
    out = run("log", "check-out", "--member", "m1", "--checkpoint", "cp-n",
              "--at", f"{DAY}T16:04")
    assert out.returncode == 0, out.stderr
    entries = Store(tmp_path / "data").logs()
    assert [(e.kind, e.member) for e in entries] == [("check_in", "m1"), ("check_out", "m1")]


def test_refusals_say_why_in_one_line_and_write_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In-process (the same main() as the command) to keep this matrix fast.
    data = _team(tmp_path)
    for args, words in (
        (("check-out", "--member", "m2", "--checkpoint", "cp-n", "--at", f"{DAY}T09:00"),
         "not checked in"),
        (("check-in", "--member", "nobody", "--checkpoint", "cp-n"), "no member 'nobody'"),
        (("check-in", "--member", "m1", "--checkpoint", "cp-x"), "no checkpoint 'cp-x'"),
        (("check-in", "--member", "m2", "--checkpoint", "cp-n", "--at", "2099-01-01T08:00"),
         "in the future"),
        (("check-in", "--member", "m2", "--checkpoint", "cp-s", "--at", "2026-11-01T08:00"),
         "opened on 2026-11-16"),
        (("note", "--checkpoint", "cp-n", "--category", "vehicle", "--count", "-3"),
         "cannot be negative"),
    ):
        status = main(["--data", str(data), "--lang", "en", "log", *args])
        err = capsys.readouterr().err
        assert status == 2, (args, err)
        assert words in err and len(err.strip().splitlines()) == 1
    assert Store(data).logs() == []


def test_notes_and_the_daily_report(run: Run, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = _team(tmp_path)
    for args in (("check-in", "--member", "m1", "--checkpoint", "cp-n", "--at", f"{DAY}T08:00"),
                 ("note", "--checkpoint", "cp-n", "--category", "vehicle", "--count", "17",
                  "--text", "过往车辆", "--at", f"{DAY}T09:00"),
                 ("handover", "--checkpoint", "cp-n", "--member", "m1", "--text", "正常",
                  "--item", "路灯坏了", "--at", f"{DAY}T15:55")):
        assert main(["--data", str(data), "--lang", "en", "log", *args]) == 0
    report = run("log", "report", "--date", DAY, "--format", "json")
    assert report.returncode == 1  # m2 never came: problems found
    doc = json.loads(report.stdout)
    assert doc["checkpoints"][0]["totals"] == {"vehicle": 17}
    shift = next(s for s in doc["checkpoints"][0]["shifts"] if s["start"].endswith(
        "T08:00:00+08:00"))
    assert {a["member"]: a["status"] for a in shift["attendance"]} == {
        "m1": "on_time", "m2": "absent"}
    assert shift["handovers"][0]["open_items"][0]["text"] == "路灯坏了"
    assert not shift["handovers"][0]["confirmed"]
    out = tmp_path / "report.html"
    html = run("log", "report", "--date", DAY, "--format", "html", "--out", str(out))
    assert html.returncode == 1 and "&lt;" not in out.read_text(encoding="utf-8")[:20]
    assert "北口卡点" in out.read_text(encoding="utf-8")
    text = run("log", "report", "--date", DAY)
    assert "Daily duty report" in text.stdout and "李海燕: absent" in text.stdout
    capsys.readouterr()
    assert main(["--data", str(data), "log", "report", "--date", DAY, "--format", "pdf"]) == 2
    assert "--out" in capsys.readouterr().err
    assert len(Store(data).logs()) == 3


def test_correct_withdraw_show_and_summary(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = _team(tmp_path)

    def roster(*args: str) -> int:
        return main(["--data", str(data), "--lang", "en", *args])

    assert roster("log", "check-in", "--member", "m2", "--checkpoint", "cp-n",
                  "--at", f"{DAY}T08:40") == 0
    assert roster("log", "note", "--checkpoint", "cp-n", "--category", "person",
                  "--count", "3", "--at", f"{DAY}T09:00") == 0
    check_in, noted = Store(data).logs()
    assert roster("log", "correct", check_in.id, "--at", f"{DAY}T08:02") == 0
    assert roster("log", "void", noted.id, "--reason", "duplicate") == 0
    assert roster("log", "void", noted.id) == 2  # withdrawn already
    capsys.readouterr()
    assert roster("log", "show", "--date", DAY, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(x["id"], len(x["versions"]), x["void"]) for x in shown] == [
        (check_in.id, 2, False), (noted.id, 2, True)]
    assert roster("log", "summary", "--start", DAY, "--days", "1", "--json") == 1
    members = {m["member"]: m for m in json.loads(capsys.readouterr().out)["members"]}
    assert members["m2"]["on_time"] == 1 and members["m1"]["absent"] == 1
    assert len(Store(data).logs()) == 4  # nothing edited, nothing removed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_log_show_fits_80_columns_with_every_name_and_kind_whole(
        run: Run, tmp_path: Path, lang: str) -> None:
    """Review round 2 of #13 item 17: at 80 columns the id left 吴桂…, chec… and 体温 …."""
    from rich.cells import cell_len

    _team(tmp_path)
    for member, cp, when in (("m1", "cp-n", "07:58"), ("m2", "cp-n", "08:01")):
        assert run("log", "check-in", "--member", member, "--checkpoint", cp,
                   "--at", f"{DAY}T{when}").returncode == 0
    assert run("log", "note", "--checkpoint", "cp-n", "--category", "temperature",
               "--text", "一名返乡人员体温37.8℃，已按规定登记并通知村医复测",
               "--at", f"{DAY}T09:00").returncode == 0
    r = run("--lang", lang, "log", "show", "--date", DAY, env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in r.stdout
    for words in ("张建国", "李海燕") if lang == "zh" else ("check-in", "张建国"):
        assert words in r.stdout, words
    kind = "体温异常" if lang == "zh" else "anomaly"
    assert kind in r.stdout


def test_a_note_longer_than_a_bundle_may_hold_is_refused(run: Run, tmp_path: Path) -> None:
    """Review round 2 of #13 item 9: log note took 20,000 characters, which the bundle
    reader refuses, so the team's export no longer imported."""
    data = _team(tmp_path)
    before = Store(data).logs()
    r = run("log", "note", "--checkpoint", "cp-n", "--category", "other",
            "--text", "长" * 20_000, "--at", f"{DAY}T09:00")
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "text" in r.stderr and "10000" in r.stderr.replace(",", "")
    assert Store(data).logs() == before
