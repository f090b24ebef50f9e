"""Input forms of the plan-tracking screens (parsing and validation of input only; rules live in actions/engines)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingtu.divisions.models import District
from jingtu.engines import evaluation as ev
from jingtu.plans.models import Obligation, ProgressReview


def _lines(value: str) -> list[str]:
    out: list[str] = []
    for line in value.replace("、", "\n").splitlines():
        line = line.strip()
        if line and line not in out:
            out.append(line)
    return out


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan document (.txt, .docx, .xlsx)"))
    district = forms.ModelChoiceField(
        District.objects.all(),
        required=False,
        label=_("District"),
        empty_label=_("— as the title says (municipal if it names no district) —"),
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title (when the document does not start with it)"), required=False, max_length=300
    )


class MeasureForm(forms.Form):
    task_number = forms.CharField(label=_("Task number"), required=False, max_length=20)
    task_title = forms.CharField(label=_("Task"), required=False, max_length=300)
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline_text = forms.CharField(label=_("Deadline (as written)"), required=False, max_length=200)
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    lead = forms.CharField(
        label=_("Lead units (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(
        label=_("Responsible units (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cooperating = forms.CharField(
        label=_("Cooperating units (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    districts = forms.CharField(label=_("Districts named (codes)"), required=False, max_length=300)

    def clean_lead(self) -> list[str]:
        return _lines(self.cleaned_data["lead"])

    def clean_responsible(self) -> list[str]:
        return _lines(self.cleaned_data["responsible"])

    def clean_cooperating(self) -> list[str]:
        return _lines(self.cleaned_data["cooperating"])

    def clean_districts(self) -> list[str]:
        codes = [c for c in self.cleaned_data["districts"].replace(",", " ").split() if c]
        known = set(District.objects.filter(code__in=codes).values_list("code", flat=True))
        bad = [c for c in codes if c not in known]
        if bad:
            raise forms.ValidationError(
                _("Unknown district code(s): %(codes)s"), params={"codes": ", ".join(bad)}
            )
        return codes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one upload (the view reads them with ``request.FILES.getlist``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Obligation.Status.choices)
    narrative = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    indicators = forms.CharField(
        label=_("Indicator values (one per line: indicator = value)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def clean_indicators(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for n, line in enumerate(self.cleaned_data["indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(_("Line %(n)s: write indicator = value"), params={"n": n})
            key, _sep, raw = line.partition("=")
            raw = raw.strip()
            if not raw:
                continue  # a prefilled target left without a value
            try:
                value: Any = float(raw.rstrip("%"))
            except ValueError:
                value = raw
            out[key.strip()] = value
        return out


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ProgressReview.Decision.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


_SYMBOL = {">=": "≥", "<=": "≤"}


class EvaluationForm(forms.Form):
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"), to_field_name="code")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=dt.date.today().year)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = ev.load_config()
        for aspect in self.config.aspects:
            self.fields[f"w_{aspect.key}"] = forms.FloatField(
                label=f"{aspect.name} · {_('weight')}",
                min_value=0,
                max_value=1,
                initial=aspect.weight,
            )
            for ind in aspect.indicators:
                self.fields[f"v_{ind.key}"] = forms.FloatField(
                    label=f"{ind.name}（{ind.unit}，{_('target')} {_SYMBOL.get(ind.op, ind.op)} {ind.target:g}）",
                    required=False,
                )

    def values(self) -> dict[str, float | None]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("v_")}

    def weights(self) -> dict[str, float]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("w_")}
