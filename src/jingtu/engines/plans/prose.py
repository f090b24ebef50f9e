"""Prose plans: numbered headings and paragraphs.

Heading levels and how they map to the output:

===========================  ===========================================================================
heading                      output
===========================  ===========================================================================
``第三章 主要任务``            chapter: written on every section as ``chapter``; resets the numbering below
``一、…``                      section (``number`` "一")
``（一）…``                    task (``number`` 1)
``1.…`` (a title, no 。)       item: the paragraphs under it are measures with ``item`` {number, title}
``1.…。…`` (a sentence)        a measure of its own (with ``item``)
other paragraph               a measure of the current task (or item)
===========================  ===========================================================================

* Paragraphs of a section before its first ``（一）`` are its ``intro`` when tasks follow; in a section without
  ``（一）`` headings they are measures of an implicit task (``number`` null, ``title`` "").
* Chapters and sections that are not obligations — 前言, 回顾, 展望, 形势, 指导思想, 原则, 背景, 现状 in the title —
  go to the plan's ``context`` (text kept verbatim), as does text before the first section.
* Missing headings are inferred from the numbering: ``（一）`` again after ``（三）`` in one section means a
  section heading was lost — a section numbered one past the current one with an empty title and
  ``inferred: true`` is opened, and a paragraph marked by a leading space just before it (how the exports we
  have mark the lost heading's position) becomes its intro. ``1.`` again after ``2.`` in one task opens an
  inferred task the same way.
* Line wraps: when most content lines end without sentence punctuation (text extracted from PDF with hard line
  breaks, blank lines between them), lines are joined into paragraphs; a paragraph ends at a heading, or after a
  line that ends a sentence and is shorter than the typical line.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .clean import clean_inline
from .measures import build_measure
from .model import ContextBlock, Item, Measure, Section, Task
from .table import PART_RE, SECTION_RE
from .units import split_assignment

_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
TASK_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
ITEM_RE = re.compile(r"^(\d{1,2})\s*[.．、](?![\d.])\s*(.*)$")
PREFACE_RE = re.compile(r"^(?:前言|序言|引言|说明)$")
CONTEXT_RE = re.compile(r"前言|序言|回顾|展望|形势|指导思想|原则|背景|现状|编制依据|面临挑战")
_OBLIGATION_RE = re.compile(r"目标|任务|措施|工程|保障")
_TERMINAL = ("。", "；", "！", "？", "：", "”", "）", ")", ";", "!", "?", "…", "」")
_PLAN_WORDS = re.compile(r"计划|方案|规划|要点|意见|办法|通知|纲要")
_ISSUER_RE = re.compile(
    r"^(?:中共)?(?:北京市)?[\u4e00-\u9fff]{0,12}(?:人民政府|人民政府办公厅|人民政府办公室|委员会|办公室|领导小组|"
    r"生态环境局|管理委员会|指挥部)(?:办公室)?$"
)
_DOCNO_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[【(（]\d{4}[〕\]】)）]\d{1,4}号$")
_DATE_LINE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SIGN_DATE_RE = re.compile(
    r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$"
)  # a signature's date (the day may be left out)
_FIVE_YEAR = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020)}
_FIVE_YEAR.update({"十四五": (2021, 2025), "十五五": (2026, 2030)})


def cn_number(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (up to 99)."""
    if not s or any(ch not in _CN_NUM and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_NUM[s[0]] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = _CN_NUM.get(tens, -1) if tens else 1
    o = _CN_NUM.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else t * 10 + o


def cn_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@dataclass
class Para:
    text: str
    line: int
    marked: bool = (
        False  # the source line began with a lone space (a lost heading's position, in our exports)
    )


@dataclass
class ProseResult:
    title: str | None = None
    issuer: str | None = None
    sections: list[Section] = field(default_factory=list)
    context: list[ContextBlock] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _heading_kind(text: str) -> str | None:
    if PREFACE_RE.match(text):
        return "preface"
    if PART_RE.match(text):
        return "chapter"
    if SECTION_RE.match(text):
        return "section"
    if TASK_RE.match(text):
        return "task"
    if ITEM_RE.match(text):
        return "item"
    return None


def paragraphs(lines: Sequence[str]) -> list[Para]:
    """Cleaned paragraphs with their first line number (see the module doc for the wrap rule)."""
    cleaned: list[tuple[int, str, bool]] = []
    raw_nonblank = [ln for ln in lines if ln.strip()]
    lead_ws = sum(1 for ln in raw_nonblank if ln[:1] in (" ", "\u3000", "\t"))
    marks_rare = lead_ws <= max(1, len(raw_nonblank) // 8)
    for n, raw in enumerate(lines, start=1):
        text = clean_inline(raw)
        if not text:
            continue
        marked = marks_rare and raw[:1] == " " and raw[1:2] != " "
        cleaned.append((n, text, marked))
    content = [t for _, t, _ in cleaned if _heading_kind(re.sub(r"\s", "", t)) is None]
    lengths = sorted(len(t) for t in content)
    width = lengths[int(len(lengths) * 0.8)] if lengths else 0
    open_ended = sum(1 for t in content if not t.endswith(_TERMINAL))
    # hard wraps cut lines at the page width: many long lines end without punctuation. Short open lines alone
    # (titles, signatures, a unit list broken over two lines) are not wraps; numbered measures count as lines.
    body_lines = [t for _, t, _ in cleaned if _heading_kind(re.sub(r"\s", "", t)) in (None, "item")]
    long_open = sum(1 for t in body_lines if not t.endswith(_TERMINAL) and len(t) >= 0.8 * width)
    wrapped = (
        len(content) >= 5
        and open_ended / len(content) > 0.4
        and width <= 120
        and long_open / max(1, len(body_lines)) > 0.25
    )
    typical = statistics.median(lengths) if lengths else 0
    out: list[Para] = []
    ended = True
    for n, text, marked in cleaned:
        kind = _heading_kind(re.sub(r"\s", "", text))
        if out and kind is None and _ASSIGNMENT_LINE.match(text) and not _open_paren(out[-1].text):
            # an assignment parenthesis on its own line belongs to the paragraph above it
            if _heading_kind(re.sub(r"\s", "", out[-1].text)) in (None, "item"):
                out[-1].text += text
                ended = not _open_paren(out[-1].text)
                continue
        if out and not ended and (kind is None or kind == "item" and not wrapped):
            out[-1].text += ("" if not (out[-1].text[-1:].isascii() and text[:1].isascii()) else " ") + text
        elif (
            out and not ended and kind is not None and wrapped and kind not in ("chapter", "section", "task")
        ):
            out[-1].text += text
        else:
            out.append(Para(text, n, marked))
        last = out[-1].text
        if wrapped:
            ended = text.endswith(_TERMINAL) and len(text) < 0.9 * width or len(text) < 0.6 * typical
            if kind is not None and len(text) < 0.6 * width and not text.endswith(_TERMINAL):
                ended = True  # a short heading line
        else:
            ended = True
            if kind is None and not last.endswith(_TERMINAL) and len(text) >= 40:
                ended = False  # a cut line: the next non-heading line continues it
            if _open_paren(last):
                ended = False  # an assignment parenthesis broken over lines: （区生态环境局牵头，⏎区城管执法局配合）
    return out


_ASSIGNMENT_LINE = re.compile(
    r"^[（(][^（()）]*(?:牵头|负责|配合|参与|协办|主责|责任单位)[^（()）]*(?:[）)][。；]?)?$"
)


def _open_paren(text: str) -> bool:
    """More opening than closing parentheses: the text continues on the next line."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _split_title(rest: str, limit: int) -> tuple[str, str]:
    """``加强组织领导。各区政府…`` → (title, body); a title-only heading → (title, "")."""
    rest = rest.strip()
    i = rest.find("。")
    if 0 < i <= limit and i < len(rest) - 1:
        return rest[:i], rest[i + 1 :].strip()
    if i == len(rest) - 1 and len(rest) <= limit:
        return rest[:-1], ""
    if i < 0 and len(rest) <= limit * 2:
        return rest, ""
    return "", rest


@dataclass
class _State:
    chapter: str = ""
    chapter_context: bool = False
    section: Section | None = None
    section_context: bool = False
    section_pending: list[tuple[Para, Item | None]] = field(default_factory=list)
    task: Task | None = None
    item: Item | None = None
    last_item: int = 0


def parse_prose(lines: Sequence[str], *, year: int | None, district: str | None) -> ProseResult:
    result = ProseResult()
    paras = paragraphs(lines)
    st = _State()

    # ---- front matter: title, issuer, document number, date before the first heading -------------------------
    i = 0
    while i < len(paras) and i < 6:
        t = paras[i].text
        bare = re.sub(r"\s", "", t)
        if _heading_kind(bare) is not None:
            break
        if result.title is None and len(t) <= 60 and "。" not in t and _PLAN_WORDS.search(t):
            result.title = t.strip()
        elif result.issuer is None and _ISSUER_RE.match(bare):
            result.issuer = bare
        elif _DOCNO_RE.match(bare) or _DATE_LINE_RE.match(bare):
            result.context.append(ContextBlock("front matter", t, paras[i].line))
        else:
            break
        i += 1
    # an issuer signing at the end (followed by a date line): context, not a measure
    end = len(paras)
    if end - i >= 2 and _SIGN_DATE_RE.match(re.sub(r"\s", "", paras[-1].text)):
        signer = re.sub(r"\s", "", paras[-2].text)
        if _ISSUER_RE.match(signer):
            result.issuer = result.issuer or signer
            end -= 2
            for para in paras[end:]:
                result.context.append(ContextBlock("signature", para.text, para.line))
    body = paras[i:end]

    def heading_path() -> str:
        parts = [st.chapter]
        if st.section is not None:
            parts.append(
                f"{st.section.number}、{st.section.title}" if st.section.number else st.section.title
            )
        if st.task is not None:
            parts.append(
                f"（{cn_numeral(st.task.number)}）{st.task.title}" if st.task.number else st.task.title
            )
        return " > ".join(p for p in parts if p)

    def in_context() -> bool:
        return st.chapter_context or st.section_context or st.section is None

    def add_measure(task: Task, para: Para, text: str, item: Item | None) -> None:
        if not text:
            return
        body_text, assignment = split_assignment(text)
        task.measures.append(
            build_measure(
                body_text,
                deadline_cell=None,
                assignment=assignment,
                line=para.line,
                year=year,
                district=district,
                item=item,
            )
        )
        task.measures[-1].extra["_marked"] = "1" if para.marked else ""

    def close_section() -> None:
        sec = st.section
        if sec is None or st.section_context:
            st.section_pending = []
            return
        if st.section_pending:
            task = Task(None, "", line=st.section_pending[0][0].line)
            sec.tasks.insert(0, task)
            for para, item in st.section_pending:
                add_measure(task, para, para.text, item)
        st.section_pending = []

    def open_section(number: str, title: str, line: int, inferred: bool = False) -> None:
        close_section()
        st.section = Section(number, title, chapter=st.chapter, line=line, inferred=inferred)
        st.section_context = bool(CONTEXT_RE.search(title))
        if not in_context():
            result.sections.append(st.section)
        st.task, st.item, st.last_item = None, None, 0

    def add_paragraph(para: Para, text: str, item: Item | None) -> None:
        if in_context():
            result.context.append(ContextBlock(heading_path(), text, para.line))
        elif st.task is None:
            st.section_pending.append((Para(text, para.line, para.marked), item))
        else:
            add_measure(st.task, para, text, item)

    for para in body:
        bare = re.sub(r"\s", "", para.text)
        kind = _heading_kind(bare)
        if kind in ("preface", "chapter"):
            close_section()
            m = PART_RE.match(bare)
            st.chapter = para.text.strip() if m is None else f"第{m.group(1)}章 {m.group(2)}".strip()
            if m is not None and "部分" in bare[: bare.find(m.group(2)) if m.group(2) else len(bare)]:
                st.chapter = para.text.strip()
            # a chapter is context when its title says so and names no targets/tasks (指导思想和目标 is not)
            result.context.append(ContextBlock("chapter", para.text, para.line))
            st.chapter_context = kind == "preface" or (
                bool(CONTEXT_RE.search(bare)) and not _OBLIGATION_RE.search(bare)
            )
            st.section, st.task, st.item, st.section_context = None, None, None, False
            continue
        if kind == "section":
            m = SECTION_RE.match(para.text.strip())
            assert m is not None
            title, rest = _split_title(m.group(2), 40)
            prev = cn_number(st.section.number) if st.section is not None and st.section.number else None
            cur = cn_number(m.group(1))
            if prev is not None and cur is not None and cur > prev + 1 and not in_context():
                result.warnings.append(
                    f"line {para.line}: section {m.group(1)} follows {st.section.number if st.section else ''};"
                    " a section heading is missing before it"
                )
            open_section(m.group(1), title, para.line)
            if in_context():
                result.context.append(ContextBlock(heading_path(), para.text, para.line))
                continue
            if rest:
                add_paragraph(para, rest, None)
            continue
        if kind == "task":
            m = TASK_RE.match(para.text.strip())
            assert m is not None
            number = cn_number(m.group(1))
            title, rest = _split_title(m.group(2), 40)
            if st.section is not None and number is not None:
                numbers = [t.number for t in st.section.tasks if t.number is not None]
                if numbers and number <= numbers[-1] and st.section.number:
                    # numbering restarts: a section heading was lost
                    moved = _take_marked_tail(st.section)
                    nxt = cn_number(st.section.number)
                    open_section(cn_numeral(nxt + 1) if nxt is not None else "", "", para.line, inferred=True)
                    st.section.intro.extend(moved)
                    result.warnings.append(
                        f"line {para.line}: task numbering restarts; inferred a missing section heading"
                        f" ({st.section.number})"
                    )
            if st.section is None:
                open_section("", "", para.line, inferred=True)
            sec = st.section
            assert sec is not None
            if st.section_pending and not in_context():
                sec.intro.extend(p.text for p, _ in st.section_pending)
                st.section_pending = []
            st.task = Task(number, title, line=para.line)
            st.item, st.last_item = None, 0
            if not in_context() and not CONTEXT_RE.search(title):
                sec.tasks.append(st.task)
            elif not in_context():
                sec.tasks.append(st.task)
            if in_context():
                result.context.append(ContextBlock(heading_path(), para.text, para.line))
            elif rest:
                add_paragraph(para, rest, None)
            continue
        if kind == "item":
            m = ITEM_RE.match(para.text.strip())
            assert m is not None
            number = int(m.group(1))
            rest = m.group(2).strip()
            if st.task is not None and st.last_item and number <= st.last_item and not in_context():
                sec = st.section
                assert sec is not None
                numbers = [t.number for t in sec.tasks if t.number is not None]
                st.task = Task((numbers[-1] + 1) if numbers else None, "", line=para.line, inferred=True)
                sec.tasks.append(st.task)
                result.warnings.append(
                    f"line {para.line}: item numbering restarts; inferred a missing task heading"
                    f" ({'（' + cn_numeral(st.task.number) + '）' if st.task.number else ''})"
                )
            st.last_item = number
            title, body_text = _split_title(rest, 30)
            has_assignment = split_assignment(rest)[1] is not None
            sentence = rest.endswith("。") and ("，" in rest or len(rest) > 20)  # 6.组织开展检查…，及时移交。
            if not body_text and title and not has_assignment and not sentence:
                st.item = Item(number, title)
                if st.section is not None and not in_context():
                    st.section.items.append(para.text)
                if in_context():
                    result.context.append(ContextBlock(heading_path(), para.text, para.line))
                continue
            st.item = Item(number, title)
            add_paragraph(para, rest, st.item)
            continue
        add_paragraph(para, para.text, st.item)
    close_section()
    for sec in result.sections:
        for task in sec.tasks:
            for measure in task.measures:
                measure.extra.pop("_marked", None)
    return result


def _take_marked_tail(section: Section) -> list[str]:
    """Remove and return the trailing measure of ``section`` if its line was marked as a lost heading's place."""
    if not section.tasks or not section.tasks[-1].measures:
        return []
    last: Measure = section.tasks[-1].measures[-1]
    if last.extra.get("_marked") == "1":
        section.tasks[-1].measures.pop()
        return [last.text + last.assignment]
    return []


def detect_period(text: str) -> tuple[int, int] | None:
    """The five-year-plan period most often named in ``text`` (十四五 → (2021, 2025)), if any."""
    counts = {k: text.count(k) for k in _FIVE_YEAR}
    best = max(counts, key=lambda k: counts[k])
    return _FIVE_YEAR[best] if counts[best] else None
