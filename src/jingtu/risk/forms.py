"""The "run risk assessment" form: choices and parsing only (values are checked by the engine's parsers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingtu.engines.risk import RiskInputError, parse_chem_value, parse_value
from jingtu.risk.models import LandClass, Statistic

LAYER_CHOICES = [
    ("surface", _("Surface soil")),
    ("subsurface", _("Subsurface soil")),
    ("groundwater", _("Groundwater")),
]


class AssessmentForm(forms.Form):
    land_class = forms.TypedChoiceField(label=_("Land class"), choices=LandClass.choices, coerce=int)
    statistic = forms.ChoiceField(label=_("Exposure concentration"), choices=Statistic.choices,
                                  initial=Statistic.UCL95)  # fmt: skip
    layers = forms.MultipleChoiceField(
        label=_("Layers"), choices=LAYER_CHOICES, widget=forms.CheckboxSelectMultiple,
        initial=[c for c, _l in LAYER_CHOICES],
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
