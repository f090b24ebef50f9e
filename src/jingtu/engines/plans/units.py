"""Units (牵头 lead / 主责 responsible / 协办 cooperating) and districts named in a measure.

Splitting and resolution use the organisation registry engine :mod:`jingtu.engines.orgs` (``split_units``,
``resolve``, ``load_registry``), imported lazily: when it is not importable the parser still works, with a
simple splitter of its own, no resolution (every name is reported unresolved) and no district detection beyond
``各区``.

Prose plans put the units in a trailing parenthesis — ``（市环保局、市农委牵头，市财政局等相关部门和各区政府按职责
分工负责）``. Its clauses (split at ，；) are classified by their role word: 牵头 → lead; 配合/参与/参加/协办/协助/
支持 → cooperating; 负责/落实/主责/按职责分工负责 → responsible. A clause without a role word takes the role of
the next clause that has one. Labelled clauses — ``牵头单位：…``, ``责任单位：…`` / ``主责单位：…``, ``配合单位：…`` /
``协办单位：…`` — take the role of their label, and ``完成时限：2025年6月底前`` inside the parenthesis is the
measure's deadline as written (``Assignment.deadline``), as is an unlabelled clause that is only a date
(``（区生态环境局负责，2025年3月底前完成）``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

_ROLE_LEAD = re.compile(r"(?:分别|共同|联合)?牵头(?:负责|组织|实施|落实)?")
_ROLE_COOP = re.compile(r"(?:等)?(?:配合|参与|参加|协办|协助|支持)(?:落实|实施)?")
_ROLE_RESP = re.compile(
    r"(?:按职责分工负责|按职责负责|按职责落实|分工负责|分别负责|共同负责|负责落实|具体落实|组织实施|主责|负责|落实)"
)
_ASSIGN_HINT = re.compile(r"牵头|负责|配合|参与|协办|主责|落实|责任单位|责任部门")
_LABEL = re.compile(
    r"^(?P<label>牵头(?:单位|部门)|(?:主责|责任|负责|主办|承办)(?:单位|部门)|(?:配合|协办|协助|参与|协作)(?:单位|部门)|"
    r"(?:完成|办结)?(?:时限|时间))\s*[:：]\s*(?P<rest>.*)$"
)
# a clause of the parenthesis that is a deadline, not a unit: 2025年3月底前完成, 年底前, 第三季度
_DEADLINE_CLAUSE = re.compile(
    r"^(?:于|在|并于|须于)?(?:\d{4}年)?(?:\d{1,2}月(?:底|末|中旬|下旬|上旬)?|年底|年末|上半年|下半年|第?[一二三四1-4]季度(?:末)?)?"
    r"(?:之前|以前|前)?(?:完成|办结)?$"
)
_EMPTY = {"", "—", "——", "－", "-", "--", "/", "无", "暂无", "／"}
_FALLBACK_SEP = re.compile(r"[、，,；;\n]")
_FALLBACK_NOISE = re.compile(r"等(?:其他)?(?:相关|有关)?(?:部门|单位)?$|(?:牵头|负责|配合|参与|落实)$")


def _orgs() -> ModuleType | None:
    try:
        return importlib.import_module("jingtu.engines.orgs")
    except ImportError:  # the registry engine is optional for the parser
        return None


def _fallback_split(text: str) -> list[str]:
    lines = [re.sub(r"\s+", "", ln) for ln in text.replace("(", "（").replace(")", "）").splitlines()]
    joined: list[str] = []
    for ln in lines:
        if not ln:
            continue
        if ln.startswith("（") and ln.endswith("）") and joined:
            joined[-1] += ln
        else:
            joined.append(ln)
    out: list[str] = []
    for part in _FALLBACK_SEP.split("\n".join(joined)):
        name = _FALLBACK_NOISE.sub("", part.strip("。 ")).strip()
        if name and name not in _EMPTY and name not in out:
            out.append(name)
    return out


def split_units(text: str) -> list[str]:
    """A department cell (or clause) → cleaned unit names, one per unit, in order (``——`` → none)."""
    if text.strip() in _EMPTY:
        return []
    mod = _orgs()
    if mod is not None:
        fn: Callable[[str], list[str]] = mod.split_units
        return [n for n in fn(text) if n not in _EMPTY]
    return _fallback_split(text)


@dataclass
class Assignment:
    """Units of one measure by role, as written (cleaned); ``text`` is the assignment as written, if prose."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    text: str = ""
    deadline: str = ""  # a labelled 完成时限：… inside the parenthesis, as written


