"""Deadlines: the text as written, a due date resolved against the plan year, and milestones found in text.

Resolution rules (a date is the *last* day of the period named; the plan year fills in a missing year):

==========================================  =====================================
as written                                  due
==========================================  =====================================
年底前 / 年底 / 年末 / 年内 / 全年 / 12月底     YYYY-12-31 (plan year)
N月底(前) / N月末 / N月 (deadline cell)        last day of month N
N月前                                        last day of month N-1 ("before N月")
N月上旬 / 中旬 / 下旬                          N-10 / N-20 / last day of N
N月M日(前)                                    YYYY-N-M
上半年 / 年中 ; 下半年                         YYYY-06-30 ; YYYY-12-31
第N季度 / N季度(末)                           last day of the quarter
2018 年底前 / 2018年前 / 到2025年 / 2025年内   that year's 12-31
2017 年 3 月底前                              2017-03-31
按时间节点完成, 长期, 持续推进, 按要求 …        none (text kept)
==========================================  =====================================

A bare ``2016年`` inside prose (``2016年印发实施``) is a reference to the past, not a deadline; it counts only with
到/至 before it or 底/末/前/内 after it, or alone in a deadline cell. Dates inside 《…》 titles are ignored
(``《北京城市总体规划（2016年-2035年）》``). ``YYYY年度`` is a reporting period, not a deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"

# One alternation, longest forms first; every branch names its parts.
_DATE_RE = re.compile(
    r"(?P<full>(?:(?P<y1>\d{4})年)?(?P<m1>" + _MONTH + r")月(?P<d1>[0-3]?\d)[日号](?:之前|以前|前)?)"
    r"|(?P<mon>(?:(?P<y2>\d{4})年)?(?P<m2>"
    + _MONTH
    + r")月(?P<ms>底|末|上旬|中旬|下旬|份)?(?P<mp>之前|以前|前)?)"
    r"|(?P<half>(?:(?P<y3>\d{4})年)?(?P<h>上半年|下半年|年中))"
    r"|(?P<qtr>(?:(?P<y4>\d{4})年)?第?(?P<q>[一二三四1-4])季度(?:末|底)?(?:之前|以前|前)?)"
    r"|(?P<yend>(?P<pre>到|至|在)?(?P<y5>\d{4})年(?P<ys>底|末|年底|内|前|之前|以前|度)?(?P<yp>之前|以前|前)?)"
    r"|(?P<rel>(?<![上去前明当])(?:年底|年末|年内|全年)(?:之前|以前|前)?)"
)
_TITLE_RE = re.compile(r"《[^《》]{0,120}》")
_NO_DATE_RE = re.compile(
    r"按时间节点|按照?时间节点|长期|持续推进|持续开展|持续|常态化|按要求|按照要求|按国家要求|按上级要求|"
    r"按市级要求|按计划|适时|根据需要|视情况|待定|——|—|/|无"
)


@dataclass(frozen=True)
class DateHit:
    """A date expression found in text: as written (cleaned), the date meant (None: year unknown), position."""

    text: str
    date: dt.date | None
    start: int
    end: int


@dataclass(frozen=True)
class Deadline:
    """``text`` as written; ``due`` the resolved date (None when none can be given); ``milestones`` ISO dates."""

    text: str
    due: dt.date | None
    milestones: tuple[dt.date, ...] = ()


def _month(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s.startswith("十"):
        return 10 + (_CN_DIGITS[s[1]] if len(s) > 1 else 0)
    return _CN_DIGITS[s]


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _hit_date(m: re.Match[str], year: int | None, cell: bool) -> tuple[dt.date | None, bool]:
    """(date, is_a_date) for one regex match; is_a_date False means the match is not a deadline at all."""
    g = m.group
    if g("full"):
        y = int(g("y1")) if g("y1") else year
        return (_safe_date(y, _month(g("m1")), int(g("d1"))) if y else None), True
    if g("mon"):
        if not (g("ms") or g("mp") or g("y2") or cell):
            return None, False
        month = _month(g("m2"))
        y = int(g("y2")) if g("y2") else year
        if y is None:
            return None, True
        suffix = g("ms") or ""
        if g("mp") and not suffix:  # "N月前": before month N → end of month N-1
            return (_last_day(y - 1, 12) if month == 1 else _last_day(y, month - 1)), True
        if suffix == "上旬":
            return dt.date(y, month, 10), True
        if suffix == "中旬":
            return dt.date(y, month, 20), True
        return _last_day(y, month), True
    if g("half"):
        y = int(g("y3")) if g("y3") else year
        if y is None:
            return None, True
        return (dt.date(y, 12, 31) if g("h") == "下半年" else dt.date(y, 6, 30)), True
    if g("qtr"):
        y = int(g("y4")) if g("y4") else year
        q = g("q")
        qn = int(q) if q.isdigit() else _CN_DIGITS[q]
        return (_last_day(y, qn * 3) if y else None), True
    if g("yend"):
        y = int(g("y5"))
        if g("ys") == "度" or not 1949 <= y <= 2100:
            return None, False
        if not (g("pre") or g("ys") or g("yp") or cell):
            return None, False
        if g("pre") == "至" and m.string[: m.start()].endswith("年") and not (g("ys") or g("yp")):
            return None, False  # "2018年至2020年": a range in the past, not a deadline
        return dt.date(y, 12, 31), True
    # relative year end
    return (dt.date(year, 12, 31) if year else None), True


def find_dates(text: str, year: int | None, *, cell: bool = False) -> list[DateHit]:
    """All date expressions in ``text`` in order. ``cell``: the text is a deadline cell, where a bare ``3月`` or
    ``2024年`` is a deadline. Expressions inside 《》 are skipped. Month lists share a trailing suffix:
    ``2月、8月底前`` → both month ends."""
    masked = _TITLE_RE.sub(lambda m: "＿" * len(m.group(0)), text)
    hits: list[DateHit] = []
    pending_months: list[re.Match[str]] = []
    pending_years: list[re.Match[str]] = []
    for m in _DATE_RE.finditer(masked):
        date, ok = _hit_date(m, year, cell)
        # a bare month / year directly followed by 、 or 和 waits for the suffix of the last item of the list
        follow = masked[m.end() : m.end() + 1]
        if not ok and m.group("mon") and follow in "、和及与" and follow:
            pending_months.append(m)
            continue
        if not ok and m.group("yend") and not m.group("ys") and follow in "、和及与" and follow:
            pending_years.append(m)
            continue
        if ok:
            for p in pending_months if m.group("mon") else []:
                y = int(p.group("y2")) if p.group("y2") else year
                if y is not None and m.group("ms") in ("底", "末", None):
                    pd = _last_day(y, _month(p.group("m2")))
                    hits.append(DateHit(text[p.start() : p.end()], pd, p.start(), p.end()))
            for p in pending_years if m.group("yend") else []:
                py = int(p.group("y5"))
                hits.append(DateHit(text[p.start() : p.end()], dt.date(py, 12, 31), p.start(), p.end()))
            hits.append(DateHit(text[m.start() : m.end()], date, m.start(), m.end()))
        pending_months = [] if ok else pending_months
        pending_years = [] if ok else pending_years
    return hits


def milestones_in(text: str, year: int | None) -> tuple[dt.date, ...]:
    """Sorted distinct dates named in a measure's text (``2月底、8月底前更新清单`` → Feb end, Aug end)."""
    return tuple(sorted({h.date for h in find_dates(text, year) if h.date is not None}))


