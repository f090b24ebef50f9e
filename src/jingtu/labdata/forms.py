from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingtu.labdata.models import Outcome

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    STANDARDS = [
        ("gb36600", _("GB 36600-2018 (construction land)")),
        ("gb15618", _("GB 15618-2018 (agricultural land)")),
        ("gb14848", _("GB/T 14848-2017 (groundwater)")),
    ]
    file = forms.FileField(label=_("EDD file (CSV or XLSX)"))
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

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        name = f.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files are accepted."))
        return f

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("standard") == "gb36600" and not data.get("land_class"):
            self.add_error("land_class", _("GB 36600 needs the land class."))
        if data.get("standard") == "gb15618" and not data.get("land_use"):
            self.add_error("land_use", _("GB 15618 needs the land use."))
        return data


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
