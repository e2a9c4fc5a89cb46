"""Bringing in the member list a county sends as a spreadsheet.

Team leads get their cadres as an Excel file or a CSV saved from one, with Chinese
headers in whatever wording the office used (姓名, 手机号码, 派出单位, 政治面貌...), a
title row above the header, phone numbers that Excel turned into numbers, and the odd
duplicate. This module turns such a file into clean rows, a list of every bad row with
its spreadsheet row number and the reason, and a plan against the team's current
members (match by phone, then by name, so nobody already there is added twice). It is
pure apart from reading the file: the CLI (``roster import-members``) and the People
screen show the preview and apply the plan through ``Store.update`` themselves.

    result = read_file(path)                   # rows + problems (row numbers as in Excel)
    preview = plan_import(bundle, result.rows) # what would be added / updated, + problems
    new_bundle, preview = apply_import(bundle, result.rows)  # inside Store.update
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from roster.domain.errors import UserError
from roster.domain.messages import Message, msg
from roster.domain.model import Bundle, Member
from roster.domain.phone import normalise_phone
from roster.exchange.member_files import csv_rows, read_bytes, xlsx_rows
from roster.i18n import tag_ids

__all__ = [
    "FIELDS",
    "ImportRow",
    "Plan",
    "PlanItem",
    "ReadResult",
    "RowProblem",
    "apply_import",
    "normalise_phone",
    "plan_import",
    "read_csv_bytes",
    "read_file",
    "read_rows",
]

#: Header words per field, compared after :func:`_header_key` (case, spaces, ``*`` and
#: bracketed remarks like ``（必填）`` ignored).
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "人员姓名", "干部姓名", "name", "fullname", "membername"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系电话", "联系方式", "电话号码",
              "移动电话", "phone", "mobile", "tel", "telephone", "phonenumber"),
    "unit": ("单位", "派出单位", "工作单位", "所在单位", "原单位", "unit", "organization",
             "organisation", "department", "employer"),
    "party": ("党员", "是否党员", "政治面貌", "party", "partymember"),
    "tags": ("标签", "资质", "技能", "特长", "tags", "skills", "qualifications"),
    "no_nights": ("不排夜班", "免夜班", "不值夜班", "nonights", "no_nights"),
}
_HEADER_SCAN_ROWS = 10
_YES = {"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "党员", "中共党员", "中共预备党员",
        "预备党员"}
_NO = {"否", "无", "不是", "×", "n", "no", "false", "0", "群众", "团员", "共青团员",
       "民主党派", "无党派", "无党派人士", "-", ""}
_TAG_SPLIT = re.compile(r"[,，、;；/\s]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")

Action = Literal["add", "update", "same"]


# --- what comes out ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bad row: its number as the spreadsheet shows it, and why."""

    row: int
    message: Message

    @property
    def words(self) -> Message:
        """"row 5: ..." as a message, for the CLI and the TUI to render."""
        return msg("row {row}: {problem}", row=self.row, problem=self.message)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One clean row of the file."""

    row: int
    name: str
    phone: str = ""
    unit: str = ""
    tags: tuple[str, ...] = ()
    no_nights: bool = False


@dataclass(frozen=True, slots=True)
class ReadResult:
    source: str
    rows: tuple[ImportRow, ...]
    problems: tuple[RowProblem, ...]
    #: Field -> the header text it was read from.
    columns: dict[str, str] = field(default_factory=dict)
    #: Headers that matched no field (reported, not read).
    ignored: tuple[str, ...] = ()
    header_row: int = 1
    #: Rows left out on purpose, with why (a form's footer: 填表人：… 联系电话：…).
    skipped: tuple[RowProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanItem:
    row: ImportRow
    action: Action
    member_id: str
    #: For updates: what changes, e.g. ``("phone", "unit")``.
    changes: tuple[str, ...] = ()
    #: ``"phone"`` or ``"name"`` when it matched a member already in the team.
    matched_by: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    items: tuple[PlanItem, ...]
    problems: tuple[RowProblem, ...]
    bundle: Bundle

    def count(self, action: Action) -> int:
        return sum(1 for i in self.items if i.action == action)

    @property
    def changes_anything(self) -> bool:
        return any(i.action != "same" for i in self.items)


# --- reading ----------------------------------------------------------------------------------


def read_file(path: Path) -> ReadResult:
    """Read a .csv or .xlsx member list; :class:`UserError` when it cannot be read at all."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return read_rows(xlsx_rows(path), str(path))
        if suffix == ".xls":
            raise UserError(msg("{path}: the old Excel format (.xls) is not supported; open it in "
                                "Excel or WPS and save it as .xlsx or .csv",
                                path=path))
        if suffix in (".csv", ".txt", ".tsv", ""):
            return read_csv_bytes(read_bytes(path), str(path))
    except FileNotFoundError:
        raise UserError(msg("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise UserError(msg("{path}: is a folder, not a file", path=path)) from None
    except PermissionError:
        raise UserError(msg("{path}: cannot be read (permission denied)", path=path)) from None
    raise UserError(msg("{path}: expected a .csv or .xlsx file", path=path))


def read_csv_bytes(data: bytes, source: str) -> ReadResult:
    """CSV as Excel, WPS or a script saves it: UTF-8 (with or without BOM) or GBK/GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise UserError(msg("{source}: neither UTF-8 nor GBK text", source=source))
    return read_rows(csv_rows(text, source), source)


def _cell_text(value: object) -> str:
    """A spreadsheet value as text: 13800138000.0 as ``13800138000``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _header_key(text: str) -> str:
    text = re.sub(r"[（(【\[].*?[）)】\]]", "", text)
    return re.sub(r"[\s*＊:：_\-]", "", text).lower()


_HEADER_INDEX = {_header_key(word): name for name, words in FIELDS.items() for word in words}


def _header_row(table: list[list[str]], source: str) -> int:
    """Where the header is: the first of the top rows with a name column."""
    header_at = next((i for i, row in enumerate(table[:_HEADER_SCAN_ROWS])
                      if any(_HEADER_INDEX.get(_header_key(c)) == "name" for c in row)), None)
    if header_at is None:
        names = "/".join((*FIELDS["name"][:2], "name"))
        raise UserError(msg("{source}: no header row with a name column ({names}) in the first "
                            "{rows} rows",
                            source=source, names=names, rows=_HEADER_SCAN_ROWS))
    return header_at


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index for the headers we know; the texts of the others."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, text in enumerate(header):
        name = _HEADER_INDEX.get(_header_key(text))
        if name is not None and name not in columns:
            columns[name] = index
        elif text:
            ignored.append(text)
    return columns, ignored


def read_rows(rows: Sequence[Sequence[object]], source: str) -> ReadResult:
    """Rows of cells (the first few may be a title) -> clean rows and bad rows."""
    table = [[_cell_text(v) for v in row] for row in rows]
    header_at = _header_row(table, source)
    columns, ignored = _columns(table[header_at])

    out: list[ImportRow] = []
    problems: list[RowProblem] = []
    by_phone: dict[str, int] = {}
    by_name: dict[str, list[ImportRow]] = {}
    skipped: list[RowProblem] = []
    for offset, cells in enumerate(table[header_at + 1:], start=header_at + 2):
        if not any(cells):
            continue
        if _is_footer(cells):
            skipped.append(RowProblem(offset, msg(
                "row {row} skipped: it is the form's footer ({text}), not a member",
                row=offset, text=" ".join(c for c in cells if c)[:60])))
            continue

        def get(name: str, cells: list[str] = cells) -> str:
            i = columns.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        row, bad = _row(offset, get)
        if bad is not None:
            problems.append(bad)
            continue
        assert row is not None
        dup = _duplicate(row, by_phone, by_name)
        if dup is not None:
            problems.append(dup)
            continue
        if row.phone:
            by_phone[row.phone] = row.row
        by_name.setdefault(row.name, []).append(row)
        out.append(row)
    return ReadResult(source, tuple(out), tuple(problems),
                      {k: table[header_at][i] for k, i in columns.items()}, tuple(ignored),
                      header_at + 1, tuple(skipped))


#: What opens a line under a county's form rather than a member: who filled it in, who
#: checked it, a phone to call back, a total, a note.
_FOOTER = re.compile(r"^\s*(填表人|填报人|制表人|审核人|审批人|负责人|联系人|联系电话|填表日期|"
                     r"填报日期|合计|总计|备注|注|说明)\s*[:：]")


def _is_footer(cells: list[str]) -> bool:
    """A row that is the form's footer: its first filled cell opens with a footer label
    (``填表人：``, ``联系电话：``, ``合计：``…)."""
    first = next((c for c in cells if c), "")
    return bool(_FOOTER.match(first))


#: Space between two Chinese characters: a spreadsheet pads two-character names to line
#: them up with three-character ones (``孙 伟``); it is not part of the name.
_CJK_PAD = re.compile(r"(?<=[\u3400-\u9fff])[\s\u3000]+(?=[\u3400-\u9fff])")


def clean_name(text: str) -> str:
    """A name as a person writes it: no padding between Chinese characters, no spaces
    around (``孙 伟`` → ``孙伟``; ``John Smith`` keeps its space)."""
    return _CJK_PAD.sub("", text.strip())


def _flag(text: str) -> bool | None:
    key = text.strip().lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def _row(number: int,
         read: Callable[[str], str]) -> tuple[ImportRow | None, RowProblem | None]:
    name = clean_name(read("name"))
    if not name:
        return None, RowProblem(number, msg("the name is missing"))
    raw_phone = read("phone")
    phone = normalise_phone(raw_phone)
    if phone is None:
        if _SCIENTIFIC.match(raw_phone):
            return None, RowProblem(number,
                                    msg("the phone {raw_phone!r} was turned into a number by "
                                        "Excel; format the column as text and type it again",
                                        raw_phone=raw_phone))
        return None, RowProblem(number,
                                msg("the phone {raw_phone!r} is malformed (expected an 11-digit "
                                    "mobile or a landline with its area code)",
                                    raw_phone=raw_phone))
    tags: list[str] = []
    # A tag's name in any language the app speaks (党员, party member) or its code.
    for tag in _TAG_SPLIT.split(tag_ids(read("tags"))):
        if tag and tag not in tags:
            tags.append(tag)
    party_text = read("party")
    party = _flag(party_text)
    if party is None:
        return None, RowProblem(number,
                                msg("the party column says {party_text!r} (expected yes/no)",
                                    party_text=party_text))
    if party and "party" not in tags:
        tags.insert(0, "party")
    nights_text = read("no_nights")
    no_nights = _flag(nights_text)
    if no_nights is None:
        return None, RowProblem(number,
                                msg("the no-nights column says {nights_text!r} (expected yes/no)",
                                    nights_text=nights_text))
    return ImportRow(number, name, phone, read("unit"), tuple(tags), no_nights), None


def _duplicate(row: ImportRow, by_phone: dict[str, int],
               by_name: dict[str, list[ImportRow]]) -> RowProblem | None:
    if row.phone and row.phone in by_phone:
        first = by_phone[row.phone]
        return RowProblem(row.row, msg("duplicate of row {first} (same phone)", first=first))
    for other in by_name.get(row.name, []):
        # Two people may share a name; with a phone each they are told apart.
        if not row.phone or not other.phone:
            return RowProblem(row.row,
                              msg("duplicate of row {row} (same name, and without a phone they "
                                  "cannot be told apart)",
                                  row=other.row))
    return None


# --- merging into the team --------------------------------------------------------------------


def _next_ids(existing: Iterable[str]) -> Iterator[str]:
    """New member ids continuing the team's ``m01``, ``m02``... numbering."""
    taken = set(existing)
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(r"m(\d+)", i))]
    width = max((len(i) - 1 for i in taken if re.fullmatch(r"m\d+", i)), default=2)
    n = max(numbers, default=0)
    while True:
        n += 1
        candidate = f"m{n:0{width}d}"
        if candidate not in taken:
            taken.add(candidate)
            yield candidate


