"""The printed roster as PDF: one A4 landscape page per checkpoint per week, for the wall.

What the page says comes from :mod:`roster.exchange.exporters.grid` (shared with HTML, XLSX, CSV
and TXT); this module only places it: the title, the week's grid with the names on each
shift, the contact list, the team lead's signature line, and a footer with the time the
sheet was made, its version stamp and the legend of the marks. A page shrinks its text
rather than spill onto a second sheet, because a roster on a wall is read as one sheet.
"""

from __future__ import annotations

from roster.domain.model import Bundle
from roster.exchange.exporters.crews import CrewLine
from roster.exchange.exporters.grid import (
    MARK_CHANGED,
    MARK_LOCKED,
    CheckpointGrid,
    Contact,
    Layout,
    build,
    heading,
    label,
)
from roster.exchange.exporters.pdfkit import BLACK, GREY, RED, PdfDocument, Rgb, line_height
from roster.exchange.exporters.selection import Selection

WEEK = 7
#: A4 landscape's height and the page margin (mm), as :class:`PdfDocument` sets them.
_PAGE_H, _MARGIN = 210.0, 10.0
_LABEL_COL = 26.0
_PAD = 1.2
_NIGHT_FILL: Rgb = (226, 232, 244)
_HOLIDAY_FILL: Rgb = (250, 226, 226)
_CHANGED_FILL: Rgb = (255, 243, 196)
_CLOSED_FILL: Rgb = (240, 240, 240)
_HEADER_FILL: Rgb = (232, 232, 232)
#: Rows grow into spare room up to this height (mm).
_MAX_ROW = 32.0


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    """Every checkpoint-week of the selection, one page each."""
    layout = build(bundle, selection, block_days=WEEK)
    doc = PdfDocument(landscape=True, title=f"{bundle.team.name} {label('title', lang)}",
                      author=bundle.team.name, subject=layout.period_text(lang),
                      made_at=selection.made_at)
    sheets = [(grid, chunk, more) for grid in layout.grids
              for more, chunk in enumerate(_contact_chunks(grid))]
    total = len(sheets)
    for number, (grid, chunk, more) in enumerate(sheets, start=1):
        doc.add_page()
        if more:
            _more_contacts(doc, layout, grid, chunk, lang, number, total)
        else:
            _page(doc, layout, grid, chunk, lang, number, total)
    return doc.output()


def page_count(layout: Layout, lang: str) -> int:
    """The pages :func:`render` prints for ``layout``: a page per checkpoint-week, and the
    continuation pages of long contact lists."""
    del lang
    return sum(len(_contact_chunks(grid)) for grid in layout.grids)


def _contact_chunks(grid: CheckpointGrid) -> list[tuple[Contact, ...]]:
    """The contacts under the grid, then as many continuation pages as the rest takes:
    everyone on the sheet keeps a phone line."""
    _, size, columns = _contacts_height(grid)
    # The crews' lines stand above the first page's list and take its rows.
    first = max(0, _rows_fitting(size) - len(grid.crews)) * columns
    later = max(columns, _rows_on_a_page(size) * columns)
    contacts = grid.contacts
    out = [contacts[:first]]
    rest = contacts[first:]
    while rest:
        out.append(rest[:later])
        rest = rest[later:]
    return out


