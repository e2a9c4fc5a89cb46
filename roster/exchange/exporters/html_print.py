"""The printed roster as one HTML file that prints the same pages as the PDF from a browser.

For an office whose printer is easier to reach from a browser, or to look at a week
before printing. Each checkpoint-week is a ``<section class="page">`` sized to A4
landscape with a page break after it (``@page`` and ``break-after`` print CSS); the
content is the same grid as the PDF (:mod:`roster.exchange.exporters.grid`). Every text printed
comes from users (names, notes, checkpoint names), so every one goes through
:func:`html.escape`; there is no script in the page.
"""

from __future__ import annotations

from html import escape

from roster.domain.model import Bundle
from roster.exchange.exporters.crews import CrewLine
from roster.exchange.exporters.grid import (
    MARK_CHANGED,
    MARK_LOCKED,
    Cell,
    CheckpointGrid,
    Contact,
    Layout,
    OnShift,
    build,
    heading,
    label,
)
from roster.exchange.exporters.selection import Selection

WEEK = 7
#: The page box arithmetic (mm): A4 landscape less the margins is the printable box; the
#: table is kept a little narrower than it so that its outer border (half of which lies
#: outside a collapsed table's width) is printed whole.
PAGE_W, PAGE_H, MARGIN = 297, 210, 10
BOX_W, BOX_H = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
BORDER = 0.25
TABLE_W = BOX_W - 2
SHIFT_W = 26
#: A name longer than this (characters) may not fit a day's column and may break inside.
_LONG_NAME = 7
#: Contact lines per column and columns under the grid; more go on continuation pages.
_CONTACT_COLS = 6
_LINE_MM = 3.6

_CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; font-family: "Noto Sans SC", "Source Han Sans SC",
  "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; }
.page { width: 277mm; min-height: 189mm; display: flex; flex-direction: column;
  break-after: page; page-break-after: always; overflow: visible; }
