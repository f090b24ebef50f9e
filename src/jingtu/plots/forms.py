"""Input forms of the plot pages (parsing only; rules are the engine's, writes are the actions')."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingtu.plots.models import DocumentType, EntrySource, Plot, State


class DateInput(forms.DateInput):
    """HTML date input; its value is always ISO 8601 whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class PlotFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    district = forms.CharField(label=_("District"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", "—"), *State.choices])
    sensitive = forms.BooleanField(label=_("sensitive use (一住两公)"), required=False)


class PlotForm(forms.ModelForm):
    """The register fields a clerk enters; area, land class and 一住两公 are derived, the state changes only by
    transitions, the boundary comes from an import (SHP/GPKG/GeoJSON/KML) where its CRS is decided and checked."""

    def __init__(self, *args: Any, industries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from jingtu.divisions.models import District

        self.fields["district"].queryset = District.objects.exclude(kind=District.Kind.MUNICIPALITY)
        current = self.instance.industry if self.instance and self.instance.pk else ""
        choices = [("", "—"), *industries]
        if current and current not in dict(industries):
            choices.append((current, current))
        self.fields["industry"] = forms.ChoiceField(
            label=self.fields["industry"].label, choices=choices, required=False
        )
        for name in ("land_use_current", "land_use_planned"):
            self.fields[name].help_text = _("GB 50137-2011 code, e.g. R2, A33, M1, B1")
        if self.instance and self.instance.pk:
            del self.fields["code"]  # the code is stable

    class Meta:
        model = Plot
        fields = [
            "code",
            "name",
            "address",
            "district",
            "street",
            "land_use_current",
            "land_use_planned",
            "former_enterprises",
            "industry",
            "production_years",
            "closed_on",
            "entry_source",
            "responsible_org",
            "is_public",
        ]
        widgets = {"closed_on": DateInput()}


class ContactForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    role = forms.CharField(label=_("role"), max_length=100, required=False)
    organisation = forms.CharField(label=_("organisation"), max_length=200, required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("email"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("file"),
        help_text=_("XLSX ledger, or boundaries: zipped Shapefile, GeoPackage, GeoJSON, KML/KMZ"),
    )
    crs = forms.CharField(
        label=_("coordinate system (if the file does not declare it)"),
        required=False,
        max_length=40,
        help_text=_(
            "e.g. EPSG:4548 or CM117; never guessed: a file without one is refused if it cannot be told"
        ),
    )
    district = forms.CharField(label=_("default district for new plots (code or name)"), required=False)
    layer = forms.CharField(label=_("layer (multi-layer files)"), required=False, max_length=100)
    encoding = forms.CharField(label=_("attribute encoding, e.g. GBK"), required=False, max_length=20)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("document type"), choices=DocumentType.choices)
    title = forms.CharField(label=_("title"), max_length=300)
    date = forms.DateField(label=_("date"), widget=DateInput())
    author_org = forms.CharField(label=_("prepared by (unit)"), max_length=200, required=False)
    file = forms.FileField(label=_("file (PDF)"))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("Reports are uploaded as PDF."))
        head = f.read(5)
        f.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("The file is not a PDF."))
        return f


class ReviewForm(forms.Form):
    subject = forms.ChoiceField(label=_("reviewed report"), choices=DocumentType.choices)
    date = forms.DateField(label=_("date"), widget=DateInput())
    experts = forms.CharField(label=_("experts"), max_length=500, help_text=_("names, separated by 、 or ,"))
    conclusion = forms.ChoiceField(label=_("conclusion"), choices=[])
    organiser = forms.CharField(label=_("organised by"), max_length=200, required=False)
    post_management_required = forms.BooleanField(label=_("post-management required"), required=False)
    opinion = forms.CharField(label=_("opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.ModelChoiceField(label=_("document"), queryset=None, required=False)

    def __init__(self, *args: Any, plot: Plot, conclusions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].choices = conclusions
        self.fields["document"].queryset = plot.documents.all()


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("new state"), choices=[])
    date = forms.DateField(label=_("date"), widget=DateInput())
    document = forms.ModelChoiceField(label=_("report"), queryset=None, required=False)
    review = forms.ModelChoiceField(label=_("review"), queryset=None, required=False)
    started_on = forms.DateField(label=_("work started on"), required=False, widget=DateInput())
    filed_on = forms.DateField(label=_("plan filed on"), required=False, widget=DateInput())
    completed_on = forms.DateField(
        label=_("control / remediation completed on"), required=False, widget=DateInput()
    )
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    def __init__(self, *args: Any, plot: Plot, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(State.choices)
        self.fields["to_state"].choices = [(t, labels.get(t, t)) for t in targets]
        self.fields["document"].queryset = plot.documents.all()
        self.fields["review"].queryset = plot.reviews.all()


class LandDecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("decision"),
        choices=[
            ("planning_permission", _("Planning permission")),
            ("land_supply", _("Land supply")),
            ("construction_permit", _("Construction permit")),
        ],
    )
    use_code = forms.CharField(label=_("land use (GB 50137)"), max_length=10)
    date = forms.DateField(label=_("date"), widget=DateInput())
    for_remediation = forms.BooleanField(label=_("serves the control / remediation"), required=False)


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            ("work_started", _("Work started")),
            ("monitoring", _("Monitoring round")),
            ("post_review", _("Periodic re-review")),
            ("other", _("Other")),
        ],
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("note"), required=False, max_length=500)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500)


ENTRY_SOURCES = EntrySource.choices
