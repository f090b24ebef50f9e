"""Text cleaning for plan documents exported from PDF/Word.

What the exports do to the text, and what is undone here (each function is pure and total — it never raises):

* full-width ASCII (``２０２４``, ``９５％``, ``１．``) → half-width; Chinese punctuation （，。：；（）） is kept;
* Word bookmarks written out by converters (``[bookmark: _Toc97110907]``) are removed;
* HTML paragraph tags in cells (``<p>区生态环境局</p><p>区经信局</p>``) become line breaks, other tags go, entities
  (``&nbsp;`` …) are decoded;
* LaTeX inequalities (``$\\geq 95\\%$``) become plain text (``≥95%``);
* spaces next to a CJK character are PDF line wraps (``防控未 利用地``, ``2017 年 3 月底前``) and are removed;
  spaces between two Latin/digit runs are kept (``DB11/T 656``).
"""

from __future__ import annotations

import html
import re

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and full-width forms that count as "CJK" for the space rule.
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2014\u2026\u00b7"

_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]{0,200}\]")
_P_TAG_RE = re.compile(r"</?(?:p|br|div|li|tr|td|th)(?:\s[^>]{0,200})?/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,200})?/?>")
_LATEX_RE = re.compile(r"\$\$?([^$]{0,200})\$\$?|\\\((.{0,200}?)\\\)")
_LATEX_CMDS: tuple[tuple[str, str], ...] = (
    (r"\geqslant", "≥"),
    (r"\leqslant", "≤"),
    (r"\geq", "≥"),
    (r"\leq", "≤"),
    (r"\ge", "≥"),
    (r"\le", "≤"),
    (r"\neq", "≠"),
    (r"\ne", "≠"),
    (r"\gt", ">"),
    (r"\lt", "<"),
    (r"\approx", "≈"),
    (r"\times", "×"),
    (r"\pm", "±"),
    (r"\sim", "~"),
    (r"\cdot", "·"),
    (r"\%", "%"),
    (r"\,", ""),
    (r"\;", ""),
    (r"\!", ""),
    (r"\ ", ""),
)
_LATEX_TEXT_RE = re.compile(r"\\(?:text|mathrm|mathit|textrm|rm|operatorname)\s*\{([^{}]*)\}")
_LATEX_SUP_RE = re.compile(r"\^\{?([0-9])\}?")
_LATEX_SUB_RE = re.compile(r"_\{?([0-9a-zA-Z])\}?")
_SUPERSCRIPTS = {"2": "²", "3": "³"}

# Full-width forms mapped to ASCII: digits, letters and the symbols used in numbers and inequalities.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "－": "-", "＜": "<", "＝": "=", "＞": ">", "／": "/"})
_FULLWIDTH.update(
    {"～": "~", "＄": "$", "＼": "\\", "＾": "^", "＿": "_", "｛": "{", "｝": "}", "\u3000": " "}
)
_FULLWIDTH.update({"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "", "\ufeff": ""})
_FW_TABLE = str.maketrans(_FULLWIDTH)

_SPACE_CJK_RE = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \t]+|[ \t]+(?=[{CJK}{CJK_PUNCT}])")
_MULTI_SPACE_RE = re.compile(r"[ \t]{2,}")


def _latex_body(body: str) -> str:
    s = body
    s = _LATEX_TEXT_RE.sub(r"\1", s)
    for cmd, repl in _LATEX_CMDS:
        # a command must not run into letters (\le must not eat \left)
        s = re.sub(re.escape(cmd) + r"(?![a-zA-Z])", repl.replace("\\", "\\\\"), s)
    s = _LATEX_SUP_RE.sub(lambda m: _SUPERSCRIPTS.get(m.group(1), m.group(1)), s)
    s = _LATEX_SUB_RE.sub(r"\1", s)
    s = s.replace("{", "").replace("}", "")
    s = re.sub(r"\\[a-zA-Z]+", "", s)  # unknown commands: dropped, their arguments kept
    return s.replace(" ", "")


def latex_to_text(text: str) -> str:
    """``$\\geq 95\\%$`` → ``≥95%``; ``\\(x \\le 3\\)`` → ``x≤3``. Text outside math is unchanged."""
    if "$" not in text and "\\(" not in text:
        return text
    return _LATEX_RE.sub(lambda m: _latex_body(m.group(1) if m.group(1) is not None else m.group(2)), text)


def fullwidth_to_ascii(text: str) -> str:
    """Full-width digits, letters and number symbols → ASCII; Chinese punctuation is left as written."""
    return text.translate(_FW_TABLE)


def strip_markup(text: str) -> str:
    """Remove converter bookmarks and HTML tags; ``<p>``/``<br>`` boundaries become ``\\n``."""
    s = _BOOKMARK_RE.sub("", text)
    if "<" in s:
        s = _P_TAG_RE.sub("\n", s)
        s = _TAG_RE.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    return s


def remove_wrap_spaces(text: str) -> str:
    """Remove spaces adjacent to CJK characters (PDF wraps); collapse other runs of spaces to one."""
    s = _SPACE_CJK_RE.sub("", text)
    return _MULTI_SPACE_RE.sub(" ", s)


def clean_inline(text: str) -> str:
    """Clean one piece of text to a single line: markup, LaTeX, full-width, wrap spaces; newlines joined.

    Lines are joined without a separator (Chinese has no spaces between words) unless both sides are Latin or
    digits, where one space is kept.
    """
    s = strip_markup(fullwidth_to_ascii(text))
    s = latex_to_text(s)
    parts = [remove_wrap_spaces(p).strip() for p in s.splitlines()]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", p[0]) and re.match(r"[A-Za-z0-9]", out[-1]):
            out += " "
        out += p
    return out


def clean_block(text: str) -> str:
    """Like :func:`clean_inline` but keeps paragraph breaks: a line ending a sentence (。；！？) ends a paragraph,
    other line breaks are wraps and are joined."""
    s = strip_markup(fullwidth_to_ascii(text))
    s = latex_to_text(s)
    paras: list[str] = []
    cur = ""
    for raw in s.splitlines():
        p = remove_wrap_spaces(raw).strip()
        if not p:
            continue
        if cur and re.match(r"[A-Za-z0-9]", p[0]) and re.match(r"[A-Za-z0-9]", cur[-1]):
            cur += " "
        cur += p
        if cur.endswith(("。", "；", "！", "？", ".", ";")):
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return "\n".join(paras)


def squash(text: str) -> str:
    """A comparison key: cleaned, all whitespace removed. Used to check that no text was lost."""
    return re.sub(r"\s+", "", clean_inline(text))
