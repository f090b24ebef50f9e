"""Table layouts: row-per-line (cells separated by tabs) and one-cell-per-line (each cell starts with a tab).

Both are first turned into rows of cells; the rows are then read with one set of rules:

* the header row (序号 / 重点任务 / 工作措施 / 完成时限 / 牵头部门|牵头单位 / 主责单位 / 协办单位 and synonyms) fixes
  the column roles; any later row that is a header again (page break) is skipped; without a header the column
  order of the issue is assumed (6 cells: without 主责单位; 7 cells: with it);
* a row whose only text is a heading ``一、…`` (or ``第一部分 …``) starts a section;
* a row with a number starts a task, unless the number is the current task's (a task repeated on a new page);
  a row with empty 序号 and 重点任务 cells is a further measure of the current task (continuation row);
* a row with neither 完成时限 nor 牵头/主责 cell is the rest of the previous measure cut by a page break: its text
  and units are appended to that measure.

One-cell-per-line specifics: records are separated by blank lines; a line without a leading tab continues the
cell above (unit lists one per line, measures of several paragraphs); a stray blank line inside a record splits
it in two short records that together have no more cells than the header — they are joined again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .clean import clean_block, clean_inline, fullwidth_to_ascii, strip_markup
from .measures import build_measure
from .model import Section, Task

ROLES = ("number", "task", "measure", "deadline", "lead", "responsible", "cooperating")
_HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"序号|编号|序")),
    ("lead", re.compile(r"牵头(?:部门|单位|处室)?|牵头责任单位")),
    ("cooperating", re.compile(r"(?:协办|配合|参与|协同|协助)(?:部门|单位)?")),
    ("responsible", re.compile(r"(?:主责|责任|负责|实施|主办)(?:部门|单位)")),
    ("deadline", re.compile(r"完成时限|时限|完成时间|时间节点|完成期限|进度安排|时间要求|完成时限要求")),
    ("task", re.compile(r"重点任务|主要任务|工作任务|任务名称|重点工作|任务|项目名称")),
    (
        "measure",
        re.compile(r"工作措施|具体措施|主要措施|措施|工作内容|主要内容|具体任务|任务内容|工作举措|内容"),
    ),
)
# headers of columns kept as ``extra`` (备注 …): allowed in a header row, never its evidence
_EXTRA_HEADER = re.compile(
    r"备注|说明|完成标准|工作目标|目标值|考核指标|成果形式|预期成果|资金来源|经费(?:来源)?|责任人|联系人|进展情况|完成情况"
)
_DEFAULT_COLUMNS = {
    7: ("number", "task", "measure", "deadline", "lead", "responsible", "cooperating"),
    6: ("number", "task", "measure", "deadline", "lead", "cooperating"),
    5: ("number", "task", "measure", "deadline", "lead"),
    4: ("number", "measure", "deadline", "lead"),
}
SECTION_RE = re.compile(r"^([一二三四五六七八九十百零〇]+)\s*[、.．]\s*(.*)$")
PART_RE = re.compile(r"^第([一二三四五六七八九十百零〇]+)(?:部分|章|篇)\s*(.*)$")
_NUMBER_RE = re.compile(r"^[（(]?([1-9]\d{0,2})[)）.．、]?$")  # "000" is no task number


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class TableResult:
    title_lines: list[tuple[int, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    before_header: list[tuple[int, str]] = field(default_factory=list)  # text of records above the header
    notes: list[tuple[int, str]] = field(
        default_factory=list
    )  # lone text rows that are no task (注：…, 本表由…)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", clean_inline(text))


def header_roles(cells: Sequence[str]) -> list[str] | None:
    """Column roles if ``cells`` is a header row (at least two cells are header words), else None."""
    roles: list[str] = []
    hits = extras = 0
    for c in cells:
        k = _key(c)
        role = next((r for r, pat in _HEADER_WORDS if k and pat.fullmatch(k)), None)
        if role is not None:
            hits += 1
            roles.append(role if role not in roles else f"extra:{k}")
        elif k and _EXTRA_HEADER.fullmatch(k):
            extras += 1
            roles.append(f"extra:{k}")
        else:
            roles.append(f"extra:{k}" if k else "extra:")
    return roles if hits >= 2 and hits + extras == len([c for c in cells if _key(c)]) else None


def _split_header_prefix(row: list[Cell]) -> list[Cell] | None:
    """A header row with other cells run into it (a deleted blank line): the cells after the header, else None."""
    if header_roles([c.text for c in row]) is not None:
        return None
    for k in range(len(row) - 1, 1, -1):
        first = _key(row[k].text)
        if header_roles([c.text for c in row[:k]]) is not None and first:
            if not any(pat.fullmatch(first) for _, pat in _HEADER_WORDS):
                return row[k:]
    return None


# ---- rows from the two layouts --------------------------------------------------------------------------------
def rows_from_tab_rows(lines: Sequence[str]) -> tuple[list[tuple[int, str]], list[list[Cell]]]:
    """Row-per-line layout: (title lines before the table, rows)."""
    title: list[tuple[int, str]] = []
    rows: list[list[Cell]] = []
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if "\t" not in raw:
            bare = clean_inline(raw)
            if (
                rows
                and len(bare) <= 30
                and not re.search(r"[。；;，,]", bare)
                and _is_heading([Cell(bare, n)])
            ):
                rows.append(
                    [Cell(raw, n)]
                )  # a section heading written without tabs (一、农用地): its own row
                continue
            if rows:
                # a wrapped cell continued on a line of its own: it belongs to the last non-empty cell above
                last = next((c for c in reversed(rows[-1]) if c.text.strip()), rows[-1][-1])
                last.text += "\n" + raw
            else:
                title.append((n, raw))
            continue
        cells = [Cell(c, n) for c in raw.split("\t")]
        if not rows and len([c for c in cells if c.text.strip()]) == 1 and not _is_heading(cells):
            title.append((n, next(c.text for c in cells if c.text.strip())))  # a one-cell row above the table
            continue
        rows.append(cells)
    return title, rows


def rows_from_cell_lines(lines: Sequence[str]) -> tuple[list[tuple[int, str]], list[list[Cell]]]:
    """One-cell-per-line layout: (title lines before the first record, records as rows)."""
    title: list[tuple[int, str]] = []
    records: list[list[Cell]] = []
    current: list[Cell] | None = None
    for n, raw in enumerate(lines, start=1):
        if not raw.strip() and not raw.startswith("\t"):
            if current:
                records.append(current)
            current = None
            continue
        if raw.startswith("\t"):
            if current is None:
                current = []
            current.append(Cell(raw[1:], n))
            continue
        if current:
            current[-1].text += "\n" + raw
        elif records:  # after a stray blank line: continues the last cell of the previous record
            records[-1][-1].text += "\n" + raw
        else:
            title.append((n, raw))
    if current:
        records.append(current)
    return title, records


def _is_heading(row: Sequence[Cell]) -> tuple[str, str] | None:
    texts = [_key(c.text) for c in row if _key(c.text)]
    if not texts or len(set(texts)) != 1:
        return None
    t = clean_inline(row[[_key(c.text) for c in row].index(texts[0])].text)
    m = SECTION_RE.match(t) or PART_RE.match(t)
    if m and m.group(2):
        return m.group(1), m.group(2).strip()
    return None


def _split_long(rows: list[list[Cell]], ncols: int) -> list[list[Cell]]:
    """Records run together (a separating blank line lost): a heading cell stands alone, the rest by ``ncols``."""
    out: list[list[Cell]] = []
    for row in rows:
        if len(row) > 1:  # a line duplicated by the export: the same cell twice in a row is one cell
            row = [
                c
                for j, c in enumerate(row)
                if j == 0 or _key(c.text) in _PLACEHOLDERS or _key(c.text) != _key(row[j - 1].text)
            ]
        while len(row) > ncols:
            k = next((j for j in range(len(row)) if _is_heading(row[j : j + 1]) is not None), None)
            if k == 0:
                out.append(row[:1])
                row = row[1:]
            elif k is not None and k < ncols:  # cells of another record, then a heading: split before it
                out.append(row[:k])
                row = row[k:]
            else:
                out.append(row[:ncols])
                row = row[ncols:]
        out.append(row)
    return out


def _merge_split_records(rows: list[list[Cell]], ncols: int) -> list[list[Cell]]:
    """Join records split by a stray blank line (see module doc)."""
    rows = _split_long(rows, ncols)
    out: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        while (
            i + 1 < len(rows)
            and 1 <= len(row) < ncols
            and len(row) + len(rows[i + 1]) <= ncols
            and _is_heading(row) is None
            and _is_heading(rows[i + 1]) is None
            and header_roles([c.text for c in rows[i + 1]]) is None
        ):
            row = row + rows[i + 1]
            i += 1
        out.append(row)
        i += 1
    return out


# ---- rows → sections/tasks/measures ----------------------------------------------------------------------------
_PLACEHOLDERS = {"", "—", "——", "－", "-", "--", "/", "／", "无"}


def _join_cells(a: str, b: str) -> str:
    """Join two pieces of one cell split by a page break; a placeholder (——) gives way to real text."""
    if a.strip() in _PLACEHOLDERS:
        return b.strip() or a.strip()
    if b.strip() in _PLACEHOLDERS:
        return a.strip()
    return a.strip() + "\n" + b.strip()


@dataclass
class _Pending:
    text: str
    deadline: str
    lead: str
    responsible: str
    cooperating: str
    line: int
    extra: dict[str, str]


def parse_rows(
    rows: list[list[Cell]],
    *,
    year: int | None,
    district: str | None,
    one_cell: bool,
) -> TableResult:
    result = TableResult()
    roles: list[str] | None = None
    start = 0
    rows = list(rows)
    for i, row in enumerate(rows):
        rest = _split_header_prefix(row)
        if rest is not None:
            rows[i : i + 1] = [row[: len(row) - len(rest)], rest]
            row = rows[i]
        r = header_roles([c.text for c in row])
        if r is not None:
            # a header cell repeated next to itself is a duplicated line of the export, not a column
            unique = [c for j, c in enumerate(row) if j == 0 or _key(c.text) != _key(row[j - 1].text)]
            if len(unique) < len(row):
                result.warnings.append(
                    f"line {row[0].line}: repeated header cell(s) ignored: "
                    + "/".join(clean_inline(c.text) for c in row)
                )
                r = header_roles([c.text for c in unique]) or r
            roles, start = r, i + 1
            result.header = [clean_inline(c.text) for c in unique]
            # never drop what stands above the header (a title run into a record, a stray note)
            result.before_header = [
                (c.line, part)
                for above in rows[:i]
                for c in above
                for part in c.text.split("\n")
                if part.strip()
            ]
            break
    if roles is None:
        # the most common record width (a record widened by stray empty cells must not decide)
        widths = [len(r) for r in rows if len(r) >= 4]
        width = max(sorted(set(widths), reverse=True), key=widths.count) if widths else 6
        roles = list(_DEFAULT_COLUMNS.get(min(max(width, 4), 7), _DEFAULT_COLUMNS[6]))
        result.warnings.append(f"no header row found; assumed columns {'/'.join(roles)}")
        start = 0
    body = rows[start:]
    widths = [len(r) for r in body if len([c for c in r if c.text.strip()]) >= 3]
    common = max(set(widths), key=widths.count) if widths else 0
    if len(roles) < common and common in _DEFAULT_COLUMNS and widths.count(common) >= 0.5 * len(widths):
        # a header that lost cells (damaged export): the data rows are wider; use the default columns
        result.warnings.append(
            f"header has {len(roles)} cells but rows have {common}; assumed columns "
            + "/".join(_DEFAULT_COLUMNS[common])
        )
        roles = list(_DEFAULT_COLUMNS[common])
    if one_cell:
        body = _merge_split_records(body, len(roles))

    has_anchor = any(r in roles for r in ("deadline", "lead", "responsible"))
    sections: list[Section] = []
    section: Section | None = None
    task: Task | None = None
    pending: list[_Pending] = []

    def flush() -> None:
        nonlocal pending
        if task is None:
            pending = []
            return
        for p in pending:
            task.measures.append(
                build_measure(
                    clean_block(p.text),
                    deadline_cell=p.deadline,
                    lead=p.lead,
                    responsible=p.responsible,
                    cooperating=p.cooperating,
                    line=p.line,
                    year=year,
                    district=district,
                    extra=p.extra,
                )
            )
        pending = []

    expanded: list[list[Cell]] = []
    for row in body:
        rest = _split_header_prefix(row)
        expanded.extend([row[: len(row) - len(rest)], rest] if rest is not None else [row])
    for row in expanded:
        cells: dict[str, Cell] = {}
        extra: dict[str, str] = {}
        for role, cell in zip(roles, row, strict=False):
            if role.startswith("extra:"):
                if cell.text.strip():
                    extra[role[6:] or f"column {len(extra) + 1}"] = clean_inline(cell.text)
            else:
                cells[role] = cell
        for cell in row[len(roles) :]:  # more cells than columns: kept, never dropped
            if cell.text.strip():
                extra[f"column {len(extra) + 1}"] = clean_inline(cell.text)
        if not any(c.text.strip() for c in row):
            continue
        if header_roles([c.text for c in row]) is not None:
            continue  # header repeated at a page break
        heading = _is_heading(row)
        if heading is not None:
            flush()
            section = Section(heading[0], heading[1], line=row[0].line)
            sections.append(section)
            task = None
            continue

        def get(role: str, cells: dict[str, Cell] = cells) -> str:
            c = cells.get(role)
            return strip_markup(fullwidth_to_ascii(c.text)).strip() if c else ""

        num_text, task_text = _key(get("number")), clean_inline(get("task"))
        text, deadline = get("measure"), get("deadline")
        lead, resp, coop = get("lead"), get("responsible"), get("cooperating")
        line = min(c.line for c in row)
        m = _NUMBER_RE.match(num_text)
        number = int(m.group(1)) if m else None
        filled = [c for c in row if c.text.strip()]
        if (
            number is None
            and len(filled) == 1
            and "number" in cells
            and filled[0] is cells["number"]
            and len(num_text) > 8
            and not extra
        ):
            # a sentence alone in the 序号 column (a note under the table, a second sheet's remark): context
            result.notes.append((line, clean_inline(filled[0].text)))
            continue
        if num_text and number is None:  # a number cell that is not a number: keep its text in the task title
            task_text = (num_text + " " + task_text).strip()
        if section is None:
            section = Section("", "", line=line)
            sections.append(section)
        new_task = False
        if number is not None:
            if task is None or task.number != number:
                new_task = True
        elif task_text and (task is None or task_text != task.title):
            new_task = not (task is not None and task.title and task.title.startswith(task_text))
        if new_task:
            flush()
            task = Task(number, task_text, line=line)
            section.tasks.append(task)
        elif task is None:
            task = Task(None, "", line=line)
            section.tasks.append(task)
        elif task_text and not task.title:
            task.title = task_text
        is_fragment = (
            has_anchor
            and not new_task
            and not deadline.strip()
            and not lead.strip()
            and not resp.strip()
            and (pending or task.measures)
        )
        if is_fragment:
            target = pending[-1] if pending else None
            if target is not None:
                target.text = (target.text + "\n" + text).strip()
                target.cooperating = _join_cells(target.cooperating, coop)
                for k, v in extra.items():
                    target.extra[k] = _join_cells(target.extra.get(k, ""), v)
            else:
                last = task.measures[-1]
                result.warnings.append(f"line {line}: text continued after a measure was closed: {text[:30]}")
                last.text = (last.text + "\n" + clean_block(text)).strip()
            continue
        if not text.strip() and not (deadline or lead or resp or coop):
            continue  # a task row with no measure: the measures follow
        if not text.strip():
            text = task_text
        pending.append(_Pending(text, deadline, lead, resp, coop, line, extra))
    flush()
    result.sections = sections
    return result
