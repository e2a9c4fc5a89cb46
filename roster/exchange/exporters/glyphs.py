"""Which characters the PDF font can print, and what to do about the others.

A font may map a character to an empty glyph (WenQuanYi Micro Hei's ``℃``) or not have it
at all (a rare name character such as ``䶮``); either prints as a blank, and a blank in a
name on a wall sheet is a wrong name. Two remedies: a few symbols have a spelling in
characters every font has (``℃`` -> ``°C``), which :meth:`Glyphs.printable` uses; for the
rest, :func:`unprintable` says which member (or checkpoint) has which character, and how
to point ``ROSTER_CJK_FONT`` at a font that has it. The export still writes the file (the
rest of the sheet is right); the caller shows the warnings.

:func:`font_warnings` is that one rule for any printed document: given each text with
who or what it belongs to, one warning for each that prints blank. The roster's sheets
(:func:`unprintable`) and the daily report (:mod:`roster.reports.daily_glyphs`) both use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from roster.domain.messages import Message, msg
from roster.domain.model import Bundle
from roster.exchange.exporters.fonts import ENV_VAR, FontFile, cjk_font
from roster.exchange.exporters.selection import Selection

__all__ = ["SUBSTITUTES", "Glyphs", "font_warnings", "glyphs_of", "unprintable"]

#: Symbols with a spelling in plainer characters, used when the font cannot print them.
SUBSTITUTES: dict[str, str] = {"℃": "°C", "℉": "°F", "㎡": "m²", "№": "No."}


class Glyphs:
    """The characters of one font face that print as something (a non-empty outline)."""

    def __init__(self, font: FontFile) -> None:
        face = TTFont(str(font.path), fontNumber=font.index, lazy=True)
        cmap = face.getBestCmap() or {}
        # An empty glyph has no outline data: its two offsets in ``loca`` are equal (read
        # from the offsets alone, without decoding 30,000 outlines).
        loca = list(face["loca"]) if "loca" in face else None
        order = {name: i for i, name in enumerate(face.getGlyphOrder())}
        self._ok: set[int] = set()
        for code, name in cmap.items():
            i = order.get(name, 0)
            if loca is None or chr(code).isspace() or loca[i + 1] > loca[i]:
                self._ok.add(code)
        face.close()

    def has(self, char: str) -> bool:
        return char.isspace() or not char.isprintable() or ord(char) in self._ok

    def printable(self, text: str) -> str:
        """``text`` with the symbols this font cannot print spelled another way."""
        if all(self.has(c) for c in text):
            return text
        return "".join(c if self.has(c) or c not in SUBSTITUTES
                       or not all(self.has(s) for s in SUBSTITUTES[c]) else SUBSTITUTES[c]
                       for c in text)

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that still print blank (after the substitutes)."""
        out: list[str] = []
        for c in self.printable(text):
            if not self.has(c) and c not in out:
                out.append(c)
        return out


@lru_cache(maxsize=4)
def _glyphs(path: str, index: int) -> Glyphs:
    return Glyphs(FontFile(path=Path(path), index=index))


def glyphs_of(font: FontFile) -> Glyphs:
    """The (cached) glyph coverage of ``font``."""
    return _glyphs(str(font.path), font.index)


def unprintable(bundle: Bundle, selection: Selection, font: FontFile | None = None
                ) -> list[Message]:
    """One warning per member, checkpoint or team text of the export that has characters
    the PDF font cannot print: who or what, which characters, and how to fix it."""
    people = {a.member for a in bundle.assignments if selection.wants_assignment(a)}
    if bundle.team.lead:
        people.add(bundle.team.lead)
    texts: list[tuple[str, Message]] = [
        (m.name, msg("member {name} ({id})", name=m.name, id=m.id))
        for m in bundle.members if m.id in people]
    texts.extend((cp.name + cp.location, msg("checkpoint {name} ({id})", name=cp.name, id=cp.id))
                 for cp in bundle.checkpoints if selection.checkpoint in (None, cp.id))
    texts.append((bundle.team.name + bundle.team.village, msg("the team's name")))
    return font_warnings(texts, font)


def font_warnings(texts: Iterable[tuple[str, Message]], font: FontFile | None = None
                  ) -> list[Message]:
    """For each ``(text, who)`` whose text has characters the PDF font prints blank, one
    warning: who or what, which characters (with their code points), and how to set
    ``ROSTER_CJK_FONT`` to a font that has them."""
    glyphs = glyphs_of(font or cjk_font())
    out: list[Message] = []
    for text, who in texts:
        chars = glyphs.missing(text)
        if not chars:
            continue
        listed = " ".join(f"{c} (U+{ord(c):04X})" for c in chars)
        out.append(msg("{who}: the PDF font has no {chars}; it prints blank. Set {var} to a "
                       ".ttf font file that has it (e.g. {var}=/path/to/font.ttf) and export "
                       "again", who=who, chars=listed, var=ENV_VAR))
    return out
