"""Cleaning of unit names as written in plan documents, and splitting of department cells.

Handles what PDF/Word exports do to names: full-/half-width brackets (NFKC, then 「（」「）」 everywhere), stray
spaces where a line wrapped (``北京经济技术 开发区管委会``), HTML paragraph tags, trailing 等 / 等相关部门 noise,
role words (牵头, 负责 …) left over from prose assignments, and list punctuation.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = r"\u3400-\u9fff"
_TAG_RE = re.compile(r"<[^>]{0,80}>")
_SPACE_RE = re.compile(r"\s+")
_LATEX_RE = re.compile(r"\$[^$]*\$")
# Role words ending a prose assignment: "(市环保局、市农委牵头，市财政局等相关部门和各区政府按职责分工负责)".
_ROLE_SUFFIX_RE = re.compile(
    r"(?:按职责分工负责|按职责负责|分工负责|分别负责|共同负责|牵头负责|负责落实|配合落实|按职责落实|"
    r"牵头|负责|配合|参与|参加|落实|督促|指导)$"
)
# "等相关部门", "等有关单位" … : noise after the last real name of a list.
_ETC_TAIL_RE = re.compile(r"等(?:其他)?(?:相关|有关)?(?:部门|单位|委办局|职能部门)?$")
_EMPTY_CELL = {"", "—", "——", "－", "-", "--", "/", "无", "暂无", "／"}
# Terminal characters of a complete unit name; a line not ending with one is a wrapped fragment.
_UNIT_END_RE = re.compile(
    r"(?:局|委|委员会|政府|办事处|管委会|分局|中心|支队|总队|部门|单位|街道|镇|乡|区|会|办|所|院|队|组|部|室|站|）)$"
)
_LIST_SEP_RE = re.compile(r"[、，,；;：:/]")
# 和/及/与 between two units: left ends like a unit, right starts like one. Never splits 规划和自然资源.
_CONJ_RE = re.compile(
    r"(?<=局|委|会|府|门|处|位|队|心)(?:和|及|与|以及)(?=各|市|区|相关|有关|北京|中共|[" + _CJK + r"]{2}区)"
)


def clean_name(text: str) -> str:
    """Return ``text`` cleaned to the form used for display and lookup.

    NFKC (full-width ASCII → ASCII), then brackets to full-width 「（」「）」, HTML tags and all whitespace removed
    (Chinese unit names contain no spaces; a space is a PDF line wrap), list punctuation and role words trimmed
    from the ends, a trailing 等 / 等相关部门 removed.
    """
    s = unicodedata.normalize("NFKC", text)
    s = _TAG_RE.sub("", s)
    s = _LATEX_RE.sub("", s)
    s = s.replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    s = s.replace("【", "（").replace("】", "）")
    s = _SPACE_RE.sub("", s)
    s = s.strip("、，,。.；;：:“”\"'‘’·•*※")
    # Outer parentheses around the whole thing, e.g. a prose assignment "(市环保局牵头)".
    while s.startswith("（") and s.endswith("）") and s.count("（") == 1:
        s = s[1:-1]
    prev = None
    while prev != s:
        prev = s
        s = _ROLE_SUFFIX_RE.sub("", s)
        stripped = _ETC_TAIL_RE.sub("", s)
        if stripped and stripped != s:
            s = stripped
        s = s.strip("、，,。.；;：: ")
    return s


def lookup_key(cleaned: str) -> str:
    """Key under which a cleaned name is looked up: 北京市 prefix and 人民政府/政府 differences removed.

    ``北京市生态环境局`` and ``市生态环境局`` share a key (Beijing documents drop 北京 before 市…);
    ``北京市东城区人民政府``, ``东城区人民政府`` and ``东城区政府`` share one.
    """
    s = cleaned.replace("人民政府", "政府")
    if s.startswith("北京市") and len(s) > 3:
        rest = s[3:]
        # 北京市东城区… → 东城区…; 北京市生态环境局 → 市生态环境局; 北京市委… → 市委…
        s = rest if re.match(r"^[" + _CJK + r"]{1,3}区", rest) and not rest.startswith("区") else "市" + rest
    return s


def _strip_wrapping_parens(line: str) -> str:
    """``（市环保局牵头，…负责）`` → its content, when the first bracket closes at the very end."""
    while line.startswith("（") and line.endswith("）"):
        depth = 0
        for i, ch in enumerate(line):  # noqa: B007 - i is read after the loop
            depth += ch == "（"
            depth -= ch == "）"
            if depth == 0:
                break
        if i != len(line) - 1:
            break
        line = line[1:-1]
    return line


def _join_fragments(lines: list[str]) -> list[str]:
    """Join a parenthesised alias line to the unit above it, and a wrapped fragment to the line below."""
    out: list[str] = []
    pending = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("（") and out and not pending:
            out[-1] += line
            continue
        line = pending + line
        pending = ""
        last = _LIST_SEP_RE.split(line)[-1]
        if last and not _UNIT_END_RE.search(last) and not _LIST_SEP_RE.search(line[-1:]) and len(last) < 12:
            pending = line
            continue
        out.append(line)
    if pending:
        out.append(pending)
    return out


def _distribute_function_stems(items: list[str]) -> list[str]:
    """``农业农村、园林绿化部门`` → ``农业农村部门``, ``园林绿化部门``.

    A run of bare stems (no unit-like ending) followed by an item ending in 部门 shares that ending.
    """
    out: list[str] = []
    run: list[str] = []
    for item in items:
        bare = re.sub(r"等(?:相关|有关)?部门$", "", item)
        if bare != item and not _UNIT_END_RE.search(bare) and len(bare) <= 8:
            item = bare + "部门"
        if item.endswith("部门") and run:
            prefix_free = item
            out.extend(s + "部门" for s in run)
            out.append(prefix_free)
            run = []
        elif not _UNIT_END_RE.search(item) and len(item) <= 8 and not item.startswith("各"):
            run.append(item)
        else:
            out.extend(run)
            run = []
            out.append(item)
    out.extend(run)
    return out


def split_units(text: str) -> list[str]:
    """Split a department cell into cleaned unit names, in document order, without duplicates.

    ``"区生态环境局、区城市管理委（交通委）\\n东城规自分局"`` → ``["区生态环境局", "区城市管理委（交通委）",
    "东城规自分局"]``. A line holding only ``（交通委）`` belongs to the unit above it. ``等相关部门`` after a name
    is noise and dropped; collective names (``各街道（地区）``, ``各区政府``) are kept. ``——`` means no unit.
    """
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"</?(?:p|br|div|span|td)[^>]{0,40}>", "\n", s, flags=re.IGNORECASE)
    s = _TAG_RE.sub("", s)
    s = s.replace("(", "（").replace(")", "）")
    # Spaces inside a line are PDF wraps, not separators (北京经济技术 开发区管委会).
    lines = [re.sub(r"[ \t\u3000]+", "", ln) for ln in s.splitlines()]
    # Assignment prose: role words separate groups ("…牵头，…负责").
    joined = [_strip_wrapping_parens(ln) for ln in _join_fragments(lines)]
    items: list[str] = []
    for line in joined:
        line = re.sub(r"(?:牵头|负责|配合)(?=[，,；;])", "", line)
        depth = 0
        buf = ""
        parts: list[str] = []
        for ch in line:
            if ch == "（":
                depth += 1
            elif ch == "）":
                depth = max(0, depth - 1)
            if depth == 0 and _LIST_SEP_RE.match(ch):
                parts.append(buf)
                buf = ""
            else:
                buf += ch
        parts.append(buf)
        for part in parts:
            items.extend(_CONJ_RE.split(part))
    cleaned: list[str] = []
    for item in _distribute_function_stems([i.strip() for i in items if i.strip()]):
        name = clean_name(item)
        if name in _EMPTY_CELL or not name:
            continue
        if name not in cleaned:
            cleaned.append(name)
    return cleaned
