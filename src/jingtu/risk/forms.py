"""The "run risk assessment" form: choices and parsing only (values are checked by the engine's parsers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jingtu.engines.risk import PATHWAYS, RiskInputError, parse_chem_value, parse_value
from jingtu.risk.models import LandClass, Statistic

LAYER_CHOICES = [
    ("surface", _("Surface soil")),
    ("subsurface", _("Subsurface soil")),
    ("groundwater", _("Groundwater")),
]

# HJ 25.3-2019 exposure pathways (codes of jingtu.engines.risk; Chinese names in docs/risk-engine.md)
PATHWAY_LABELS = {
    "OIS": _("Oral ingestion of soil"),
    "DCS": _("Dermal contact with soil"),
    "PIS": _("Inhalation of soil particles"),
    "IOV1": _("Outdoor vapour from surface soil"),
    "IOV2": _("Outdoor vapour from subsurface soil"),
    "IIV1": _("Indoor vapour from subsurface soil"),
    "IOV3": _("Outdoor vapour from groundwater"),
    "IIV2": _("Indoor vapour from groundwater"),
    "CGW": _("Drinking groundwater"),
}
assert tuple(PATHWAY_LABELS) == PATHWAYS
PATHWAY_CHOICES = [(c, format_lazy("{} {}", c, label)) for c, label in PATHWAY_LABELS.items()]


class AssessmentForm(forms.Form):
    land_class = forms.TypedChoiceField(label=_("Land class"), choices=LandClass.choices, coerce=int)
    statistic = forms.ChoiceField(label=_("Exposure concentration"), choices=Statistic.choices,
                                  initial=Statistic.UCL95)  # fmt: skip
    layers = forms.MultipleChoiceField(
        label=_("Layers"), choices=LAYER_CHOICES, widget=forms.CheckboxSelectMultiple,
        initial=[c for c, _l in LAYER_CHOICES],
    )  # fmt: skip
    pathways = forms.MultipleChoiceField(
        label=_("Exposure pathways"), choices=PATHWAY_CHOICES, widget=forms.CheckboxSelectMultiple,
        initial=list(PATHWAYS),
        help_text=_("Untick the pathways the site's conceptual model does not have (HJ 25.3-2019 clause 7), e.g. "
                    "drinking groundwater where groundwater is not drunk, indoor vapour where there is no building."),
    )  # fmt: skip
    surface_max_depth_m = forms.FloatField(label=_("Surface layer ends at (m)"), initial=0.5, min_value=0.01)
    analytes = forms.MultipleChoiceField(
        label=_("Substances (none selected = all)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    params = forms.CharField(
        label=_("Parameter overrides"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, HJ 25.3 symbol=value, e.g. BWa=61.8"),
    )  # fmt: skip
    chem = forms.CharField(
        label=_("Chemical parameter overrides"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, CAS:NAME=value, e.g. 71-43-2:Koc=120 (empty value = none)"),
    )  # fmt: skip

    def __init__(self, *args: Any, analytes: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["analytes"].choices = analytes or []

    def clean_params(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for n, line in enumerate(self.cleaned_data["params"].splitlines(), start=1):
            if not line.strip():
                continue
            name, eq, value = line.partition("=")
            if not eq:
                raise forms.ValidationError(_("line %(n)d: expected NAME=VALUE") % {"n": n})
            try:
                out[name.strip()] = parse_value(name.strip(), value)
            except RiskInputError as exc:
                raise forms.ValidationError(f"line {n}: {exc}") from exc
        return out

    def clean_chem(self) -> dict[str, dict[str, float | bool | None]]:
        out: dict[str, dict[str, float | bool | None]] = {}
        for n, line in enumerate(self.cleaned_data["chem"].splitlines(), start=1):
            if not line.strip():
                continue
            cas, colon, rest = line.partition(":")
            name, eq, value = rest.partition("=")
            if not colon or not eq:
                raise forms.ValidationError(_("line %(n)d: expected CAS:NAME=VALUE") % {"n": n})
            try:
                out.setdefault(cas.strip(), {})[name.strip()] = parse_chem_value(name.strip(), value)
            except RiskInputError as exc:
                raise forms.ValidationError(f"line {n}: {exc}") from exc
        return out
