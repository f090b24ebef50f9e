"""Name normalisation for analyte lookup: tolerant of full/half-width characters, bracket shapes, dashes, primes,
Greek letter spellings, case and spaces (苯并[a]芘 = 苯并(a)芘 = 苯并（a）芘; Benzo(a)pyrene = benzo[a]pyrene)."""

from __future__ import annotations

import re
import unicodedata

_BRACKETS = str.maketrans(
    {"[": "(", "]": ")", "{": "(", "}": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"}
)
_DASHES = re.compile(r"[‐‑‒–—−－~～_]")
_PRIMES = re.compile(r"[′’‘`´ʹ＇]")
_SPACE = re.compile(r"\s+")
_ROMAN = str.maketrans({"Ⅵ": "vi", "Ⅲ": "iii", "ⅵ": "vi", "ⅲ": "iii"})
_TRAILING_PAREN = re.compile(r"^(.+?)\(([^()]*)\)$")
_TRAILING_SYMBOL = re.compile(r"^([^a-z0-9]+?)[a-z]{1,2}$")


def name_key(text: str) -> str:
    """Lookup key for an analyte name (NFKC, lower case, () for every bracket, '-' for every dash, no spaces)."""
    s = text.translate(_ROMAN)
    s = unicodedata.normalize("NFKC", s).lower()
    s = s.translate(_BRACKETS)
    s = _DASHES.sub("-", s)
    s = _PRIMES.sub("'", s)
    s = s.replace("，", ",").replace("、", ",")
    return _SPACE.sub("", s)


def fallback_keys(key: str) -> list[str]:
    """Keys to try when ``key`` is unknown: without a trailing '(symbol)' or latin symbol (砷(as) -> 砷, 镉cd -> 镉)."""
    out: list[str] = []
    m = _TRAILING_PAREN.match(key)
    if m is not None:
        out.append(m.group(1))
        out.append(m.group(2))
    m = _TRAILING_SYMBOL.match(key)
    if m is not None:
        out.append(m.group(1))
    return out
