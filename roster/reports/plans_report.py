"""What ``check`` says besides problems (bundle v2): the wishes of the period, met and
unmet, and who stood in for a crew on a rotated shift. Never counted as problems."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from roster.checker import Report
from roster.domain.model import Bundle
from roster.i18n import say, weekday

_DAY = timedelta(days=1)


def _moment(value: datetime, tz: tzinfo, lang: str) -> str:
    local = value.astimezone(tz)
    return f"{local:%m-%d} {weekday(local.weekday(), lang)} {local:%H:%M}"


def _span(start: datetime, end: datetime, tz: tzinfo, lang: str) -> str:
    if end - start < _DAY:
        return f"{_moment(start, tz, lang)}–{end.astimezone(tz):%H:%M}"
    return f"{_moment(start, tz, lang)} – {_moment(end, tz, lang)}"


def wishes_line(report: Report, lang: str) -> Text | None:
    w = report.wishes
    if not w.met and not w.unmet:
        return None
    words = say(lang, "Wishes: {met} met, {unmet} not met (weight {met_weight} of {total} met).",
                met=w.met, unmet=w.unmet, met_weight=w.met_weight, total=w.total_weight)
    return Text(words, style="bold" if w.unmet else "green")


def plans_part(report: Report, bundle: Bundle, lang: str,
               limit: int | None) -> list[RenderableType]:
    """The wishes line, the unmet wishes and the substitutes, as far as there are any."""
    out: list[RenderableType] = []
    line = wishes_line(report, lang)
    if line is not None:
        out.append(line)
    tz = bundle.tz
    names = {m.id: m.name for m in bundle.members}
    if report.wishes.unmet_list:
        table = Table(title=say(lang, "Wishes not met"), box=box.SIMPLE_HEAD,
                      title_justify="left")
        for column in (say(lang, "Member"), say(lang, "When"), say(lang, "Wish"),
                       say(lang, "Weight"), say(lang, "Reason")):
            table.add_column(column)
        for u in report.wishes.unmet_list[:limit]:
            want = say(lang, "off") if u.wish.want == "off" else say(lang, "on duty")
            table.add_row(Text(names.get(u.member, u.member)),
                          _span(u.wish.start, u.wish.end, tz, lang), want, str(u.wish.weight),
                          Text(u.wish.reason))
        out.append(table)
    if report.substitutes:
        crews = {c.id: c.name or c.id for c in bundle.crews}
        cps = {c.id: c.name for c in bundle.checkpoints}
        table = Table(title=say(lang, "Substitutes on crew shifts"), box=box.SIMPLE_HEAD,
                      title_justify="left")
        for column in (say(lang, "Checkpoint"), say(lang, "When"), say(lang, "Crew"),
                       say(lang, "Member")):
            table.add_column(column)
        for x in report.substitutes[:limit]:
            table.add_row(Text(cps.get(x.checkpoint, x.checkpoint)),
                          _span(x.start, x.end, tz, lang), Text(crews.get(x.crew, x.crew)),
                          Text(names.get(x.member, x.member)))
        out.append(table)
    return out
