"""The printed HTML, parsed back: one page section per checkpoint-week, print CSS, escaping."""

from __future__ import annotations

from html.parser import HTMLParser

from roster.exchange.exporters import EXPORTERS
from roster.exchange.exporters.grid import build
from tests.unit.exchange.export_team import FORMULA_NAME, HTML_NAME, period_selection, team


class Page(HTMLParser):
    """Collects the page sections, every tag seen and the text of the document."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def parsed(lang: str = "zh") -> Page:
    b = team()
    page = Page()
    page.feed(EXPORTERS["html"].render(b, period_selection(b, 14), lang).decode("utf-8"))
    page.close()
    return page


def test_a_page_per_checkpoint_week_with_print_css() -> None:
    b = team()
    page = parsed()
    grids = build(b, period_selection(b, 14), block_days=7).grids
    assert [(s["data-checkpoint"], s["data-first"], s["data-stamp"]) for s in page.sections] == [
        (g.checkpoint.id, g.first.isoformat(), g.stamp) for g in grids]
    assert "@page { size: A4 landscape" in page.style
    assert "break-after: page" in page.style and "page-break-after: always" in page.style
    text = "".join(page.text)
    for words in ("东王村驻村工作队", "北口卡点", "张建国", "李秀英", "带班领导签字", "缺1人",
                  "节假日", "夜班"):
        assert words in text


def test_everything_printed_is_escaped() -> None:
    page = parsed("en")
    text = "".join(page.text)
    # The hostile name and location come back as text, not as markup.
    assert HTML_NAME in text and FORMULA_NAME in text and "北口 & 桥头 <东>" in text
    assert "b" not in page.tags and "script" not in page.tags
    assert "Team lead's signature" in text