.page:last-child { break-after: auto; page-break-after: auto; }
@media screen {
  body { background: #ccc; }
  .page { background: #fff; margin: 8mm auto; padding: 10mm; width: 297mm; min-height: 210mm;
    box-shadow: 0 1mm 3mm rgba(0, 0, 0, .3); }
}
header { display: flex; justify-content: space-between; align-items: baseline; }
h1 { font-size: 16pt; margin: 0; }
.period { font-size: 11pt; }
.where { font-size: 9pt; color: #6e6e6e; margin: 1mm 0 2mm; }
table.grid { border-collapse: collapse; table-layout: fixed; font-size: 12pt; }
table.grid th, table.grid td { border: .25mm solid #000; padding: 1.2mm; }
table.grid thead th { background: #e8e8e8; font-size: 9pt; font-weight: normal; }
table.grid th.shift { width: 26mm; text-align: left; font-size: 10pt; font-weight: normal;
  background: #e8e8e8; }
table.grid td { height: 22mm; vertical-align: middle; overflow-wrap: anywhere; }
.name { white-space: nowrap; }
.name.long { white-space: normal; overflow-wrap: anywhere; }
.night { background: #e2e8f4 !important; }
th.holiday { background: #fae2e2 !important; }
td.changed { background: #fff3c4 !important; }
td.closed { background: #f0f0f0; color: #6e6e6e; text-align: center; font-size: 8pt; }
.short { color: #be1e1e; }
.contacts h2 { font-size: 9pt; margin: 3mm 0 1mm; }
.contacts ul { list-style: none; margin: 0; padding: 0; columns: 6; font-size: 8pt;
  line-height: 3.6mm; }
.contacts li { break-inside: avoid; overflow-wrap: anywhere; }
.signature { margin-top: auto; font-size: 10pt; padding-bottom: 3mm; }
.signature span { display: inline-block; border-bottom: .25mm solid #000; width: 60mm;
  margin-right: 10mm; }
footer { display: flex; justify-content: space-between; font-size: 8pt; color: #6e6e6e; }
"""


def render(bundle: Bundle, selection: Selection, lang: str) -> bytes:
    layout = build(bundle, selection, block_days=WEEK)
    title = f"{bundle.team.name} {label('title', lang)} {layout.period_text(lang)}"
    sheets = [(grid, chunk, more) for grid in layout.grids
              for more, chunk in enumerate(contact_pages(grid, lang))]
    total = len(sheets)
    pages = [_page(layout, grid, chunk, more > 0, lang, n, total)
             for n, (grid, chunk, more) in enumerate(sheets, start=1)]
    doc = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="generator" content="checkpoint-roster">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *pages,
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(doc).encode("utf-8")


def _cell_lines(cell: Cell | None, lang: str) -> int:
    """How many printed lines a cell needs (12 pt, about seven Chinese characters a line)."""
    if cell is None:
        return 1
    return sum(max(1, -(-len(line) // _LONG_NAME)) for line in cell.lines(lang))


def _grid_height(grid: CheckpointGrid, lang: str) -> float:
    """The table's height in mm, each row as tall as its fullest cell."""
    height = 14.0
    for row in grid.rows:
        lines = max((_cell_lines(grid.cell(d.date, row.template), lang) for d in grid.days),
                    default=1)
        height += max(22.0, lines * 5.2 + 3)
    return height


def page_count(layout: Layout, lang: str) -> int:
    """The pages :func:`render` prints for ``layout`` (continuation pages included)."""
    return sum(len(contact_pages(grid, lang)) for grid in layout.grids)


def contact_pages(grid: CheckpointGrid, lang: str) -> list[tuple[Contact, ...]]:
    """The contact list split over the grid's page and as many continuation pages as it
    takes: every member on the sheet gets their phone line."""
    fixed = 45.0  # heading, location, contacts title, signature, footer
    crews = len(grid.crews) * _LINE_MM  # the crews' lines stand above the first page's list
    first = max(0, int((BOX_H - fixed - crews - _grid_height(grid, lang)) // _LINE_MM)) \
        * _CONTACT_COLS
    later = int((BOX_H - fixed) // _LINE_MM) * _CONTACT_COLS
    contacts = grid.contacts
    out = [contacts[:first]]
    rest = contacts[first:]
    while rest:
        out.append(rest[:later])
        rest = rest[later:]
    return out


def _page(layout: Layout, grid: CheckpointGrid, contacts: tuple[Contact, ...], more: bool,
          lang: str, number: int, total: int) -> str:
    team, cp = layout.team, grid.checkpoint
    e = escape
    cls = "page contacts-more" if more else "page"
    out: list[str] = [
        f'<section class="{cls}" data-checkpoint="{e(cp.id)}" '
        f'data-first="{grid.first.isoformat()}" data-stamp="{grid.stamp}">',
        "<header>",
        f"<h1>{e(team.name)} · {e(cp.name)} {e(label('title', lang))}</h1>",
        f'<div class="period">{e(heading("period", lang) + grid.period_text(lang))}</div>',
        "</header>",
    ]
    where = " · ".join(p for p in (team.village, heading("location", lang) + cp.location
                                   if cp.location else "") if p)
    out.append(f'<div class="where">{e(where)}</div>')
    if not more:
        out.extend(_table(grid, lang))
    out.extend(_contacts(contacts, () if more else grid.crews, lang))
    if not more:
        out.append(f'<div class="signature">{e(heading("signature", lang))}<span></span>'
                   f'{e(heading("sign_date", lang))}<span style="width: 40mm"></span></div>')
    out.append(_footer(layout, grid, lang, number, total))
    out.append("</section>")
    return "\n".join(out)


def _table(grid: CheckpointGrid, lang: str) -> list[str]:
    """The grid of days across and shifts down, columns sized for A4 landscape."""
    e = escape
    col = round((TABLE_W - SHIFT_W) / WEEK, 2)
    width = round(SHIFT_W + len(grid.days) * col, 2)
    out = [f'<table class="grid" style="width: {width}mm">']
    day_cols = "".join(f'<col style="width: {col}mm">' for _ in grid.days)
    out.append(f'<colgroup><col style="width: {SHIFT_W}mm">{day_cols}</colgroup>')
    heads = [f'<th class="shift">{e(label("shift", lang))}</th>']
    for day in grid.days:
        second = day.weekday(lang)
        if day.holiday:
            second = f"{second} · {label('holiday', lang)}"
        cls = ' class="holiday"' if day.holiday else ""
        heads.append(f"<th{cls}>{e(day.short(lang))}<br>{e(second)}</th>")
    out.append(f"<thead><tr>{''.join(heads)}</tr></thead>")
    out.append("<tbody>")
    for row in grid.rows:
        night = " night" if row.night else ""
        cells = [f'<th class="shift{night}">{e(row.label())}'
                 + (f"<br>{e(label('night', lang))}" if row.night else "") + "</th>"]
        cells += [_cell(grid.cell(day.date, row.template), row.night, lang) for day in grid.days]
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return out


def _names(people: tuple[OnShift, ...]) -> str:
    """Each name in its own span that does not break (a line breaks between names only);
    a name too long for the column may break inside rather than run into the next cell."""
    out = []
    for p in people:
        text = p.label()
        cls = "name long" if len(text) > _LONG_NAME else "name"
        out.append(f'<span class="{cls}">{escape(text)}</span>')
    return " ".join(out)


def _cell(cell: Cell | None, night: bool, lang: str) -> str:
    e = escape
    if cell is None:
        return f'<td class="closed">{e(label("closed", lang))}</td>'
    classes = [c for c in ("night" if night else "", "changed" if cell.changed else "") if c]
    lines: list[str] = []
    if cell.crew:  # a rotated shift names the crew whose turn it is
        lines.append(e(label("crew", lang, crew=cell.crew)))
    if cell.duty:
        lines.append(_names(cell.duty))
    if cell.standby:
        lines.append(e(heading("standby", lang)) + _names(cell.standby))
    plain = cell.lines(lang, marks=False)
    short = bool(cell.missing or cell.missing_standby)
    if short:
        lines.append(f'<span class="short">{e(plain[-1])}</span>')
    if not lines:
        lines.append(e(plain[0]))
    if cell.changed:
        lines[0] = e(MARK_CHANGED) + lines[0]
    attr = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{attr}>{''.join(f'<div>{line}</div>' for line in lines)}</td>"


def _contacts(contacts: tuple[Contact, ...], crews: tuple[CrewLine, ...],
              lang: str) -> list[str]:
    e = escape
    if not contacts and not crews:
        return []
    out = [f'<div class="contacts"><h2>{e(label("contacts", lang))}</h2>']
    if crews:  # each crew on a line of its own: who holds which turns
        out.append('<div class="crews">' + "<br>".join(e(c.text(lang)) for c in crews)
                   + "</div>")
    out.append("<ul>")
    for c in contacts:
        name = f"{label('lead', lang)} {c.name}" if c.lead else c.name
        out.append(f'<li><span class="name">{e(name)}</span> {e(c.phone)}</li>')
    out.append("</ul></div>")
    return out


def _footer(layout: Layout, grid: CheckpointGrid, lang: str, number: int, total: int) -> str:
    e = escape
    made = layout.made_text()
    left = " · ".join(p for p in (f"{label('made_at', lang)} {made}" if made else "",
                                  f"{label('stamp', lang)} {grid.stamp}") if p)
    legend = []
    if grid.compared:
        legend.append(f"{MARK_CHANGED} {label('changed', lang)}")
    if grid.has_locked:
        legend.append(f"{MARK_LOCKED} {label('locked', lang)}")
    return (f"<footer><span>{e(left)}</span><span>{e('　'.join(legend))}</span>"
            f"<span>{e(label('page', lang, n=number, total=total))}</span></footer>")
