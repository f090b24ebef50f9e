"""Year-end progress report (Excel, PDF) and the evaluation report PDF: rendering only, no rules."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jingtu.engines import evaluation as ev
from jingtu.plans.models import Obligation

STATE_LABELS = {
    "done": _("Completed"),
    "done_late": _("Completed late"),
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "open": _("Open"),
    "no_due_date": _("No fixed deadline"),
}


@dataclass
class Row:
    obligation: Obligation
    state: str
    latest: Any = None  # latest ProgressReport
    review: Any = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


_ROLE_ORDER = {"lead": 0, "responsible": 1, "cooperating": 2, "named": 3}


@dataclass
class MeasureGroup:
    """One measure of the year-end report with the obligations of its units (lead first)."""

    measure: Any
    rows: list[Row] = field(default_factory=list)

    @property
    def lines(self) -> list[dict[str, Any]]:
        """Units with the same role and deadline state and no report share one line (各街道 → one line);
        a unit that reported has a line of its own with its latest report."""
        out: list[dict[str, Any]] = []
        shared: dict[tuple[str, str], dict[str, Any]] = {}
        for r in self.rows:
            ob = r.obligation
            if r.latest is None:
                key = (ob.role, r.state)
                if key in shared:
                    shared[key]["units"].append(ob.organisation.name)
                    continue
                shared[key] = {"units": [ob.organisation.name], "role": ob.get_role_display(), "row": r}
                out.append(shared[key])
            else:
                out.append({"units": [ob.organisation.name], "role": ob.get_role_display(), "row": r})
        return out


@dataclass
class YearEnd:
    title: str
    year: int
    today: dt.date
    rows: list[Row] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.state for r in self.rows)
        return {k: c.get(k, 0) for k in STATE_LABELS}

    @property
    def count_rows(self) -> list[tuple[str, int]]:
        return [(str(STATE_LABELS[k]), v) for k, v in self.counts.items()]

    @property
    def measure_groups(self) -> list[MeasureGroup]:
        """The rows grouped by measure, in plan order (the printed report: a measure once, its units beside it;
        17 street offices named by 各街道 are one row, not 17)."""
        groups: dict[int, MeasureGroup] = {}
        for r in self.rows:
            m = r.obligation.measure
            groups.setdefault(m.pk, MeasureGroup(m)).rows.append(r)
        for g in groups.values():
            g.rows.sort(key=lambda r: (_ROLE_ORDER.get(r.obligation.role, 9), r.obligation.organisation.code))
        return sorted(groups.values(), key=lambda g: (g.measure.plan_id, g.measure.order))


def with_states(obligations: QuerySet[Obligation], today: dt.date) -> list[Row]:
    """Each obligation with its deadline state (evaluation engine) and its latest report and review."""
    days = ev.load_config().due_soon_days
    rows = []
    for ob in obligations.select_related("measure__plan", "organisation", "district").prefetch_related(
        "reports__reviews"
    ):
        state = ev.deadline_state(ob.due, ob.completed_on, today, days).value
        reports = sorted(ob.reports.all(), key=lambda r: (r.reported_on, r.pk), reverse=True)
        latest = reports[0] if reports else None
        review = max(latest.reviews.all(), key=lambda v: v.pk, default=None) if latest else None
        rows.append(Row(ob, state, latest, review))
    rows.sort(key=lambda r: r.obligation.due is None)  # no due date last, on both databases (stable sort)
    return rows


HEADERS = [
    "计划",
    "序号",
    "重点任务",
    "工作措施",
    "完成时限",
    "到期日",
    "责任单位",
    "角色",
    "所属区",
    "状态",
    "时限状态",
    "最新进展",
    "报送日期",
    "牵头单位审核",
]


def year_end_xlsx(report: YearEnd) -> bytes:
    """The year-end report as an .xlsx workbook (Chinese): a summary sheet and one row per obligation."""
    with translation.override("zh-hans"):
        return _year_end_xlsx(report)


def _year_end_xlsx(report: YearEnd) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "汇总"
    summary.append([report.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"年度 {report.year}", f"统计日期 {report.today.isoformat()}"])
    summary.append([])
    summary.append(["时限状态", "责任事项数"])
    for label, n in report.count_rows:
        summary.append([label, n])
    summary.append(["合计", len(report.rows)])
    summary.column_dimensions["A"].width = 24

    sheet = wb.create_sheet("责任事项")
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCEBE3")
    for r in report.rows:
        ob = r.obligation
        m = ob.measure
        sheet.append(
            [
                m.plan.title,
                m.task_number,
                m.task_title,
                m.text,
                m.deadline_text,
                ob.due,
                ob.organisation.name,
                ob.get_role_display(),
                ob.district.name if ob.district else str(_("Municipal")),
                ob.get_status_display(),
                r.state_label,
                r.latest.narrative if r.latest else "",
                r.latest.reported_on if r.latest else None,
                f"{r.review.get_decision_display()} {r.review.comment}".strip() if r.review else "",
            ]
        )
    for col, width in zip(
        "ABCDEFGHIJKLMN", (24, 6, 18, 60, 12, 12, 30, 10, 10, 10, 10, 40, 12, 20), strict=True
    ):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row[5].number_format = row[12].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class PdfUnavailable(RuntimeError):
    pass


def html_to_pdf(html: str, base_url: str) -> bytes:
    """Render HTML to PDF with WeasyPrint (offline: local static files, system CJK fonts such as Noto CJK)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pango/cairo missing
        raise PdfUnavailable(f"WeasyPrint is not usable here: {exc}") from exc
    result = HTML(string=html, base_url=base_url).write_pdf()
    assert isinstance(result, bytes)
    return result


def render_pdf(template: str, context: dict[str, Any], base_url: str) -> bytes:
    return html_to_pdf(render_to_string(template, {**context, "pdf": True}), base_url)
