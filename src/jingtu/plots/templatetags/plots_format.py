"""Display helpers of the plot pages: readable audit-action labels and the geo engine's import messages translated.

Stored records (audit events, import receipts) keep the raw action names and the engine's English texts; only the
display is translated. Unknown actions and messages are shown as written.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jingtu.engines.geo.detect import WGS84_NOTE
from jingtu.web.engine_text import EngineText, Rule

register = template.Library()

# audit actions recorded by jingtu.plots.actions / importing (and the generic verbs of jingtu.core.actions)
_ACTION_LABEL = {
    "create": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "restore": _("Restored"),
    "create_plot": _("Plot registered"),
    "update_plot": _("Plot details changed"),
    "add_contact": _("Contact added"),
    "attach_document": _("Document attached"),
    "record_review": _("Expert review recorded"),
    "record_exceedance": _("Screening exceedance recorded"),
    "propose_list_change": _("List change proposed"),
    "propose_priority_list": _("Priority list proposed"),
    "confirm_proposal": _("Proposal confirmed"),
    "reject_proposal": _("Proposal rejected"),
    "gate_refused": _("Transition refused (requirements not met)"),
    "transition": _("Lifecycle transition"),
    "record_milestone": _("Milestone recorded"),
    "land_decision": _("Land-use decision recorded"),
    "import_plots": _("Plots imported"),
    "remediation_list_enter": _("Entered the risk-control and remediation list"),
    "remediation_list_exit": _("Left the risk-control and remediation list"),
    "dormant_list_enter": _("Entered the not-for-development ledger"),
    "dormant_list_exit": _("Left the not-for-development ledger"),
    "priority_list_enter": _("Entered the priority-supervision list"),
    "priority_list_exit": _("Left the priority-supervision list"),
}


@register.filter
def action_label(value: str) -> str:
    """Readable label of an audit action name; the raw name when it is not known."""
    text = str(value or "")
    label = _ACTION_LABEL.get(text)
    return str(label) if label is not None else text


# ---- geo engine messages (jingtu.engines.geo.detect / read / validate / crs) and the import adapter's wrappers ----

_HOW = {
    "declared": _("declared"),
    "stated by user": _("stated by user"),
    "inferred from coordinates": _("inferred from coordinates"),
}
_STATUS = {  # the engine's PolygonCheck status (not the "rejected" of a proposal or a lab report)
    "valid": pgettext_lazy("polygon check", "valid"),
    "repaired": pgettext_lazy("polygon check", "repaired"),
    "rejected": pgettext_lazy("polygon check", "rejected"),
}
_EXACT = {
    "empty geometry": _("empty geometry"),
    "coordinates are not finite numbers (cannot be transformed)": _(
        "coordinates are not finite numbers (cannot be transformed)"
    ),
    "longitude/latitude degrees inside China": _("longitude/latitude degrees inside China"),
    "the values look like latitude/longitude in swapped order (y, x); fix the axis order": _(
        "the values look like latitude/longitude in swapped order (y, x); fix the axis order"
    ),
    "the values are neither longitude/latitude in China nor Gauss–Krüger northings": _(
        "the values are neither longitude/latitude in China nor Gauss–Krüger northings"
    ),
    "eastings have no zone prefix": _("eastings have no zone prefix"),
    "the eastings fit no CGCS2000 Gauss–Krüger zone": _("the eastings fit no CGCS2000 Gauss–Krüger zone"),
    "state the central meridian, e.g. CM117 (= EPSG:4548)": _(
        "state the central meridian, e.g. CM117 (= EPSG:4548)"
    ),
    "no coordinates to check the coordinate system against (file has no geometry)": _(
        "no coordinates to check the coordinate system against (file has no geometry)"
    ),
    "EPSG:4490 (ledger column boundary_wkt): CGCS2000 longitude/latitude by definition": _(
        "EPSG:4490 (ledger column boundary_wkt): CGCS2000 longitude/latitude by definition"
    ),
    "the file has no layers": _("the file has no layers"),
    "layers declare different coordinate systems; split the file": _(
        "layers declare different coordinate systems; split the file"
    ),
}
_GCJ_TAIL = (
    " → CGCS2000 geographic (EPSG:4490). WGS84 data is the same to about 1 m; GCJ-02 (web-map) coordinates would "
    "be about 500 m off and cannot be detected — do not import them"
)


def _t(m: re.Match[str], group: int | str) -> str:
    return geo_text(m.group(group))


_RULES: list[Rule] = [
    # receipt.crs: "EPSG:n (how): message"
    (
        re.compile(r"^(EPSG:\d+) \((declared|stated by user|inferred from coordinates)\): (.+)$", re.S),
        lambda m: (
            gettext("%(epsg)s (%(how)s): %(message)s")
            % {"epsg": m.group(1), "how": _HOW[m.group(2)], "message": _t(m, 3)}
        ),
    ),
    # adapter wrappers of the engine's feature checks
    (
        re.compile(r"^feature (\d+): repaired: (.+)$", re.S),
        lambda m: gettext("feature %(n)s: repaired: %(problem)s") % {"n": m.group(1), "problem": _t(m, 2)},
    ),
    (
        re.compile(r"^row (\d+): boundary repaired: (.+)$", re.S),
        lambda m: (
            gettext("row %(n)s: boundary repaired: %(problem)s") % {"n": m.group(1), "problem": _t(m, 2)}
        ),
    ),
    (
        re.compile(r"^(valid|repaired|rejected): (.+)$", re.S),
        lambda m: f"{_STATUS[m.group(1)]}: {_t(m, 2)}",
    ),
    # CRS decisions (detect.detect_crs, read._decide, read.read_boundary_file)
    (
        re.compile(r"^GeoJSON without a 'crs' member \(RFC 7946 §4 means WGS84\); (.+)$", re.S),
        lambda m: (
            gettext("GeoJSON without a 'crs' member (RFC 7946 §4 means WGS84); %(message)s")
            % {"message": _t(m, 1)}
        ),
    ),
    (
        re.compile(r"^(.+); (\d+) of (\d+) features do not fit it and are rejected$", re.S),
        lambda m: (
            gettext("%(message)s; %(stray)s of %(n)s features do not fit it and are rejected")
            % {"message": _t(m, 1), "stray": m.group(2), "n": m.group(3)}
        ),
    ),
    (
        re.compile(r"^(.+)\. " + re.escape(WGS84_NOTE) + "$", re.S),
        lambda m: (
            gettext(
                "%(message)s. WGS84 is stored as CGCS2000 without a shift: the two agree to about 1 m, below the accuracy "
                "of boundary data"
            )
            % {"message": _t(m, 1)}
        ),
    ),
    (
        re.compile(r"^(.+); the file declares (.+), overridden as instructed$", re.S),
        lambda m: (
            gettext("%(message)s; the file declares %(declared)s, overridden as instructed")
            % {"message": _t(m, 1), "declared": m.group(2)}
        ),
    ),
    (
        re.compile(r"^(EPSG:\d+ [^;]+), stated by the user$"),
        lambda m: gettext("%(crs)s, stated by the user") % {"crs": m.group(1)},
    ),
    (
        re.compile(r"^(EPSG:\d+ [^;]+), declared by the file$"),
        lambda m: gettext("%(crs)s, declared by the file") % {"crs": m.group(1)},
    ),
    (
        re.compile(r"^no CRS declared; (.+)" + re.escape(_GCJ_TAIL) + "$", re.S),
        lambda m: (
            gettext(
                "no CRS declared; %(why)s → CGCS2000 geographic (EPSG:4490). WGS84 data is the same to about 1 m; "
                "GCJ-02 (web-map) coordinates would be about 500 m off and cannot be detected — do not import them"
            )
            % {"why": _t(m, 1)}
        ),
    ),
    (
        re.compile(r"^no CRS declared; (.+) → (EPSG:\d+ .+)$", re.S),
        lambda m: gettext("no CRS declared; %(why)s → %(crs)s") % {"why": _t(m, 1), "crs": m.group(2)},
    ),
    (
        re.compile(r"^eastings carry the Gauss–Krüger zone prefix (\d+)$"),
        lambda m: gettext("eastings carry the Gauss–Krüger zone prefix %(zone)s") % {"zone": m.group(1)},
    ),
    (
        re.compile(r"^eastings span two zone prefixes \((\d+) and (\d+)\)$"),
        lambda m: (
            gettext("eastings span two zone prefixes (%(a)s and %(b)s)") % {"a": m.group(1), "b": m.group(2)}
        ),
    ),
    # CRS refusals (detect.CrsError)
    (
        re.compile(
            r"^no coordinate system declared and the coordinates \((.+?)\) look like Gauss–Krüger \(or UTM\) metres "
            r"without a zone prefix: the central meridian cannot be told from them; (.+)$",
            re.S,
        ),
        lambda m: (
            gettext(
                "no coordinate system declared and the coordinates (%(bounds)s) look like Gauss–Krüger (or UTM) metres "
                "without a zone prefix: the central meridian cannot be told from them; %(hint)s"
            )
            % {"bounds": m.group(1), "hint": _t(m, 2)}
        ),
    ),
    (
        re.compile(r"^state the central meridian; for this region it is usually CM(\d+) \(= (.+)\)$"),
        lambda m: (
            gettext("state the central meridian; for this region it is usually CM%(cm)s (= %(crs)s)")
            % {"cm": m.group(1), "crs": m.group(2)}
        ),
    ),
    (
        re.compile(r"^no coordinate system declared and none can be inferred from (x .+?): (.+)$", re.S),
        lambda m: (
            gettext("no coordinate system declared and none can be inferred from %(bounds)s: %(why)s")
            % {"bounds": m.group(1), "why": _t(m, 2)}
        ),
    ),
    (
        re.compile(
            r"^coordinates \((x .+?)\) do not fit the stated (EPSG:\d+ [^;(]+?)(?:; they look like (EPSG:\d+ [^(]+) \((.+)\)| \((.+)\))$",
            re.S,
        ),
        lambda m: (
            gettext("coordinates (%(bounds)s) do not fit the stated %(crs)s")
            % {"bounds": m.group(1), "crs": m.group(2)}
            + (
                gettext("; they look like %(guess)s (%(why)s)") % {"guess": m.group(3), "why": _t(m, 4)}
                if m.group(3)
                else f" ({_t(m, 5)})"
            )
        ),
    ),
    (
        re.compile(r"^cannot read CRS (.+); write e\.g\. EPSG:4490, EPSG:4548 or CM117$"),
        lambda m: (
            gettext("cannot read CRS %(text)s; write e.g. EPSG:4490, EPSG:4548 or CM117")
            % {"text": m.group(1)}
        ),
    ),
    # polygon checks (validate.check_polygon)
    (
        re.compile(r"^not a polygon: (\w+)$"),
        lambda m: gettext("not a polygon: %(type)s") % {"type": m.group(1)},
    ),
    (
        re.compile(r"^non-polygonal members of the (\w+) dropped$"),
        lambda m: gettext("non-polygonal members of the %(type)s dropped") % {"type": m.group(1)},
    ),
    (
        re.compile(
            r"^outside China: bounds (\S+ – \S+) \(lon/lat\); wrong coordinate system or swapped axes\?$"
        ),
        lambda m: (
            gettext("outside China: bounds %(bounds)s (lon/lat); wrong coordinate system or swapped axes?")
            % {"bounds": m.group(1)}
        ),
    ),
    (
        re.compile(r"^degenerate polygon \((.+)\): nothing polygonal remains$", re.S),
        lambda m: (
            gettext("degenerate polygon (%(reason)s): nothing polygonal remains") % {"reason": m.group(1)}
        ),
    ),
    (
        re.compile(r"^degenerate polygon: area (\S+) m² < (\S+) m²$"),
        lambda m: (
            gettext("degenerate polygon: area %(area)s m² < %(min)s m²")
            % {"area": m.group(1), "min": m.group(2)}
        ),
    ),
    (
        re.compile(
            r"^invalid \((.+)\); repaired with make_valid, area (\S+) m² → (\S+) m²(?:; (.+))?$", re.S
        ),
        lambda m: (
            gettext("invalid (%(reason)s); repaired with make_valid, area %(before)s m² → %(after)s m²")
            % {"reason": m.group(1), "before": m.group(2), "after": m.group(3)}
            + (f"; {_t(m, 4)}" if m.group(4) else "")
        ),
    ),
    (
        re.compile(r"^invalid \((.+)\); repaired with make_valid, area (\S+) m²(?:; (.+))?$", re.S),
        lambda m: (
            gettext("invalid (%(reason)s); repaired with make_valid, area %(after)s m²")
            % {"reason": m.group(1), "after": m.group(2)}
            + (f"; {_t(m, 3)}" if m.group(3) else "")
        ),
    ),
]


_GEO = EngineText(_EXACT, _RULES)


@register.filter
def geo_text(value: Any) -> str:
    """Display translation of a geo-engine message (CRS decision, polygon repair or rejection); as written if unknown."""
    return _GEO(value)


_FILE_PREFIX = re.compile(r"^([^:]+\.\w+): (.+)$", re.S)


@register.filter
def import_error(error: Any) -> str:
    """An import error (`jingtu.plots.importing.RowError`) with its file, row and field, the message translated."""
    file, row, field, message = (getattr(error, a, None) for a in ("file", "row", "field", "message"))
    if file is None or message is None:
        return geo_text(error)
    if row == 0 and field == "(file)":
        m = _FILE_PREFIX.match(message)
        if m and m.group(1) == file:
            message = m.group(2)
        return f"{file}: {geo_text(message)}"
    if row == 0:
        return f"{file}: {field}: {geo_text(message)}"
    return gettext("%(file)s: row %(row)s, field %(field)s: %(message)s") % {
        "file": file, "row": row, "field": field, "message": geo_text(message),
    }  # fmt: skip