def _closing_paren_group(text: str) -> tuple[int, int] | None:
    """Span of a parenthesised group ending the paragraph (a trailing 。；. may follow it)."""
    s = text.rstrip("。；;. \n")
    if not s.endswith(("）", ")")):
        return None
    depth = 0
    for i in range(len(s) - 1, -1, -1):
        ch = s[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                return i, len(s)
    return None


def split_assignment(paragraph: str) -> tuple[str, Assignment | None]:
    """Split a prose measure into (text, assignment) when it ends with an assignment parenthesis."""
    span = _closing_paren_group(paragraph)
    if span is None:
        return paragraph, None
    inner = paragraph[span[0] + 1 : span[1] - 1]
    if not _ASSIGN_HINT.search(inner) or len(inner) > 300:
        return paragraph, None
    assignment = parse_assignment(inner)
    assignment.text = paragraph[span[0] : span[1]]
    if not (assignment.lead or assignment.responsible or assignment.cooperating):
        return paragraph, None
    text = paragraph[: span[0]].rstrip()  # text + assignment = the paragraph (its final 。 dropped)
    return text, assignment


def parse_assignment(inner: str) -> Assignment:
    """``市环保局、市农委牵头，市财政局等相关部门和各区政府按职责分工负责`` → lead [市环保局, 市农委],
    responsible [市财政局, 各区政府]."""
    result = Assignment()
    pending: list[str] = []
    last_label: list[str] | None = None  # a clause without role word after a labelled one continues its list
    for clause in re.split(r"[，,；;。]", inner):
        c = clause.strip()
        if not c or c in ("不再列出",):
            continue
        c = re.sub(r"^(?:以下均需|以下均由|均需|均由|由|请)", "", c)
        role: list[str] | None = None
        if re.search(r"\d|年|季度", c) and _DEADLINE_CLAUSE.match(c) and not _ROLE_LEAD.search(c):
            result.deadline = result.deadline or c
            continue
        labelled = _LABEL.match(c)
        if labelled is not None:
            label, c = labelled.group("label"), labelled.group("rest").strip()
            if label.endswith(("时限", "时间")):
                result.deadline = c
                continue
            role = (
                result.lead
                if label.startswith("牵头")
                else result.cooperating
                if label[:2] in ("配合", "协办", "协助", "参与", "协作")
                else result.responsible
            )
            for name in [*pending, c]:
                for unit in split_units(name):
                    if unit not in role:
                        role.append(unit)
            pending, last_label = [], role
            continue
        for pattern, bucket in (
            (_ROLE_LEAD, result.lead),
            (_ROLE_COOP, result.cooperating),
            (_ROLE_RESP, result.responsible),
        ):
            m = pattern.search(c)
            if m:
                c = c[: m.start()] + c[m.end() :]
                role = bucket
                break
        if role is None and last_label is not None:
            role = last_label
        if role is None:
            pending.append(c)
            continue
        last_label = last_label if role is last_label else None
        for name in [*pending, c]:
            for unit in split_units(name):
                if unit not in role:
                    role.append(unit)
        pending = []
    for name in pending:  # no role word anywhere after them: they are responsible
        for unit in split_units(name):
            if unit not in result.responsible:
                result.responsible.append(unit)
    return result


@dataclass(frozen=True)
class DistrictRef:
    """A district named in a measure: GB/T 2260 code, its name, and the words that named it."""

    code: str
    name: str
    as_written: str


@dataclass
class Resolved:
    resolution: dict[str, list[str]]
    notes: dict[str, str]
    unresolved: list[str]


def resolve_units(names: Sequence[str], *, district: str | None, year: int | None) -> Resolved:
    """Resolve names through the registry: codes per name (collectives expanded), unresolved names listed."""
    mod = _orgs()
    out = Resolved({}, {}, [])
    for name in names:
        if name in out.resolution or name in out.unresolved:
            continue
        if mod is None:
            out.unresolved.append(name)
            out.notes[name] = "organisation registry engine not available"
            continue
        res: Any = mod.resolve(name, district=district, year=year)
        if res.resolved:
            out.resolution[name] = list(res.units)
        else:
            out.unresolved.append(name)
        if res.note:
            out.notes[name] = str(res.note)
    return out


def _district_names() -> list[tuple[str, str, str]]:
    """(name as it may be written, code, official name) — longest first."""
    mod = _orgs()
    if mod is None:
        return []
    reg = mod.load_registry()
    out: list[tuple[str, str, str]] = []
    for d in reg.districts:
        names = {d.name}
        names.update(a for a in d.aliases if len(a) >= 3 and a != "开发区")
        names.update(former[0] for former in d.former_names)
        out.extend((n, d.code, d.name) for n in names)
    out.sort(key=lambda t: -len(t[0]))
    return out


def _all_districts() -> list[tuple[str, str]]:
    mod = _orgs()
    if mod is None:
        return []
    reg = mod.load_registry()
    return [(d.code, d.name) for d in reg.real_districts]


_ALL_RE = re.compile(r"各区(?![域间别块段位分])")


def districts_in(texts: Sequence[str]) -> list[DistrictRef]:
    """Districts named in the texts (measure text, unit names): full names (东城区, 北京经济技术开发区, former
    names such as 崇文区) and ``各区`` (all 16 districts). One entry per code, in order of first mention."""
    found: list[tuple[int, int, DistrictRef]] = []
    names = _district_names()
    for t_index, text in enumerate(texts):
        taken = [False] * len(text)
        for written, code, official in names:
            for m in re.finditer(re.escape(written), text):
                if any(taken[m.start() : m.end()]):
                    continue
                for i in range(m.start(), m.end()):
                    taken[i] = True
                found.append((t_index, m.start(), DistrictRef(code, official, written)))
        for m in _ALL_RE.finditer(text):
            for code, official in _all_districts():
                found.append((t_index, m.start(), DistrictRef(code, official, "各区")))
    found.sort(key=lambda t: (t[0], t[1]))
    out: list[DistrictRef] = []
    seen: set[str] = set()
    for _, _, ref in found:
        if ref.code not in seen:
            seen.add(ref.code)
            out.append(ref)
    return out


def district_code(name_or_code: str) -> str | None:
    """A district context given as GB/T 2260 code or name (东城区, 东城) → code; ``110000``/北京市 → ``110000``."""
    value = name_or_code.strip()
    if value in ("110000", "北京市", "北京", "全市", "市级"):
        return "110000"
    mod = _orgs()
    if mod is None:
        return value if re.fullmatch(r"\d{6}", value) else None
    reg = mod.load_registry()
    d = reg.district(value) or reg.district_by_name(value)
    return d.code if d is not None else None


def district_of_title(title: str) -> str | None:
    """The district a plan belongs to, from its title (``东城区净土保卫战…`` → ``110101``); None if municipal."""
    t = re.sub(r"^(?:中共)?北京市", "", title)
    for written, code, _ in _district_names():
        if t.startswith(written):
            return code
    return None