def plan_import(bundle: Bundle, rows: Iterable[ImportRow]) -> Plan:
    """What importing ``rows`` into ``bundle`` would do, and the team it would give.

    A row matches a member already in the team by phone, else by name (a name shared by
    several members and no phone to tell them apart is a problem). A match is updated:
    a phone or unit the file gives replaces the old one, tags and ``no_nights`` are only
    ever added (a list without a tags column must not strip qualifications). Others
    are added with new ids. New ids are given in file order, so the same file on the
    same team always gives the same ids.
    """
    members = list(bundle.members)
    by_phone = {normalise_phone(m.phone) or m.phone: i for i, m in enumerate(members)
                if m.phone}
    by_name: dict[str, list[int]] = {}
    for i, m in enumerate(members):
        by_name.setdefault(m.name.strip(), []).append(i)
    ids = _next_ids(m.id for m in members)
    items: list[PlanItem] = []
    problems: list[RowProblem] = []
    for row in rows:
        index: int | None = None
        matched_by: str | None = None
        if row.phone and row.phone in by_phone:
            index, matched_by = by_phone[row.phone], "phone"
        elif row.name in by_name:
            same = by_name[row.name]
            if len(same) > 1:
                problems.append(RowProblem(row.row,
                                           msg("the team has {count} members named {name}; give a "
                                               "phone to tell which",
                                               count=len(same), name=row.name)))
                continue
            index, matched_by = same[0], "name"
        if index is None:
            member = Member(id=next(ids), name=row.name, phone=row.phone, unit=row.unit,
                            tags=row.tags, no_nights=row.no_nights)
            members.append(member)
            new_index = len(members) - 1
            if row.phone:
                by_phone[row.phone] = new_index
            by_name.setdefault(row.name, []).append(new_index)
            items.append(PlanItem(row, "add", member.id))
            continue
        old = members[index]
        updated, changes = _merged(old, row)
        members[index] = updated
        items.append(PlanItem(row, "update" if changes else "same", old.id, changes,
                              matched_by))
    return Plan(tuple(items), tuple(problems), replace(bundle, members=tuple(members)))


def _merged(old: Member, row: ImportRow) -> tuple[Member, tuple[str, ...]]:
    changes: dict[str, object] = {}
    if row.phone and (normalise_phone(old.phone) or old.phone) != row.phone:
        changes["phone"] = row.phone
    if row.unit and old.unit != row.unit:
        changes["unit"] = row.unit
    extra_tags = tuple(t for t in row.tags if t not in old.tags)
    if extra_tags:
        changes["tags"] = old.tags + extra_tags
    if row.no_nights and not old.no_nights:
        changes["no_nights"] = True
    return replace(old, **changes), tuple(changes)  # type: ignore[arg-type]


def apply_import(bundle: Bundle, rows: Iterable[ImportRow]) -> tuple[Bundle, Plan]:
    """The team with ``rows`` merged in (for ``Store.update``), and the plan it followed.

    Rows the plan finds a problem with (an ambiguous name) are left out.
    """
    plan = plan_import(bundle, rows)
    return plan.bundle, plan
