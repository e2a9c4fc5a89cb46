"""The county roll-up as HTML pages to print: A4 landscape, one row per team, each
township's teams under its subtotal row, the county and township totals first.

The pages are laid out here, not left to the browser: every row has a fixed height and a
page holds :data:`ROWS_PER_PAGE` of them under a repeated title and header, so the sum of
the boxes (:func:`page_height_mm`) fits the A4 page and a printed report never splits a
row or drops the header. Text that would not fit its cell is cut with an ellipsis (the
whole text is in the cell's ``title``). Every text comes from files others wrote, so each
goes through :func:`html.escape`; there is no script.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from roster.county import RollUp, TeamFigures, Totals
from roster.domain.timeutil import zone
from roster.i18n import say
from roster.reports.county_report import (
    COLUMNS,
    by_township,
    figures,
    left_out,
    title,
    township_name,
)

__all__ = ["COLUMN_MM", "PAGE_MM", "ROWS_PER_PAGE", "page_height_mm", "paginate",
           "render_html"]

#: The printable box of A4 landscape with 10 mm margins.
PAGE_MM = (277.0, 190.0)
TITLE_MM, HEAD_MM, ROW_MM, FOOT_MM = 16.0, 11.0, 6.2, 6.0
ROWS_PER_PAGE = 25
#: Column widths: township, village, team, the figures, exported at.
COLUMN_MM = (24.0, 22.0, 44.0, *(14.5,) * len(COLUMNS), 26.0)


def page_height_mm(rows: int = ROWS_PER_PAGE) -> float:
    return TITLE_MM + HEAD_MM + rows * ROW_MM + FOOT_MM


_CSS = f"""
@page {{ size: A4 landscape; margin: 10mm; }}
* {{ box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; color: #000; font-family: "Noto Sans SC", "Source Han Sans SC",
  "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif; }}
.page {{ width: {PAGE_MM[0]}mm; height: {PAGE_MM[1]}mm; overflow: hidden;
  break-after: page; page-break-after: always; }}
.page:last-child {{ break-after: auto; page-break-after: auto; }}
@media screen {{
  body {{ background: #ccc; }}
  .page {{ background: #fff; margin: 8mm auto; padding: 10mm; width: 297mm; height: 210mm;
    box-shadow: 0 1mm 3mm rgba(0, 0, 0, .3); }}
}}
header {{ height: {TITLE_MM}mm; }}
h1 {{ font-size: 14pt; margin: 0; }}
.made {{ font-size: 8pt; color: #6e6e6e; }}
table {{ border-collapse: collapse; table-layout: fixed; width: {sum(COLUMN_MM)}mm;
  font-size: 8pt; }}
th, td {{ border: .25mm solid #000; padding: 0 1mm; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }}
thead th {{ height: {HEAD_MM}mm; background: #e8e8e8; font-weight: normal;
  white-space: normal; line-height: 1.1; }}
td {{ height: {ROW_MM}mm; }}
td.n {{ text-align: right; }}
tr.sum td {{ background: #e8e8e8; font-weight: bold; }}
tr.county td {{ background: #d0d0d0; font-weight: bold; }}
tr.note td {{ border: none; }}
td.bad {{ color: #be1e1e; font-weight: bold; }}
footer {{ height: {FOOT_MM}mm; font-size: 8pt; color: #6e6e6e; text-align: right;
  padding-top: 1mm; }}
"""


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "county", "sum" (a township), "team", "note", "gap" (an empty spacer)
    cells: tuple[str, ...] = ()
    bad: bool = False


def _cells(head: tuple[str, str, str], source: TeamFigures | Totals, exported: str) -> _Row:
    values = tuple(str(v) for v in figures(source))
    return _Row("team", (*head, *values, exported))


def _rows(rollup: RollUp, lang: str) -> list[_Row]:
    """Every row of the report in order: the totals, then each township's teams."""
    total = rollup.total
    teams_word = say(lang, "{teams} team(s)", teams=total.teams)
    rows = [_Row("county", _cells((say(lang, "county", context="county column"), "",
                                   teams_word), total, "").cells)]
    for name, sums, _ in by_township(rollup):
        rows.append(_Row("sum", _cells((township_name(name, lang), "",
                                        say(lang, "{teams} team(s)", teams=sums.teams)),
                                       sums, "").cells))
    for name, sums, teams in by_township(rollup):
        rows.append(_Row("gap"))
        rows.append(_Row("sum", _cells((township_name(name, lang), "",
                                        say(lang, "{teams} team(s)", teams=sums.teams)),
                                       sums, "").cells))
        for t in teams:
            exported = ("" if t.exported_at is None
                        else f"{t.exported_at.astimezone(zone(t.timezone)):%m-%d %H:%M}")
            row = _cells((township_name(t.township, lang), t.village, t.team), t, exported)
            rows.append(_Row("team", row.cells, bad=t.problems > 0))
    for heading, items in left_out(rollup, lang):
        rows.append(_Row("gap"))
        rows += [_Row("note", (heading,)), *(_Row("note", (item,)) for item in items)]
    return rows


def _tr(row: _Row) -> str:
    e = escape
    if row.kind == "gap":
        return f'<tr class="note"><td colspan="{len(COLUMN_MM)}"></td></tr>'
    if row.kind == "note":
        text = e(row.cells[0])
        return f'<tr class="note"><td colspan="{len(COLUMN_MM)}" title="{text}">{text}</td></tr>'
    cells = []
    last_figure = 3 + len(COLUMNS) - 1
    for i, c in enumerate(row.cells):
        cls = "n" if 3 <= i <= last_figure else ""
        if i == last_figure and row.bad:
            cls += " bad"
        cells.append(f'<td class="{cls.strip()}" title="{e(c)}">{e(c)}</td>' if cls
                     else f'<td title="{e(c)}">{e(c)}</td>')
    kind = "" if row.kind == "team" else f' class="{row.kind}"'
    return f"<tr{kind}>{''.join(cells)}</tr>"


def _head(lang: str) -> str:
    words = [say(lang, "township", context="county column"),
             say(lang, "village", context="county column"),
             say(lang, "team", context="county column"),
             *(say(lang, w, context="county column") for _, w in COLUMNS),
             say(lang, "exported at", context="county column")]
    cols = "".join(f'<col style="width: {w}mm">' for w in COLUMN_MM)
    return (f"<colgroup>{cols}</colgroup>\n<thead><tr>"
            + "".join(f"<th>{escape(w)}</th>" for w in words) + "</tr></thead>")


def paginate(rows: list[_Row], per_page: int = ROWS_PER_PAGE) -> list[list[_Row]]:
    """Rows into pages of at most ``per_page``; a block (after a spacer) starts a new page
    rather than leave its subtotal or heading alone at the foot of one."""
    pages: list[list[_Row]] = [[]]
    for row in rows:
        page = pages[-1]
        if row.kind == "gap" and (not page or len(page) + 3 > per_page):
            if page:
                pages.append([])
            continue
        if len(page) == per_page:
            pages.append([])
        pages[-1].append(row)
    return pages


def render_html(rollup: RollUp, lang: str) -> bytes:
    heading, made = title(rollup, lang)
    pages = paginate(_rows(rollup, lang))
    head = _head(lang)
    out = ["<!DOCTYPE html>", f'<html lang="{"en" if lang == "en" else "zh-CN"}">', "<head>",
           '<meta charset="utf-8">', '<meta name="generator" content="checkpoint-roster">',
           f"<title>{escape(heading)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>"]
    for n, page in enumerate(pages, start=1):
        out += [f'<section class="page" data-rows="{len(page)}">',
                f'<header><h1>{escape(heading)}</h1><div class="made">{escape(made)}</div>'
                "</header>",
                f"<table>{head}<tbody>", *(_tr(r) for r in page), "</tbody></table>",
                f"<footer>{n} / {len(pages)}</footer>", "</section>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
