from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingtu.labdata.engine import ScreeningOptions
from jingtu.labdata.models import Outcome

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_BACKGROUND_BYTES = 5 * 1024 * 1024


class ScreeningForm(forms.Form):
    """The standard a plot's results are screened against (upload and re-screening)."""

    STANDARDS = [
        ("gb36600", _("GB 36600-2018 (construction land)")),
        ("gb15618", _("GB 15618-2018 (agricultural land)")),
        ("gb14848", _("GB/T 14848-2017 (groundwater)")),
    ]
    standard = forms.ChoiceField(label=_("Screening standard"), choices=STANDARDS, initial="gb36600")
    land_class = forms.TypedChoiceField(
        label=_("GB 36600 land class"),
        choices=[(1, _("Class 1 (first-class land)")), (2, _("Class 2 (second-class land)"))],
        coerce=int,
        required=False,
    )
    land_use = forms.ChoiceField(
        label=_("GB 15618 land use"),
        choices=[("", "—"), ("paddy", _("Paddy field")), ("other", _("Other")), ("orchard", _("Orchard"))],
        required=False,
    )

    groundwater = forms.BooleanField(
        label=_("Screen groundwater rows against GB/T 14848-2017"), required=False, initial=True
    )

    @staticmethod
    def initial_for(plot: Any) -> dict[str, Any]:
        """The plot's GB 36600 land class preselected (from its land use), when it has one."""
        return {} if plot.gb36600_class is None else {"land_class": plot.gb36600_class}

    def options(self) -> ScreeningOptions:
        """The chosen standard as the engine's options (after ``is_valid()``)."""
        d = self.cleaned_data
        return ScreeningOptions(
            standard=d["standard"],
            land_class=d.get("land_class") or None,
            land_use=d.get("land_use") or None,
            groundwater=bool(d.get("groundwater")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("standard") == "gb36600" and not data.get("land_class"):
            self.add_error("land_class", _("GB 36600 needs the land class."))
        if data.get("standard") == "gb15618" and not data.get("land_use"):
            self.add_error("land_use", _("GB 15618 needs the land use."))
        return data


class UploadForm(ScreeningForm):
    file = forms.FileField(label=_("EDD file (CSV or XLSX)"))
    field_order = ["file", "standard", "land_class", "land_use", "groundwater"]

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        name = f.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files are accepted."))
        return f


class RescreenForm(ScreeningForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class BackgroundSetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    version = forms.CharField(label=_("Version"), max_length=40)
    issued_on = forms.DateField(label=_("Date of the values"), required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Survey, report or standard (and table) the values come from."),
    )
    scope = forms.ChoiceField(label=_("Applies to"))
    file = forms.FileField(label=_("Background values (CSV)"))
    activate = forms.BooleanField(
        label=_("Use for screening now (retires the active set of the same scope)"),
        required=False,
        initial=True,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > MAX_BACKGROUND_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class ResultFilterForm(forms.Form):
    EXCEEDING = "exceeding"
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All")), (EXCEEDING, _("Above screening or intervention")), *Outcome.choices],
        required=False,
    )
    analyte = forms.CharField(label=_("Analyte"), required=False)
    depth_min = forms.FloatField(label=_("Depth from (m)"), required=False, min_value=0)
    depth_max = forms.FloatField(label=_("Depth to (m)"), required=False, min_value=0)
