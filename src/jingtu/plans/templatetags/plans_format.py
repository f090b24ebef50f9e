"""Display helpers of the plan screens: target operators as symbols, the organisation resolver's notes in the
user's language (the resolver, `jingtu.engines.orgs`, writes them in English; unknown notes stay as written)."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jingtu.web.engine_text import EngineText, Rule

register = template.Library()

_OPS = {">=": "≥", "<=": "≤", "<": "<", ">": ">", "=": "="}
_KINDS = {
    "streets": gettext_noop("street offices"),
    "towns": gettext_noop("towns"),
    "streets and towns": gettext_noop("street offices and towns"),
}


@register.filter
def op_symbol(op: str) -> str:
    """``>=`` → ``≥`` (targets are stored with ASCII operators, the contract's form)."""
    return _OPS.get(str(op), str(op))


def _collective(m: re.Match[str]) -> str:
    if m.group(1) == "0" and m.group(4):  # nothing enumerated: only the district's group unit
        return _("collective name: %(g)s group unit(s) of %(where)s, members not listed") % {
            "g": m.group(4),
            "where": m.group(3),
        }
    text = _("collective name: %(n)s %(kind)s of %(where)s") % {
        "n": m.group(1),
        "kind": _(_KINDS.get(m.group(2), m.group(2))),
        "where": m.group(3),
    }
    if m.group(4):
        text += _(", and %(g)s district group unit(s) whose members are not listed") % {"g": m.group(4)}
    return text


_RULES: list[Rule] = [
    (re.compile(r"^not in registry$"), lambda m: _("not in the unit registry")),
    (re.compile(r"^vague collective name$"), lambda m: _("vague collective name")),
    (re.compile(r"^not expanded$"), lambda m: _("not expanded into units")),
    (
        re.compile(
            r"^collective: (\d+) enumerated (streets and towns|streets|towns) of (.+?)"
            r"(?: and (\d+) district group unit\(s\) \(members not enumerated\))?$"
        ),
        _collective,
    ),
    (
        re.compile(r"^collective: the (\d+) district units named (.+)$"),
        lambda m: (
            _("collective name: the %(n)s district units named %(name)s")
            % {"n": m.group(1), "name": m.group(2)}
        ),
    ),
    (
        re.compile(r"^collective: (?:all departments of|the municipal and the 16 district governments)(.*)$"),
        lambda m: _("collective name, expanded by the registry"),
    ),
    (
        re.compile(
            r"^functional reference to the .+ authorities \((.+)\) of (.+?)(: none in the registry)?$"
        ),
        lambda m: (
            (_("refers to the %(kind)s authorities of %(where)s") % {"kind": m.group(1), "where": m.group(2)})
            + (_(": none in the registry") if m.group(3) else "")
        ),
    ),
    (
        re.compile(r"^相关/有关: the document means some of these$"),
        lambda m: _("相关/有关: some of these units"),
    ),
    (
        re.compile(r"^historical name \((.+)\) of (.+)$"),
        lambda m: _("former name (%(years)s) of %(unit)s") % {"years": m.group(1), "unit": m.group(2)},
    ),
    (
        re.compile(r"^not in use in (\d{4})$"),
        lambda m: _("no longer in use in %(year)s") % {"year": m.group(1)},
    ),
    (
        re.compile(r"^registry entry not verified against an official list$"),
        lambda m: _("registry entry not yet checked against an official list"),
    ),
    (re.compile(r"^group unit$"), lambda m: _("group unit (members not listed)")),
    (
        re.compile(r"^district (.+) taken from the name$"),
        lambda m: _("district %(d)s taken from the name") % {"d": m.group(1)},
    ),
    (re.compile(r"^parenthetical ignored$"), lambda m: _("text in parentheses ignored")),
    (
        re.compile(r"^ambiguous .*: (\d+) units share this name$"),
        lambda m: _("ambiguous: %(n)s units share this name") % {"n": m.group(1)},
    ),
    (
        re.compile(r"^(.+) has no (streets and towns|streets|towns) in the registry$"),
        lambda m: (
            _("the registry lists no %(kind)s of %(where)s")
            % {"kind": _(_KINDS.get(m.group(2), m.group(2))), "where": m.group(1)}
        ),
    ),
]


_NOTE = EngineText(rules=_RULES)


@register.filter
def resolver_note(note: str) -> str:
    """The resolver's note (parts separated by ``; ``) in the active language; an unknown part is kept."""
    parts = [_NOTE(part.strip()) for part in str(note or "").split("; ")]
    return "；".join(p for p in parts if p)
