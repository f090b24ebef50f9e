"""CAS Registry Numbers and Jingtu pseudo-codes.

A CAS RN has the form ``NNNNNNN-NN-R`` (2–7 digits, 2 digits, 1 check digit). The check digit R is the sum of each
digit of the first two parts multiplied by its position counted from the right (1, 2, 3, ...), modulo 10
(CAS, "CAS Registry Number check digit"). Where no single CAS exists (pH, TPH C10–C40, TEQ, group sums, N-basis ions)
Jingtu uses pseudo-codes ``JT:UPPER-CASE-WORDS``.
"""

from __future__ import annotations

import re
import unicodedata

CAS_RE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
PSEUDO_RE = re.compile(r"^JT:[A-Z0-9][A-Z0-9-]*$")
_UNDASHED_RE = re.compile(r"^\d{5,10}$")


class IdentifierError(ValueError):
    """An analyte identifier is neither a valid CAS RN nor a Jingtu pseudo-code; the message says why."""


def cas_check_digit(digits: str) -> int:
    """Check digit for the digits of the first two CAS parts (without dashes)."""
    return sum(int(d) * i for i, d in enumerate(reversed(digits), start=1)) % 10


def is_valid_cas(text: str) -> bool:
    """True when ``text`` is a well-formed CAS RN whose check digit is right."""
    m = CAS_RE.match(text)
    if m is None:
        return False
    return cas_check_digit(m.group(1) + m.group(2)) == int(m.group(3))


def is_pseudo_code(text: str) -> bool:
    return PSEUDO_RE.match(text) is not None


def normalize_identifier(text: str) -> str:
    """Return the canonical analyte identifier written in ``text`` or raise :class:`IdentifierError`.

    Accepts full-width digits and dashes, surrounding spaces, a ``CAS`` prefix and an undashed CAS RN
    (``7440382`` -> ``7440-38-2``). Pseudo-codes are upper-cased (``jt:ph`` -> ``JT:PH``).
    """
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"^(?i:cas(?:\s*(?:rn|no\.?|号))?)\s*[:：]?\s*", "", s)
    s = re.sub(r"[‐‑‒–—−－]", "-", s).replace(" ", "")
    if s.upper().startswith("JT:"):
        up = s.upper()
        if not is_pseudo_code(up):
            raise IdentifierError(f"pseudo-code {text!r} is malformed (expected JT:WORDS-IN-CAPITALS)")
        return up
    if _UNDASHED_RE.match(s):
        s = f"{s[:-3]}-{s[-3:-1]}-{s[-1]}"
    m = CAS_RE.match(s)
    if m is None:
        raise IdentifierError(f"{text!r} is not a CAS number (expected digits-digits-digit, e.g. 7440-38-2)")
    expected = cas_check_digit(m.group(1) + m.group(2))
    if expected != int(m.group(3)):
        raise IdentifierError(f"CAS {s} has a wrong check digit (expected {expected})")
    return s
