"""``roster init``, ``checkpoint add``, ``member add``: a real team from an empty folder."""

from __future__ import annotations

from pathlib import Path

from roster.store import Store
from tests.cli.conftest import Run


def _snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def test_a_team_from_nothing_to_a_generated_week(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    r = run("init", "--team", "北王村驻村工作队", "--village", "北王村", "--township", "王镇")
    assert r.returncode == 0, r.stderr
    assert "Started the team" in r.stdout
    r = run("checkpoint", "add", "--id", "cp-n", "--name", "北口", "--pattern", "3x8",
            "--need", "2", "--tags", "party=1", "--standby", "1", "--location", "村北路口")
    assert r.returncode == 0, r.stderr
    assert "08:00–16:00, 16:00–00:00, 00:00–08:00" in r.stdout
    r = run("checkpoint", "add", "--id", "cp-s", "--name", "南口", "--pattern",
            "07:00-19:00,19:00-07:00")
    assert r.returncode == 0, r.stderr
    ids = []
    for i in range(14):
        flags = ["--tags", "party"] if i % 3 == 0 else []
        r = run("member", "add", "--name", f"队员{i}", "--phone", f"1380000{i:04d}", *flags,
                *(["--lead"] if i == 0 else []))
        assert r.returncode == 0, r.stderr
        ids.append(r.stdout.strip())
    assert ids[:3] == ["m01", "m02", "m03"]  # only the id: id=$(roster member add ...)

    bundle = Store(data).load()
    assert bundle.team.lead == "m01" and bundle.team.township == "王镇"
    north = bundle.checkpoint("cp-n")
    assert north is not None and north.location == "村北路口"
    shifts = [(t.need, dict(t.need_tags), t.standby) for t in north.shifts]
    assert shifts == [(2, {"party": 1}, 1)] * 3
    ops = [c.op for c in Store(data).history()]
    assert ops[-3:] == ["checkpoint-add", "checkpoint-add", "init"]
    assert ops.count("member-add") == 14

    r = run("generate", "--days", "3")
    assert r.returncode in (0, 1), r.stderr
    # Each member's running totals, this period and the four weeks before ("why me?").
    assert "Running totals (shifts · nights · weekend or holiday)" in r.stdout
    assert "队员0" in r.stdout and "0 · 0 · 0" in r.stdout


def test_each_step_is_one_undoable_change(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("init", "--team", "t").returncode == 0
    assert run("member", "add", "--name", "张").returncode == 0
    assert run("undo").returncode == 0
    assert Store(data).load().members == ()
    assert run("undo").returncode == 0
    assert Store(data).is_empty()
    assert run("init", "--team", "again").returncode == 0  # the folder is free again


def test_refusals_are_one_line_and_write_nothing(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    r = run("checkpoint", "add", "--id", "a", "--name", "A", "--pattern", "3x8")
    assert r.returncode == 2 and "roster init" in r.stderr
    r = run("init", "--team", "t", "--timezone", "Mars/Olympus")
    assert r.returncode == 2 and r.stderr.startswith("roster: --timezone: 'Mars/Olympus'")
    assert run("init", "--team", "t").returncode == 0
    assert run("checkpoint", "add", "--id", "a", "--name", "A", "--pattern", "24h").returncode == 0
    assert run("member", "add", "--name", "张", "--id", "z1").returncode == 0
    before = _snapshot(data)
    cases = [
        (("init", "--team", "other"), "already holds the team \"t\""),
        (("checkpoint", "add", "--id", "a", "--name", "B", "--pattern", "3x8"),
         "--id: id a is taken"),
        (("checkpoint", "add", "--id", "b", "--name", "B", "--pattern", "4x6"), "--pattern: '4x6'"),
        (("checkpoint", "add", "--id", "b", "--name", "B", "--pattern", "3x8", "--first-start",
          "8am"), "--first-start: '8am'"),
        (("checkpoint", "add", "--id", "b", "--name", "B", "--pattern", "3x8", "--tags",
          "party=2"), "--tags: party asks for 2"),
        (("checkpoint", "add", "--id", "b", "--name", "B", "--pattern", "3x8", "--need", "0"),
         "--need: must be at least 1"),
        (("checkpoint", "add", "--id", "b", "--name", "B", "--pattern",
          "08:00-20:00,19:00-08:00"), "overlap"),
        (("member", "add", "--name", "李", "--id", "z1"), "--id: id z1 is taken"),
        (("member", "add", "--name", "李", "--phone", "call me"), "--phone:"),
        (("member", "add", "--name", "  "), "--name: must not be empty"),
    ]
    for args, words in cases:
        r = run(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert words in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert r.stdout == ""
    assert _snapshot(data) == before


def test_markup_in_a_name_is_text(run: Run, tmp_path: Path) -> None:
    assert run("init", "--team", "[bold]队[/bold]").returncode == 0
    r = run("checkpoint", "add", "--id", "x", "--name", "[red]口", "--pattern", "24h")
    assert r.returncode == 0 and "[red]口" in r.stdout, r.stdout


def test_in_chinese(run: Run, tmp_path: Path) -> None:
    r = run("--lang", "zh", "init", "--team", "队")
    assert "新建工作队" in r.stdout
    r = run("--lang", "zh", "checkpoint", "add", "--id", "a", "--name", "A", "--pattern", "5x5")
    assert r.returncode == 2 and "不是班次模式" in r.stderr


def test_tags_may_be_typed_in_chinese(run: Run, tmp_path: Path) -> None:
    """党员=1 on the command line is the tag party, as on the forms and in the member import."""
    assert run("--lang", "zh", "init", "--team", "队").returncode == 0
    r = run("--lang", "zh", "checkpoint", "add", "--id", "n", "--name", "北口", "--pattern",
            "2x12", "--tags", "党员=1,医护=1")
    assert r.returncode == 0, r.stderr
    r = run("--lang", "zh", "member", "add", "--name", "张三", "--tags", "党员,司机")
    assert r.returncode == 0, r.stderr
    bundle = Store(tmp_path / "data").load()
    assert dict(bundle.checkpoints[0].shifts[0].need_tags) == {"party": 1, "medic": 1}
    assert bundle.members[0].tags == ("party", "driver")


def test_the_history_speaks_the_readers_language(run: Run, tmp_path: Path) -> None:
    """Changes made in English read in Chinese for a Chinese reader, and the other way
    round (issue 13 item 17): the history keeps what was said, not the words of the
    moment."""
    assert run("init", "--team", "北王村").returncode == 0
    assert run("--lang", "zh", "member", "add", "--name", "张三").returncode == 0
    assert run("generate", "--start", "2026-12-20", "--days", "1",
               "--include-past").returncode in (0, 1)
    assert run("--lang", "zh", "undo").returncode == 0
    zh = run("--lang", "zh", "history").stdout
    en = run("--lang", "en", "history").stdout
    for words in ("新建工作队 北王村", "新增队员 张三", "撤销了 tester 的 #3：生成 2026-12-20",
                  "撤销"):
        assert words in zh, words
    for english in ("new team", "add member", "undid", "generate"):
        assert english not in zh, english
    for words in ("new team 北王村", "add member 张三", "undid #3 by tester: generate 2026-12-20"):
        assert words in en, words
    assert "新增" not in en and "撤销" not in en


def test_a_history_written_before_words_were_kept_still_reads(run: Run, tmp_path: Path) -> None:
    import json
    assert run("init", "--team", "北王村").returncode == 0
    team = tmp_path / "data" / "team.json"
    doc = json.loads(team.read_text(encoding="utf-8"))
    for record in doc["changes"].values():
        del record["words"]
        record["summary"] = "new team 北王村 (old)"
    team.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run("--lang", "zh", "history")
    assert r.returncode == 0 and "new team 北王村 (old)" in r.stdout
