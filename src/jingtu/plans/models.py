"""Action plans (净土保卫战行动计划) turned into tracked obligations, their progress, and district evaluations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord

TRACKING_WRITERS = frozenset({"municipal_admin", "district_staff", "department_staff"})


class Plan(RegulatoryRecord):
    """One imported plan document; a draft until a reviewer confirms the parsed measures."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        DISTRICT = "district", _("District")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (under review)")
        CONFIRMED = "confirmed", _("Confirmed")

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveIntegerField(_("year"))
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    district = models.ForeignKey(
        "divisions.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for a municipal plan."),
    )
    source_file = models.FileField(_("source file"), upload_to="plans/%Y/", max_length=300, blank=True)
    source_name = models.CharField(_("source file name"), max_length=300, blank=True)
    parsed = models.JSONField(_("parser output"), default=dict, blank=True)
    parser_version = models.CharField(_("parser version"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    # plans are published government documents: every signed-in user reads them; writes by district scope
    access = AccessSpec(district="district", open_read=True)

    class Meta:
        ordering = ["-year", "district__code", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title


class Measure(RegulatoryRecord):
    """One measure (工作措施) of a plan, as parsed and as corrected on the review screen."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="measures", verbose_name=_("plan"))
    order = models.PositiveIntegerField(_("order"))
    section_number = models.CharField(_("section number"), max_length=20, blank=True)
    section_title = models.CharField(_("section title"), max_length=300, blank=True)
    task_number = models.CharField(_("task number"), max_length=20, blank=True)
    task_title = models.CharField(_("task title"), max_length=300, blank=True)
    text = models.TextField(_("measure"))
    deadline_text = models.CharField(_("deadline (as written)"), max_length=200, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    targets = models.JSONField(_("targets"), default=list, blank=True)
    districts = models.JSONField(
        _("districts named"), default=list, blank=True, help_text=_("district codes")
    )
    lead = models.JSONField(_("lead units"), default=list, blank=True)
    responsible = models.JSONField(_("responsible units"), default=list, blank=True)
    cooperating = models.JSONField(_("cooperating units"), default=list, blank=True)
    unresolved = models.JSONField(_("unresolved names"), default=list, blank=True)
    resolution = models.JSONField(_("resolution"), default=dict, blank=True)
    edited = models.BooleanField(_("corrected by a reviewer"), default=False)

    history = HistoricalRecords()
    access = AccessSpec(district="plan__district", open_read=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:40]}".strip()

    @property
    def ref(self) -> str:
        """Where the measure stands in the plan: ``二·3`` (section · task), ``二`` without a task number."""
        return "·".join(p for p in (self.section_number, self.task_number) if p)


class Obligation(RegulatoryRecord):
    """What one unit must do for one measure, with its role, district and due date."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead (牵头)")
        RESPONSIBLE = "responsible", _("Responsible (主责)")
        COOPERATING = "cooperating", _("Cooperating (协办)")
        NAMED = "named", _("Named district (属地)")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        BLOCKED = "blocked", _("Blocked")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="obligations", verbose_name=_("measure")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="obligations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name_as_written = models.CharField(_("name as written"), max_length=200, blank=True)
    district = models.ForeignKey(
        "divisions.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty for a municipal unit's obligation."),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords()
    access = AccessSpec(district="district", unit="organisation", writers=TRACKING_WRITERS)

    class Meta:
        ordering = ["due", "measure__plan", "measure__order", "role", "organisation__code"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()} · {self.measure}"


class ProgressReport(RegulatoryRecord):
    """A unit's report on one obligation: status, narrative, indicator values; evidence files attached."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.PROTECT, related_name="reports", verbose_name=_("obligation")
    )
    status = models.CharField(_("status"), max_length=20, choices=Obligation.Status.choices)
    narrative = models.TextField(_("progress narrative"))
    indicator_values = models.JSONField(_("indicator values"), default=dict, blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    access = AccessSpec(
        district="obligation__district", unit="obligation__organisation", writers=TRACKING_WRITERS
    )

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.obligation.organisation} {self.reported_on} {self.get_status_display()}"

    @property
    def review(self) -> ProgressReview | None:
        return self.reviews.order_by("-id").first()


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"plans/evidence/{instance.report.obligation_id}/{filename}"


class Evidence(RegulatoryRecord):
    """An evidence file attached to a progress report."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("progress report")
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=300)

    history = HistoricalRecords()
    access = AccessSpec(
        district="report__obligation__district",
        unit="report__obligation__organisation",
        writers=TRACKING_WRITERS,
    )

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.name


class ProgressReview(RegulatoryRecord):
    """The lead unit's review of a progress report: accepted or returned, with a comment."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    report = models.ForeignKey(
        ProgressReport, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("progress report")
    )
    reviewer = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("reviewing lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()
    # the lead unit's staff write reviews signed by their unit; district staff in the report's district
    access = AccessSpec(district="report__obligation__district", unit="reviewer", writers=TRACKING_WRITERS)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")

    def __str__(self) -> str:
        return f"{self.reviewer} {self.get_decision_display()}"


class Evaluation(RegulatoryRecord):
    """Quarterly evaluation of a district's soil-pollution control (three aspects, configurable weights)."""

    district = models.ForeignKey("divisions.District", verbose_name=_("district"), on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    weights = models.JSONField(_("aspect weights"), default=dict)
    values = models.JSONField(_("indicator values"), default=dict, blank=True)
    scores = models.JSONField(_("aspect scores"), default=dict, blank=True)
    tasks = models.JSONField(_("task completion"), default=dict, blank=True)
    total = models.FloatField(_("total score"), null=True, blank=True)
    coverage = models.FloatField(_("weight covered"), default=0)
    config_version = models.CharField(_("configuration version"), max_length=60, blank=True)

    history = HistoricalRecords()
    access = AccessSpec(district="district")

    class Meta:
        ordering = ["-year", "-quarter", "district__code"]
        verbose_name = _("district evaluation")
        verbose_name_plural = _("district evaluations")

    def __str__(self) -> str:
        return f"{self.district} {self.year} Q{self.quarter}"
