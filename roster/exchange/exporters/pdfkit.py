"""A small PDF page-drawing kit with the Chinese font embedded, for every printed document.

The printed roster (``pdf_print``) and the duty desk's daily report both need the same
things from a PDF library: A4 pages, Chinese text in an embedded font
(:mod:`roster.exchange.exporters.fonts`), text measured and wrapped to a column, boxes and
rules, and a table that flows over pages. Keeping them here means the font is registered in one
place and neither document depends on the PDF library's own API.

Why fpdf2: it embeds a subset of the TrueType font (only the glyphs printed) as a single
CID font with the Identity-H encoding, which ``pdffonts`` lists as embedded and every
reader decodes; it draws a month of sheets for a hundred checkpoints in a couple of
seconds; and it depends only on fontTools and Pillow. (reportlab would split the font
into many 256-glyph subsets with their own encodings.)

Usage (all lengths in millimetres, ``y`` grows downwards, ``y`` of text is the top of
its line)::

    doc = PdfDocument(landscape=False, title="值班日报", made_at=now)
    doc.add_page()
    y = doc.text(doc.left, doc.top, "北口卡点 值班日报", size=16, bold=True)
    y = doc.table(doc.left, y + 4, [30, 30, doc.content_width - 60],
                  [["时间", "人员", "记录"], *rows], size=9, header_rows=1)
    pdf_bytes = doc.output()
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime

from fpdf import FPDF

from roster.exchange.exporters.fonts import FontFile, cjk_font
from roster.exchange.exporters.glyphs import glyphs_of

# fpdf2 logs the glyphs a font lacks as a bare line on stderr ("Font MPDFAA+... is
# missing"); :func:`roster.exchange.exporters.glyphs.unprintable` says it instead, naming
# the member and how to fix it, so fpdf2's line is dropped.
_FPDF_LOG = logging.getLogger("fpdf.output")
_FPDF_LOG.addHandler(logging.NullHandler())
_FPDF_LOG.propagate = False

__all__ = ["BLACK", "GREY", "LIGHT", "PT", "RED", "PdfDocument", "Rgb", "line_height"]

Rgb = tuple[int, int, int]
BLACK: Rgb = (0, 0, 0)
GREY: Rgb = (110, 110, 110)
LIGHT: Rgb = (235, 235, 235)
RED: Rgb = (190, 30, 30)

#: One typographic point in millimetres.
PT = 25.4 / 72
#: Where the baseline sits below the top of a line, as a fraction of the font size
#: (the CJK ideographs reach about 0.85 em above it, plus a little air).
_BASELINE = 0.92
#: Line height as a multiple of the font size.
_LEADING = 1.3


def line_height(size: float) -> float:
    """The height of one line of text at ``size`` points, in mm (no document needed)."""
    return size * PT * _LEADING


class PdfDocument:
    """An A4 document (landscape or portrait) that prints Chinese in the embedded font."""

    def __init__(self, *, landscape: bool = True, margin: float = 10.0, title: str = "",
                 author: str = "", subject: str = "", made_at: datetime | None = None,
                 font: FontFile | None = None) -> None:
        self._pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
        self._pdf.set_auto_page_break(False)
        self._pdf.set_margins(margin, margin, margin)
        self._pdf.set_creator("checkpoint-roster")
        self._pdf.set_producer("checkpoint-roster (fpdf2)")
        if title:
            self._pdf.set_title(title)
        if author:
            self._pdf.set_author(author)
        if subject:
            self._pdf.set_subject(subject)
        if made_at is not None:  # the document's date is the roster's "made at", not "now"
            self._pdf.set_creation_date(made_at)
        self._pdf.set_lang("zh-CN")
        font = font or cjk_font()
        self._pdf.add_font(font.family, "", str(font.path),
                           collection_font_number=font.index)
        self._family = font.family
        # Symbols the font prints blank (its ℃) are spelled another way (°C).
        self._glyphs = glyphs_of(font)
        self._pdf.set_font(font.family, size=10)
        self._size = 10.0
        # Widths of strings at 1 pt, measured from the font's advance widths: fpdf2's own
        # get_string_width parses markup and copies styles on every call, which was half
        # the time of a month of sheets. Names repeat on every page, so they are cached.
        self._advance: Mapping[int, float] | None = getattr(self._pdf.current_font, "cw", None)
        self._widths: dict[str, float] = {}
        self.margin = margin
        self.page_width: float = self._pdf.w
        self.page_height: float = self._pdf.h

    # --- the page box ---

    @property
    def left(self) -> float:
        return self.margin

    @property
    def top(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.page_width - self.margin

    @property
    def bottom(self) -> float:
        return self.page_height - self.margin

    @property
    def content_width(self) -> float:
        return self.right - self.left

    @property
    def page_count(self) -> int:
        return int(self._pdf.page)

    def add_page(self) -> None:
        self._pdf.add_page()

    # --- text ---

    def _use(self, size: float) -> None:
        if size != self._size:
            self._pdf.set_font_size(size)
            self._size = size

    def line_height(self, size: float) -> float:
        """The height of one line of text at ``size`` points, in mm."""
        return line_height(size)

    def text_width(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size`` points, in mm."""
        unit = self._widths.get(text)
        if unit is None:
            text = self._glyphs.printable(text)
            if self._advance is not None:
                advance = self._advance
                unit = sum(advance[ord(c)] for c in text) * 0.001 / self._pdf.k
            else:  # a font object without advance widths: ask fpdf2
                self._use(1.0)
                unit = float(self._pdf.get_string_width(text))
            self._widths[text] = unit
        return unit * size

    def text(self, x: float, y: float, text: str, *, size: float = 10.0, bold: bool = False,
             color: Rgb = BLACK, align: str = "left", width: float = 0.0) -> float:
        """Print one line with its top at ``y``; returns the ``y`` of the next line.

        ``align`` ``"center"`` or ``"right"`` places it within ``width`` starting at ``x``.
        """
        self._use(size)
        text = self._glyphs.printable(text)
        if align != "left" and width > 0:
            w = self.text_width(text, size)
            x = x + (width - w) / (2 if align == "center" else 1)
        baseline = y + size * PT * _BASELINE
        pdf = self._pdf
        if bold:
            # The packaged font has one weight: a thin outline stroke makes a heading bold.
            with pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.012,
                                   text_color=color, draw_color=color):
                pdf.text(x, baseline, text)
        elif color != BLACK:
            pdf.set_text_color(*color)
            pdf.text(x, baseline, text)
            pdf.set_text_color(*BLACK)
        else:
            pdf.text(x, baseline, text)
        return y + self.line_height(size)

    def lines(self, x: float, y: float, lines: Sequence[str], *, size: float = 10.0,
              color: Rgb = BLACK, align: str = "left", width: float = 0.0) -> float:
        """Print several lines downwards from ``y``; returns the ``y`` below the last."""
        for line in lines:
            y = self.text(x, y, line, size=size, color=color, align=align, width=width)
        return y

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` mm at ``size`` points.

        Breaks at spaces when it can (so a name is never split) and between any two
        characters when a run without spaces is too long (ordinary Chinese prose).
        Newlines in ``text`` always break.
        """
        out: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if self.text_width(candidate, size) <= width:
                    line = candidate
                    continue
                if line:
                    out.append(line)
                    line = ""
                if self.text_width(word, size) <= width:
                    line = word
                    continue
                for ch in word:
                    if line and self.text_width(line + ch, size) > width:
                        out.append(line)
                        line = ch
                    else:
                        line += ch
            out.append(line)
        return out

    def fit_size(self, text: str, width: float, size: float, smallest: float = 5.0) -> float:
        """The largest size up to ``size`` at which ``text`` fits on one line of ``width``."""
        while size > smallest and self.text_width(text, size) > width:
            size = max(smallest, size - 0.5)
        return size

    # --- lines and boxes ---

    def rect(self, x: float, y: float, w: float, h: float, *, fill: Rgb | None = None,
             stroke: Rgb | None = BLACK, line_width: float = 0.2) -> None:
        pdf = self._pdf
        style = ("F" if stroke is None else "DF") if fill is not None else "D"
        if fill is not None:
            pdf.set_fill_color(*fill)
        if stroke is not None:
            pdf.set_draw_color(*stroke)
            pdf.set_line_width(line_width)
        if fill is None and stroke is None:
            return
        pdf.rect(x, y, w, h, style=style)
        if stroke is not None and stroke != BLACK:
            pdf.set_draw_color(*BLACK)

    def hline(self, x1: float, x2: float, y: float, *, line_width: float = 0.2,
              color: Rgb = BLACK) -> None:
        pdf = self._pdf
        pdf.set_draw_color(*color)
        pdf.set_line_width(line_width)
        pdf.line(x1, y, x2, y)
        if color != BLACK:
            pdf.set_draw_color(*BLACK)

    # --- a flowing table ---

    def table(self, x: float, y: float, widths: Sequence[float],
              rows: Sequence[Sequence[str]], *, size: float = 9.0, header_rows: int = 1,
              header_fill: Rgb | None = LIGHT, padding: float = 1.2,
              bottom: float | None = None) -> float:
        """A ruled table whose cells wrap; returns the ``y`` below it.

        A row that does not fit above ``bottom`` (default: the bottom margin) goes to a
        new page, where the header rows are repeated. A page must already be open.
        """
        limit = self.bottom if bottom is None else bottom
        line_h = self.line_height(size)
        header = [list(r) for r in rows[:header_rows]]

        def laid(row: Sequence[str]) -> tuple[list[list[str]], float]:
            cells = [self.wrap(str(text), w - 2 * padding, size)
                     for text, w in zip(row, widths, strict=False)]
            height = max((len(c) for c in cells), default=1) * line_h + 2 * padding
            return cells, height

        def draw(row: Sequence[str], y: float, fill: Rgb | None) -> float:
            cells, height = laid(row)
            cx = x
            for cell, w in zip(cells, widths, strict=False):
                self.rect(cx, y, w, height, fill=fill)
                self.lines(cx + padding, y + padding, cell, size=size)
                cx += w
            return y + height

        for index, row in enumerate(rows):
            is_header = index < header_rows
            _, height = laid(row)
            if not is_header and y + height > limit and y > self.top + 1:
                self.add_page()
                y = self.top
                for h in header:
                    y = draw(h, y, header_fill)
            y = draw(row, y, header_fill if is_header else None)
        return y

    def output(self) -> bytes:
        return bytes(self._pdf.output())
