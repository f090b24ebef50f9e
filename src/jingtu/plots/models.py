"""The plot (地块) register: the plot, its documents, contacts, milestones, reviews, proposals and lists.

Rules (which transition is allowed, what a land-use code means, who goes on which list) come from
`jingtu.engines.lifecycle`; these models only store the facts and the decisions, each row audited.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord


class State(models.TextChoices):
    """Lifecycle states; the identifiers are those of `jingtu.engines.lifecycle` (labels are for display)."""

    SUSPECTED = "suspected", _("Suspected contaminated plot (疑似污染地块)")
    PRELIMINARY_INVESTIGATION = "preliminary_investigation", _("Preliminary investigation (初步调查)")
    INVESTIGATION_CLOSED = "investigation_closed", _("Investigation closed (调查结束)")
    DETAILED_INVESTIGATION = "detailed_investigation", _("Detailed investigation (详细调查)")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment (风险评估)")
    LISTED = "listed", _("On the risk-control and remediation list (列入名录)")
    UNDER_CONTROL_OR_REMEDIATION = (
        "under_control_or_remediation",
        _("Risk control / remediation (风险管控/修复)"),
    )
    EFFECT_EVALUATION = "effect_evaluation", _("Effect evaluation (效果评估)")
    DELISTED = "delisted", _("Removed from the list (移出名录)")
    POST_MANAGEMENT = "post_management", _("Post-management (后期管理)")


class EntrySource(models.TextChoices):
    CLOSED_ENTERPRISE = "closed_enterprise", _("Closed-enterprise screening")
    CHANGE_OF_USE = "change_of_use", _("Change of use")
    KEY_SUPERVISED_UNIT = "key_supervised_unit", _("Key supervised unit")
    REPORT = "report", _("Report")
    INSPECTION = "inspection", _("Inspection")


class Plot(RegulatoryRecord):
    """A plot (地块) of construction land under soil-pollution supervision."""

    code = models.CharField(_("plot code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey("divisions.District", verbose_name=_("district"), on_delete=models.PROTECT)
    street = models.CharField(_("street / town"), max_length=100, blank=True)
    boundary = models.MultiPolygonField(_("boundary"), srid=4490, null=True, blank=True)
    area_m2 = models.FloatField(_("area (m²)"), null=True, blank=True, editable=False)
    area_mu = models.FloatField(_("area (mu)"), null=True, blank=True, editable=False)
    land_use_current = models.CharField(_("current land use (GB 50137)"), max_length=10, blank=True)
    land_use_planned = models.CharField(_("planned land use (GB 50137)"), max_length=10, blank=True)
    land_class = models.CharField(
        _("GB 36600 land class"), max_length=10, blank=True, editable=False, help_text=_("derived")
    )
    sensitive = models.BooleanField(
        _("sensitive use (一住两公)"), default=False, editable=False, help_text=_("derived")
    )
    former_enterprises = models.CharField(_("former enterprise(s)"), max_length=500, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    production_years = models.PositiveIntegerField(_("years of production"), null=True, blank=True)
    closed_on = models.DateField(_("closed / relocated on"), null=True, blank=True)
    entry_source = models.CharField(
        _("source of entry"), max_length=30, choices=EntrySource.choices, default=EntrySource.REPORT
    )
    state = models.CharField(
        _("lifecycle state"), max_length=40, choices=State.choices, default=State.SUSPECTED
    )
    state_since = models.DateField(_("in this state since"), null=True, blank=True)
    exceeds_screening_since = models.DateField(
        _("results above screening values since"), null=True, blank=True
    )
    contractor_org = models.CharField(_("control / remediation contractor"), max_length=200, blank=True)
    post_management_required = models.BooleanField(
        _("post-management required"), default=False, editable=False
    )
    responsible_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("responsible party / land-use-right holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_plots",
    )
    consultant_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("investigating consultant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consulted_plots",
    )
    is_public = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()
    access = AccessSpec(
        district="district", organisation="responsible_org", submitter="consultant_org", public="is_public"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def gb36600_class(self) -> int | None:
        """The GB 36600 land class (1 or 2) derived from the land use ("1?": provisional, still 1); None if unknown."""
        return int(self.land_class[:1]) if self.land_class[:1] in ("1", "2") else None


PLOT_SCOPE = AccessSpec(
    district="plot__district", organisation="plot__responsible_org", submitter="plot__consultant_org"
)


class Contact(RegulatoryRecord):
    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("plot"))
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    history = HistoricalRecords()
    access = PLOT_SCOPE

    class Meta:
        ordering = ["plot", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.plot.code} {self.name}"


class DocumentType(models.TextChoices):
    """Report kinds; the first six are `jingtu.engines.lifecycle.machine.ReportKind` values."""

    PRELIMINARY_REPORT = "preliminary_investigation_report", _("Preliminary investigation report")
    DETAILED_REPORT = "detailed_investigation_report", _("Detailed investigation report")
    RISK_ASSESSMENT_REPORT = "risk_assessment_report", _("Risk assessment report")
    REMEDIATION_PLAN = "control_or_remediation_plan", _("Risk-control / remediation plan")
    EFFECT_EVALUATION_REPORT = "effect_evaluation_report", _("Effect evaluation report")
    POST_MANAGEMENT_PLAN = "post_management_plan", _("Post-management plan")
    MONITORING_REPORT = "monitoring_report", _("Monitoring report")
    REVIEW_OPINION = "review_opinion", _("Expert review opinion")
    OTHER = "other", _("Other")


class Conclusion(models.TextChoices):
    """Review conclusions; the values are `jingtu.engines.lifecycle.machine.Conclusion`."""

    BELOW_SCREENING = "below_screening", _("Below screening values")
    EXCEEDS_SCREENING = "exceeds_screening", _("Above screening values")
    RISK_ACCEPTABLE = "risk_acceptable", _("Risk acceptable")
    RISK_UNACCEPTABLE = "risk_unacceptable", _("Risk unacceptable: control / remediation needed")
    TARGETS_MET = "targets_met", _("Control / remediation targets met")
    TARGETS_NOT_MET = "targets_not_met", _("Targets not met")
    PASSED = "passed", _("Passed (plan / other report)")


def _document_path(instance: Document, filename: str) -> str:
    return f"plots/{instance.plot.code}/{filename}"


class Document(RegulatoryRecord):
    """A report or other document of a plot (a PDF under MEDIA_ROOT, served only through a scoped view)."""

    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="documents", verbose_name=_("plot"))
    doc_type = models.CharField(_("document type"), max_length=40, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    author_org = models.CharField(_("prepared by (unit)"), max_length=200, blank=True)

    history = HistoricalRecords()
    access = PLOT_SCOPE

    class Meta:
        ordering = ["plot", "-date", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.plot.code} {self.title} ({self.date})"


class Review(RegulatoryRecord):
    """An expert review (评审) of a report: experts, date, conclusion."""

    plot = models.ForeignKey(Plot, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("plot"))
    subject = models.CharField(_("reviewed report"), max_length=40, choices=DocumentType.choices)
    date = models.DateField(_("date"))
    experts = models.CharField(_("experts"), max_length=500)
    conclusion = models.CharField(_("conclusion"), max_length=40, choices=Conclusion.choices)
    organiser = models.CharField(_("organised by"), max_length=200, blank=True)
    post_management_required = models.BooleanField(_("post-management required"), default=False)
    opinion = models.TextField(_("opinion"), blank=True)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.PROTECT
    )

    history = HistoricalRecords()
    access = PLOT_SCOPE

    class Meta:
        ordering = ["plot", "-date", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.plot.code} {self.get_subject_display()} {self.date}"


class Milestone(RegulatoryRecord):
    """A dated step of a plot's lifecycle (a transition, a plan filed, a monitoring round)."""

    plot = models.ForeignKey(
        Plot, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("plot")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=40, choices=State.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, choices=State.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    use_code = models.CharField(_("land use (GB 50137)"), max_length=10, blank=True)
    for_remediation = models.BooleanField(_("serves the control / remediation"), default=False)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.PROTECT
    )
    review = models.ForeignKey(
        Review, verbose_name=_("review"), null=True, blank=True, on_delete=models.PROTECT
    )

    history = HistoricalRecords()
    access = PLOT_SCOPE

    class Meta:
        ordering = ["plot", "date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.plot.code} {self.date} {self.kind}"


class Proposal(RegulatoryRecord):
    """A change the system proposes (from a review conclusion or a list scoring) that a person confirms."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("State change")
        LIST = "list", _("List change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey("divisions.District", verbose_name=_("district"), on_delete=models.PROTECT)
    plot = models.ForeignKey(
        Plot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("plot"),
    )
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("review")
    )
    payload = models.JSONField(_("proposed change"), default=dict)
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()
    access = AccessSpec(district="district")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        target = self.plot.code if self.plot_id else self.district.name
        return f"{self.get_kind_display()} {target} {self.payload}"


class ListKind(models.TextChoices):
    REMEDIATION = "remediation", _("Risk-control and remediation list (风险管控和修复名录)")
    DORMANT = "dormant", _("Contaminated land not to be developed for now (暂不开发利用)")
    PRIORITY = "priority", _("Priority-supervision list (优先监管地块清单)")


class ListEvent(RegulatoryRecord):
    """A confirmed entry to or exit from a list, effective on a date (`jingtu.engines.lifecycle.lists.ListEvent`).

    Events are never edited or deleted: any past list is rebuilt from them by the engine (`members_as_of`).
    Events of the 风险管控和修复名录 are public by law (土壤污染防治法 第五十八条); others are not."""

    class Change(models.TextChoices):
        ENTER = "enter", _("entered")
        EXIT = "exit", _("left")

    list_name = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    plot = models.ForeignKey(
        Plot, on_delete=models.PROTECT, related_name="list_events", verbose_name=_("plot")
    )
    effective_on = models.DateField(_("effective on"))
    due_on = models.DateField(_("became due on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_on = models.DateField(_("confirmed on"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    clause = models.CharField(_("legal basis"), max_length=300, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    public = models.BooleanField(_("public by law"), default=False)

    history = HistoricalRecords()
    access = AccessSpec(
        district="plot__district",
        organisation="plot__responsible_org",
        submitter="plot__consultant_org",
        public="public",
    )

    class Meta:
        ordering = ["list_name", "effective_on", "confirmed_on", "id"]
        verbose_name = _("list event")
        verbose_name_plural = _("list events")

    def __str__(self) -> str:
        return f"{self.get_list_name_display()}: {self.plot.code} {self.get_change_display()} {self.effective_on}"


class GateBlock(RegulatoryRecord):
    """A legal gate that refused something (a transition, a planning permission, a land supply)."""

    plot = models.ForeignKey(
        Plot, on_delete=models.PROTECT, related_name="gate_blocks", verbose_name=_("plot")
    )
    attempted = models.CharField(_("attempted"), max_length=200)
    rule = models.CharField(_("rule"), max_length=100)
    clause = models.CharField(_("legal basis"), max_length=300, blank=True)
    message = models.CharField(_("message"), max_length=500)
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    access = PLOT_SCOPE

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("blocked by a legal gate")
        verbose_name_plural = _("blocked by legal gates")

    def __str__(self) -> str:
        return f"{self.plot.code} {self.attempted}: {self.rule}"
