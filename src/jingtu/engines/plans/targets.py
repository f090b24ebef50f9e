"""Quantitative targets in measure text: (indicator, operator, value, unit).

Rules (cleaned text, see :mod:`.clean`; ``$\\geq 95\\%$`` has already become ``≥95%``):

* operator from the verb before the number and the word after it — 以上 → ``>=``, 以下/以内 → ``<=`` win over the
  verb; otherwise 达到/保持(在)/稳定在/提高到/提升至/不低于/不少于/不小于/≥ → ``>=``; 不高于/不超过/不大于/不多于/
  控制在/下降到/降至/≤ → ``<=``; 低于/小于/< → ``<``; 高于/超过/大于/> → ``>``; 为 → ``=``;
* ``分别达到77%和55%`` gives one target per value; the indicator before it (``绿色防控及统防统治覆盖率``) is split at
  及/和/与/、 and the rate noun of the last part (``覆盖率``) is given to the earlier parts;
* an area without a verb (``15 万亩``, ``200公顷``) is a target with ``=``;
* the indicator is the noun phrase before the verb back to the previous punctuation, without connectives
  (并/或者/确保 …, a leading date such as 2025年底前) and trailing adverbs (持续/均/累计 …, and a verb left
  before a symbol: ``达到≥95%``); when it is empty (``或者达到95%以上``) the previous
  target's indicator is used; when it is a bare verb (``抽查不少于20%加油站``) the noun phrase after the number is
  appended;
* numbers inside 《…》 titles, years and dates are never targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import CJK

_UNITS = (
    "个百分点|百分点|%|‰|万亩|亩|万公顷|公顷|万平方米|平方米|平方公里|平方千米|万吨|吨|千克|公斤|毫克/千克|mg/kg|"
    "毫米|厘米|千米|公里|米|人次|个|家|项|处|座|所|批|轮|次|人|件|台|套|份|块|宗|户|名|天|倍"
)
_AREA_UNITS = ("万亩", "亩", "万公顷", "公顷", "万平方米", "平方米", "平方公里", "平方千米")
_VERBS = (
    "不低于|不少于|不小于|不高于|不超过|不大于|不多于|保持在|稳定在|提高到|提高至|提升到|提升至|增加到|增加至|"
    "下降到|下降至|降低到|降低至|减少到|减少至|控制在|达到|保持|降至|增至|低于|高于|小于|大于|超过|"
    "≥|≤|>=|<=|>|<|(?<![作成认以])为"
)
_NUM = r"\d+(?:\.\d+)?"
_TARGET_RE = re.compile(
    r"(?P<verb>" + _VERBS + r")\s*(?P<vals>" + _NUM + r"\s*(?:" + _UNITS + r")?"
    r"(?:\s*[和、及与]\s*" + _NUM + r"\s*(?:" + _UNITS + r")?)*)\s*(?P<suffix>以上|以下|以内|左右)?"
)
_AREA_RE = re.compile(r"(?<![\d.])(?P<num>" + _NUM + r")\s*(?P<unit>" + "|".join(_AREA_UNITS) + r")")
_VALUE_RE = re.compile(r"(?P<num>" + _NUM + r")\s*(?P<unit>" + _UNITS + r")?")
_OPS = {
    ">=": ("不低于", "不少于", "不小于", "保持在", "稳定在", "提高到", "提高至", "提升到", "提升至", "增加到")
    + ("增加至", "达到", "保持", "增至", "≥", ">="),
    "<=": ("不高于", "不超过", "不大于", "不多于", "控制在", "下降到", "下降至", "降低到", "降低至", "减少到")
    + ("减少至", "降至", "≤", "<="),
    "<": ("低于", "小于", "<"),
    ">": ("高于", "大于", "超过", ">"),
    "=": ("为",),
}
_DELIM = '，。；：、,;:（）()“”"《》！？\n'
_LEAD_WORDS = re.compile(
    r"^(?:并且|并|且|或者|或|和|及|以及|使|确保|力争|争取|其中|同时|实现|要求|"
    r"(?:到|在|于)?\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?|上半年|下半年|年底前|\d{1,2}月底前)+"
)
_TRAIL_WORDS = re.compile(
    r"(?:持续|均|分别|累计|累积|基本|稳定|进一步|逐年|每年|全部|要|应|须|必须|将|已|继续|达到|保持在|控制在)+$"
)
_TITLE_RE = re.compile(r"《[^《》]{0,120}》")
_RATE_TAIL = re.compile(r"[" + CJK + r"]{1,3}(?:率|量|度|数|比例|面积|强度)$")


@dataclass(frozen=True)
class Target:
    """One quantitative target. ``op`` is one of ``>=``, ``<=``, ``<``, ``>``, ``=``; ``unit`` may be ``""``."""

    indicator: str
    op: str
    value: float | int
    unit: str


def _number(s: str) -> float | int:
    v = float(s)
    return int(v) if v.is_integer() and "." not in s else v


def _op(verb: str, suffix: str | None) -> str:
    if suffix == "以上":
        return ">="
    if suffix in ("以下", "以内"):
        return "<="
    for op, words in _OPS.items():
        if verb in words:
            return op
    return "="


def _phrase_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1] not in _DELIM:
        i -= 1
    s = text[i:pos].strip()
    s = _LEAD_WORDS.sub("", s)
    s = _TRAIL_WORDS.sub("", s)
    return s


def _phrase_after(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and text[j] not in "，。；：,;:（）()\n":
        j += 1
    return text[pos:j].strip()


def _split_indicator(indicator: str, n: int) -> list[str]:
    parts = [p for p in re.split(r"[及和与、]", indicator) if p]
    if len(parts) != n:
        return [indicator] * n
    tail = _RATE_TAIL.search(parts[-1])
    if tail:
        noun = re.search(r"(?:覆盖率|利用率|回收率|达标率|合格率|处置率|处理率|[" + CJK + r"]率)$", parts[-1])
        suffix = noun.group(0) if noun else ""
        parts = [p if _RATE_TAIL.search(p) or not suffix else p + suffix for p in parts[:-1]] + [parts[-1]]
    return parts


def _followed_by_date(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:年|月|日|号|时|季度)", text[end : end + 3]))


def find_targets(text: str) -> list[Target]:
    """Quantitative targets named in ``text``, in document order."""
    masked = _TITLE_RE.sub(lambda m: "＿" * len(m.group(0)), text)
    found: list[tuple[int, Target]] = []
    covered: list[tuple[int, int]] = []
    last_indicator = ""
    for m in _TARGET_RE.finditer(masked):
        vals = list(_VALUE_RE.finditer(m.group("vals")))
        if not vals or _followed_by_date(masked, m.end("vals")):
            continue
        # a unit-less number must not run into a CJK word (为3类, 达到2个) the unit list does not know
        nxt = masked[m.end() : m.end() + 1]
        if not vals[-1].group("unit") and not m.group("suffix") and nxt and re.match(f"[{CJK}]", nxt):
            continue
        op = _op(m.group("verb"), m.group("suffix"))
        indicator = _phrase_before(masked, m.start())
        if masked[max(0, m.start() - 2) : m.start()].endswith("分别"):
            indicator = _phrase_before(masked, m.start() - 2)
        if not indicator:
            # 或者达到95%以上: the previous target's indicator; else the clause before (排查整治企业，不少于20家)
            j = m.start()
            while j > 0 and masked[j - 1] in _DELIM:
                j -= 1
            indicator = last_indicator or _phrase_before(masked, j)
        elif len(indicator) <= 2:  # a bare verb: 抽查不少于20%加油站 → the object follows the number
            indicator += _phrase_after(masked, m.end())
        names = _split_indicator(indicator, len(vals)) if len(vals) > 1 else [indicator]
        units = [v.group("unit") or "" for v in vals]
        shared_unit = units[-1]
        for name, v, unit in zip(names, vals, units, strict=True):
            found.append((m.start(), Target(name, op, _number(v.group("num")), unit or shared_unit)))
        last_indicator = indicator
        covered.append((m.start(), m.end()))
    for m in _AREA_RE.finditer(masked):
        if any(a <= m.start() < b for a, b in covered):
            continue
        indicator = _phrase_before(masked, m.start())
        if len(indicator) <= 2:
            indicator += _phrase_after(masked, m.end())
        found.append((m.start(), Target(indicator, "=", _number(m.group("num")), m.group("unit"))))
    found.sort(key=lambda t: t[0])
    return [t for _, t in found]