def deadline_from_cell(cell: str, measure_text: str, year: int | None) -> Deadline:
    """Deadline of a table row: the 完成时限 cell as written, its latest date as due, the dates of the measure
    text (and of the cell, when it names several) as milestones."""
    text = cell.strip()
    hits = [h for h in find_dates(text, year, cell=True) if h.date is not None]
    due = max((h.date for h in hits if h.date is not None), default=None)
    if due is None and _NO_DATE_RE.search(text):
        due = None
    found = set(milestones_in(measure_text, year))
    if len(hits) > 1:
        found.update(h.date for h in hits if h.date is not None)
    return Deadline(text, due, tuple(sorted(found)))


def deadline_from_text(text: str, year: int | None) -> Deadline:
    """Deadline of a prose measure: the latest date named in its text (its expression as written), all named
    dates as milestones; ``按时间节点完成`` in the text is its deadline as written (no due date); an empty deadline
    when the text names none."""
    hits = [h for h in find_dates(text, year) if h.date is not None]
    if not hits:
        open_ended = re.search(r"按照?(?:时间节点|节点)(?:要求)?完成", _TITLE_RE.sub("", text))
        return Deadline(open_ended.group(0) if open_ended else "", None, ())
    last = max(hits, key=lambda h: (h.date, h.start))
    return Deadline(last.text, last.date, tuple(sorted({h.date for h in hits if h.date is not None})))
