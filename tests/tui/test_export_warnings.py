"""What an export could not print right is shown in the TUI, not only said by the CLI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import Input, Select

from roster.store import Store
from roster.tui.dialogs.export import ExportDialog
from roster.tui.screens.first_run import FirstRunScreen
from tests.tui.conftest import SIZE, app_for, settle

#: A name character the packaged font has no glyph for (see tests/cli/test_cli_export_print.py).
RARE = "刘䶮"


def _rename(data_dir: Path, member: str, name: str) -> None:
    store = Store(data_dir)
    bundle = store.load()
    members = tuple(replace(m, name=name) if m.id == member else m for m in bundle.members)
    store.save(replace(bundle, members=members), op="edit", operator="test")


def _shown(app: Any) -> str:
    """The text of the notifications on screen now, as rendered (each wholly on screen)."""
    toasts = list(app.screen.query("Toast"))
    width, height = app.size
    for t in toasts:
        assert t.region.y >= 0 and t.region.bottom <= height and t.region.right <= width
    return "\n".join(str(t.render()) for t in toasts)


async def _export_pdf(data_dir: Path, out: Path, lang: str,
                      size: tuple[int, int]) -> tuple[Any, str, list[Any]]:
    app = app_for(data_dir, lang=lang)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-format", Select).value = "pdf"
        await pilot.pause()
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert out.is_file()
        assert not isinstance(app.screen, ExportDialog)
        return app, _shown(app), list(app._notifications)


async def test_a_character_the_pdf_font_lacks_is_shown_after_the_export(
        rostered_dir: Path, tmp_path_factory: object) -> None:
    _rename(rostered_dir, "m04", RARE)
    out = Path(str(tmp_path_factory.mktemp("out"))) / "week.pdf"  # type: ignore[attr-defined]
    for lang, who in (("en", "member 刘䶮 (m04)"), ("zh", "队员 刘䶮（m04）")):
        for size in (SIZE, (80, 24)):
            _app, shown, notes = await _export_pdf(rostered_dir, out, lang, size)
            warned = [n for n in notes if n.severity == "warning" and who in n.message]
            assert len(warned) == 1, [n.message for n in notes]
            note = warned[0]
            assert "U+4DAE" in note.message and "ROSTER_CJK_FONT" in note.message
            assert note.timeout >= 30  # long enough to read, and to set the font
            # On screen, not hidden by the notice that the file was written, which it says.
            assert "U+4DAE" in shown and "ROSTER_CJK_FONT" in shown, shown
            assert str(out) in note.title + note.message or "week.pdf" in shown


async def test_an_export_without_warnings_says_only_that_it_is_written(
        rostered_dir: Path, tmp_path_factory: object) -> None:
    out = Path(str(tmp_path_factory.mktemp("out"))) / "week.pdf"  # type: ignore[attr-defined]
    _app, _shown_text, notes = await _export_pdf(rostered_dir, out, "en", SIZE)
    assert [n.severity for n in notes] == ["information"]
    assert "week.pdf" in notes[0].message


async def test_the_first_fortnights_print_says_it_too(rostered_dir: Path,
                                                     tmp_path_factory: object) -> None:
    _rename(rostered_dir, "m04", RARE)
    out = Path(str(tmp_path_factory.mktemp("out"))) / "fortnight.pdf"  # type: ignore[attr-defined]
    app = app_for(rostered_dir, lang="en")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        flow = FirstRunScreen()
        await app.push_screen(flow)
        await pilot.pause()
        assert flow.step == "print"
        flow.query_one("#setup-path", Input).value = str(out)
        flow.query_one("#setup-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert flow.step == "done" and out.is_file()
        shown = _shown(app)
        assert "member 刘䶮 (m04)" in shown and "U+4DAE" in shown, shown
        assert [n.severity for n in app._notifications] == ["warning"]


async def test_many_warnings_are_counted_in_a_notice_that_fits(
        rostered_dir: Path, tmp_path_factory: object) -> None:
    for i, char in enumerate("䶮䶰䶱䶲䶳䶴", start=1):
        _rename(rostered_dir, f"m{i:02d}", "刘" + char)
    out = Path(str(tmp_path_factory.mktemp("out"))) / "week.pdf"  # type: ignore[attr-defined]
    _app, shown, notes = await _export_pdf(rostered_dir, out, "en", (80, 24))
    assert [n.severity for n in notes] == ["warning"]
    listed = notes[0].message.count("U+4D")
    assert 1 <= listed < 6 and f"… and {6 - listed} more like these" in shown, shown