def _rows_on_a_page(size: float) -> int:
    """Contact lines on a continuation page (below its title, above its footer)."""
    room = _PAGE_H - 2 * _MARGIN - line_height(16) - line_height(9) * 2 - 8
    return int(room // line_height(size))


def _title(doc: PdfDocument, layout: Layout, grid: CheckpointGrid, lang: str) -> float:
    """The page's title line (team, checkpoint, period); returns the ``y`` below it."""
    team, cp = layout.team, grid.checkpoint
    x0, y = doc.left, doc.top
    title = f"{team.name} · {cp.name} {label('title', lang)}"
    period = heading("period", lang) + grid.period_text(lang)
    period_w = doc.text_width(period, 11)
    title_size = doc.fit_size(title, doc.content_width - period_w - 6, 16, 10)
    doc.text(x0, y, title, size=title_size, bold=True)
    doc.text(doc.right - period_w, y + 1.5, period, size=11)
    return y + doc.line_height(16) + 0.5


def _more_contacts(doc: PdfDocument, layout: Layout, grid: CheckpointGrid,
                   contacts: tuple[Contact, ...], lang: str, number: int, total: int) -> None:
    """A continuation page: the title again and the rest of the contact list."""
    y = _title(doc, layout, grid, lang) + 2
    _, size, columns = _contacts_height(grid)
    _contacts(doc, contacts, lang, doc.left, y, doc.content_width, size, columns)
    _footer(doc, layout, grid, lang, number, total)


def _page(doc: PdfDocument, layout: Layout, grid: CheckpointGrid,
          contacts: tuple[Contact, ...], lang: str, number: int, total: int) -> None:
    team, cp = layout.team, grid.checkpoint
    x0 = doc.left
    width = doc.content_width

    # Title: team, checkpoint, period; then village and location.
    y = _title(doc, layout, grid, lang)
    where = " · ".join(p for p in (team.village,
                                   heading("location", lang) + cp.location
                                   if cp.location else "") if p)
    if where:
        doc.text(x0, y, where, size=9, color=GREY)
    y += doc.line_height(9) + 1.5

    footer_h = doc.line_height(8) + 1
    signature_h = 12.0
    contacts_h, contact_size, columns = _contacts_height(grid)
    room = doc.bottom - footer_h - signature_h - contacts_h - y - 3
    size, header_h, heights, cells = _fit_grid(doc, grid, lang, width, room)

    y = _grid(doc, grid, lang, x0, y, width, size, header_h, heights, cells)
    _contacts(doc, contacts, lang, x0, y + 3, width, contact_size, columns, grid.crews)

    # The team lead's signature and the date, then the footer.
    sig_y = doc.bottom - footer_h - signature_h + 3
    sig = heading("signature", lang).rstrip()
    doc.text(x0, sig_y, sig, size=10)
    sx = x0 + doc.text_width(sig, 10) + 2
    doc.hline(sx, sx + 60, sig_y + doc.line_height(10) - 0.8)
    date_label = heading("sign_date", lang).rstrip()
    dx = sx + 70
    doc.text(dx, sig_y, date_label, size=10)
    dx += doc.text_width(date_label, 10) + 2
    doc.hline(dx, dx + 40, sig_y + doc.line_height(10) - 0.8)
    _footer(doc, layout, grid, lang, number, total)


def _footer(doc: PdfDocument, layout: Layout, grid: CheckpointGrid, lang: str, number: int,
            total: int) -> None:
    """Made at, the version, the legend of the marks, the page number."""
    x0, width = doc.left, doc.content_width
    fy = doc.bottom - doc.line_height(8)
    made = layout.made_text()
    left = " · ".join(p for p in (
        f"{label('made_at', lang)} {made}" if made else "",
        f"{label('stamp', lang)} {grid.stamp}") if p)
    doc.text(x0, fy, left, size=8, color=GREY)
    legend = []
    if grid.compared:
        legend.append(f"{MARK_CHANGED} {label('changed', lang)}")
    if grid.has_locked:
        legend.append(f"{MARK_LOCKED} {label('locked', lang)}")
    doc.text(x0, fy, "    ".join(legend), size=8, color=GREY, align="center", width=width)
    doc.text(x0, fy, label("page", lang, n=number, total=total), size=8, color=GREY,
             align="right", width=width)


#: The contact list under the grid takes at most this height (mm); the rest of a longer
#: list goes on a continuation page.
_CONTACTS_MAX = 48.0


def _contacts_height(grid: CheckpointGrid) -> tuple[float, float, int]:
    """Height, font size and columns of the contact list (smaller when it is long)."""
    count = len(grid.contacts)
    if not count and not grid.crews:
        return 0.0, 8.0, 1
    size, columns = (8.5, 5) if count <= 30 else (7.5, 6) if count <= 54 else (6.5, 7)
    title = line_height(9) + 1
    rows = min(-(-count // columns) + len(grid.crews), _rows_fitting(size))
    return title + rows * line_height(size), size, columns


def _rows_fitting(size: float) -> int:
    return int((_CONTACTS_MAX - line_height(9) - 1) // line_height(size))


#: A cell's wrapped lines, each with whether it says what is missing (printed in red).
_Lines = list[tuple[str, bool]]


def _fit_grid(doc: PdfDocument, grid: CheckpointGrid, lang: str, width: float,
              room: float) -> tuple[float, float, list[float], dict[tuple[int, int], _Lines]]:
    """The largest text size (10 pt down to 6) at which the grid fits in ``room`` mm."""
    col = (width - _LABEL_COL) / WEEK
    size = 13.0
    while True:
        cells: dict[tuple[int, int], _Lines] = {}
        heights: list[float] = []
        line_h = doc.line_height(size)
        for row in grid.rows:
            lines_needed = 2
            for d, day in enumerate(grid.days):
                cell = grid.cell(day.date, row.template)
                if cell is None:
                    continue
                wrapped: _Lines = []
                lines = cell.lines(lang)
                short = bool(cell.missing or cell.missing_standby)
                for i, line in enumerate(lines):
                    red = short and i == len(lines) - 1
                    wrapped.extend((part, red) for part in doc.wrap(line, col - 2 * _PAD, size))
                cells[(d, row.template)] = wrapped
                lines_needed = max(lines_needed, len(wrapped))
            heights.append(lines_needed * line_h + 2 * _PAD)
        header_h = 2 * doc.line_height(9) + 2 * _PAD
        if header_h + sum(heights) <= room or size <= 6:
            # Spare room goes to the rows (up to a generous cell), for names read from afar.
            spare = max(0.0, room - header_h - sum(heights))
            heights = [min(max(h, _MAX_ROW), h + spare / len(heights)) for h in heights]
            return size, header_h, heights, cells
        size -= 0.5


def _grid(doc: PdfDocument, grid: CheckpointGrid, lang: str, x0: float, y: float,
          width: float, size: float, header_h: float, heights: list[float],
          cells: dict[tuple[int, int], _Lines]) -> float:
    col = (width - _LABEL_COL) / WEEK
    # Header: the shift column, then the dates.
    doc.rect(x0, y, _LABEL_COL, header_h, fill=_HEADER_FILL)
    doc.text(x0 + _PAD, y + _PAD, label("shift", lang), size=9)
    for d, day in enumerate(grid.days):
        x = x0 + _LABEL_COL + d * col
        doc.rect(x, y, col, header_h, fill=_HOLIDAY_FILL if day.holiday else _HEADER_FILL)
        second = day.weekday(lang)
        if day.holiday:
            second = f"{second} · {label('holiday', lang)}"
        doc.lines(x, y + _PAD, [day.short(lang), second], size=9, align="center", width=col)
    y += header_h
    for r, row in enumerate(grid.rows):
        h = heights[r]
        doc.rect(x0, y, _LABEL_COL, h, fill=_NIGHT_FILL if row.night else _HEADER_FILL)
        head = [row.label()]
        if row.night:
            head.append(label("night", lang))
        doc.lines(x0 + _PAD, y + (h - len(head) * doc.line_height(10)) / 2, head, size=10)
        for d, day in enumerate(grid.days):
            x = x0 + _LABEL_COL + d * col
            cell = grid.cell(day.date, row.template)
            if cell is None:
                doc.rect(x, y, col, h, fill=_CLOSED_FILL)
                doc.text(x, y + _PAD, label("closed", lang), size=8, color=GREY,
                         align="center", width=col)
                continue
            fill = _CHANGED_FILL if cell.changed else (_NIGHT_FILL if row.night else None)
            doc.rect(x, y, col, h, fill=fill)
            lines = cells[(d, row.template)]
            ly = y + max(_PAD, (h - len(lines) * doc.line_height(size)) / 2)
            for line, red in lines:
                ly = doc.text(x + _PAD, ly, line, size=size, color=RED if red else BLACK)
        y += h
    return y


def _contacts(doc: PdfDocument, contacts: tuple[Contact, ...], lang: str, x0: float,
              y: float, width: float, size: float, columns: int,
              crews: tuple[CrewLine, ...] = ()) -> float:
    if not contacts and not crews:
        return y
    doc.text(x0, y, label("contacts", lang), size=9, bold=True)
    y += doc.line_height(9) + 1
    col = width / columns
    line_h = doc.line_height(size)
    for crew in crews:  # each crew on a line of its own: who holds which turns
        text = crew.text(lang)
        doc.text(x0, y, text, size=doc.fit_size(text, width - 2, size, 5.5))
        y += line_h
    texts = []
    for c in contacts:
        name = f"{label('lead', lang)} {c.name}" if c.lead else c.name
        texts.append(f"{name}  {c.phone}" if c.phone else name)
    for i, text in enumerate(texts):
        x = x0 + (i % columns) * col
        ly = y + (i // columns) * line_h
        doc.text(x, ly, text, size=doc.fit_size(text, col - 2, size, 5.5))
    rows = -(-len(texts) // columns)
    return y + rows * line_h
