"""Where the Chinese font for printed output comes from.

A printed roster goes onto a checkpoint wall from whatever laptop the team has, and a
fresh machine (a village office laptop, CI) has no Chinese system font at all. PDF viewers
substitute a font for one that is not embedded, and reportlab's built-in CID fonts
(STSong-Light) are never embedded, so such a sheet shows boxes or another face elsewhere.
The font therefore comes with the Python packages, so ``pip install`` brings it, and PDF
writers embed a subset of it (only the characters printed): a sheet stays small.

Which font: WenQuanYi Micro Hei (文泉驿微米黑, Apache License 2.0, about 21,000 Chinese
characters, all of GBK), from the data-only package ``paperang-p2-fonts-cjk``. It has
TrueType outlines, so it is embedded as a CIDFontType2 with the Identity-H encoding, the
combination every PDF viewer, printer and text extractor reads. The Noto Sans SC
packages on PyPI ship CFF-outline, CID-keyed fonts instead: reportlab cannot load them,
and fpdf2 embeds them with a custom encoding CMap that common PDF tools (pypdf, pdfminer)
cannot decode, so text copied or searched from such a sheet comes out garbled.

``ROSTER_CJK_FONT`` may name another TrueType font file (.ttf, or .ttc for its first
face), for a team whose names use rare characters this font lacks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from roster.domain.errors import UserError

__all__ = ["ENV_VAR", "FontFile", "FontMissing", "cjk_font"]

#: Names a .ttf/.ttc file to use instead of the packaged font.
ENV_VAR = "ROSTER_CJK_FONT"
_PACKAGE = "paperang_p2_fonts_cjk"
_FILE = ("fonts", "wqy-microhei.ttc")


class FontMissing(UserError):
    """No usable CJK font: the package is not installed or the override names no file."""


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font file, which face of a collection (.ttc) to use, and how to name it."""

    path: Path
    family: str = "cjk"
    index: int = 0
    license: str = ""


def cjk_font(env: Mapping[str, str] | None = None) -> FontFile:
    """The font for printing: ``$ROSTER_CJK_FONT`` if set, else the packaged Micro Hei."""
    env = os.environ if env is None else env
    override = env.get(ENV_VAR, "").strip()
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise FontMissing(f"${ENV_VAR}={override}: no such font file")
        return FontFile(path, license="as given by its file")
    try:
        folder = resources.files(_PACKAGE)
    except ModuleNotFoundError:
        raise FontMissing("the Chinese font package paperang-p2-fonts-cjk is not installed; "
                          "reinstall checkpoint-roster with pip (it is a dependency)") from None
    path = Path(str(folder.joinpath(*_FILE)))
    if not path.is_file():
        raise FontMissing(f"{path}: the packaged Chinese font is missing; reinstall "
                          "paperang-p2-fonts-cjk")
    return FontFile(path, license="Apache License 2.0 (WenQuanYi Micro Hei)")
