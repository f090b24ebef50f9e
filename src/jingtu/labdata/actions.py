"""Writes of lab data: the import of an EDD file (one transaction per file, one receipt, one audit event; a file with
any bad row stores no point, sample or result, only the rejected attempt and its report), the re-screening of a
plot's stored results, and the background-value sets the GB 36600 note ① rule uses.

Reading, validating and screening are the engines' (`jingtu.engines.edd`, `jingtu.engines.screening`, reached through
`jingtu.labdata.engine`); this module adds what only the database knows (is this file already stored, does a sample
code clash with one stored earlier, is this result already stored) and writes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingtu.core import access, actions
from jingtu.core.models import AuditEvent
from jingtu.labdata import engine, store, stored
from jingtu.labdata.models import (
    BackgroundSet,
    BackgroundValueEntry,
    ImportBatch,
    Result,
    Sample,
    SamplingPoint,
)
from jingtu.plots.models import Plot

MAX_WARNINGS = 1000  # warnings kept in the report (rows are stored; the list is advisory)


class DuplicateImport(Exception):
    """The same file (same SHA-256) is already stored; `earlier` is that import."""

    def __init__(self, earlier: ImportBatch) -> None:
        self.earlier = earlier
        super().__init__(
            f"this file was already imported: receipt {earlier.receipt} ({earlier.created_at:%Y-%m-%d})"
        )


@dataclass(frozen=True)
class Rejection:
    line: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


def new_receipt() -> str:
    """Receipt number: LD + date + 8 random hex digits (unique by a database constraint)."""
    return f"LD{timezone.localdate():%Y%m%d}-{secrets.token_hex(4).upper()}"


def _organisation_id(actor: Any) -> int | None:
    return getattr(actor, "organisation_id", None)


def _database_checks(plot: Plot, rows: Sequence[engine.Row]) -> tuple[list[engine.Row], list[Rejection]]:
    """Rows that clash with what is stored or with earlier rows of the same file, as rejections."""
    rejected: list[Rejection] = []
    stored_samples = {s.code: s for s in Sample.objects.filter(plot=plot).select_related("point", "batch")}
    stored_results: dict[tuple[int, str], str] = {
        (sid, key): receipt
        for sid, key, receipt in Result.objects.filter(plot=plot).values_list(
            "sample_id", "analyte_key", "batch__receipt"
        )
    }
    first_seen: dict[str, engine.Row] = {}
    seen_results: dict[tuple[str, str], int] = {}
    ok: list[engine.Row] = []
    for row in rows:
        s = row.sample
        if row.derived:  # a group sum the engine computed from members on this file's rows
            ok.append(row)
            continue
        if row.plot_code and row.plot_code != plot.code:
            rejected.append(
                Rejection(
                    row.line,
                    "plot_code",
                    f"row is for plot {row.plot_code}, the file is uploaded to {plot.code}",
                )
            )
            continue
        earlier = first_seen.get(s.code)
        if earlier is not None and earlier.sample != s:
            rejected.append(
                Rejection(
                    row.line,
                    "sample_code",
                    f"sample {s.code} is described differently on line {earlier.line} "
                    f"(point, depth, matrix, date or pH differ)",
                )
            )
            continue
        stored = stored_samples.get(s.code)
        if stored is not None and not engine.same_sample(stored, s):
            receipt = stored.batch.receipt if stored.batch else "-"
            rejected.append(
                Rejection(
                    row.line,
                    "sample_code",
                    f"sample {s.code} is already stored (receipt {receipt}) with a different point, depth, "
                    "matrix, date or pH",
                )
            )
            continue
        if stored is not None and (stored.pk, row.analyte_key) in stored_results:
            rejected.append(
                Rejection(
                    row.line,
                    "analyte",
                    f"{row.result['analyte_name']} of sample {s.code} is already stored "
                    f"(receipt {stored_results[(stored.pk, row.analyte_key)]})",
                )
            )
            continue
        dup = seen_results.get((s.code, row.analyte_key))
        if dup is not None:
            rejected.append(
                Rejection(
                    row.line,
                    "analyte",
                    f"{row.result['analyte_name']} of sample {s.code} is also on line {dup}; "
                    "give a replicate (平行样) its own sample code",
                )
            )
            continue
        first_seen.setdefault(s.code, row)
        seen_results[(s.code, row.analyte_key)] = row.line
        ok.append(row)
    return ok, rejected


def _point_checks(plot: Plot, points: dict[str, engine.PointInfo]) -> tuple[list[Rejection], list[Rejection]]:
    """A point the file describes that is already stored: a different stored purpose or location is a rejection
    (one of them is wrong); a stored point without them is left as it is (an import never changes stored rows),
    with a warning."""
    rejected: list[Rejection] = []
    warnings: list[Rejection] = []
    if not points:
        return rejected, warnings
    stored = SamplingPoint.objects.filter(plot=plot, code__in=list(points)).select_related("batch")
    for sp in stored:
        info = points[sp.code]
        receipt = sp.batch.receipt if sp.batch else "-"
        if info.purpose and info.purpose_line is not None:
            if sp.purpose and sp.purpose != info.purpose:
                rejected.append(
                    Rejection(
                        info.purpose_line,
                        "purpose",
                        f"point {sp.code} is already stored (receipt {receipt}) with purpose {sp.purpose}, this file says {info.purpose}",
                    )
                )
            elif not sp.purpose:
                warnings.append(
                    Rejection(
                        info.purpose_line,
                        "purpose",
                        f"point {sp.code} is already stored (receipt {receipt}) without a purpose; an import does not change it (set it in the admin)",
                    )
                )
        loc = info.location
        if loc is not None and info.location_line is not None:
            if sp.location is not None and (sp.location.x, sp.location.y) != (loc.x, loc.y):
                rejected.append(
                    Rejection(
                        info.location_line,
                        "longitude",
                        f"point {sp.code} is already stored (receipt {receipt}) at {sp.location.x}, {sp.location.y}, this file says {loc.x}, {loc.y}",
                    )
                )
            elif sp.location is None:
                warnings.append(
                    Rejection(
                        info.location_line,
                        "longitude",
                        f"point {sp.code} is already stored (receipt {receipt}) without a location; an import does not change it (set it in the admin)",
                    )
                )
    return rejected, warnings


def _store(
    actor: Any,
    plot: Plot,
    batch: ImportBatch,
    rows: Sequence[engine.Row],
    point_info: dict[str, engine.PointInfo],
) -> None:
    user_id = getattr(actions.history_user(actor), "pk", None)
    reason = f"EDD import {batch.receipt}"
    org_id = batch.submitted_by_id
    points = {p.code: p.pk for p in SamplingPoint.objects.filter(plot=plot)}
    new_points: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row.sample.point_code
        if code not in points and code not in new_points:
            new_points[code] = {
                "plot_id": plot.pk,
                "code": code,
                "location": point_info[code].location if code in point_info else None,
                "purpose": point_info[code].purpose if code in point_info else "",
                "submitted_by_id": org_id,
                "batch_id": batch.pk,
            }
    codes = list(new_points)
    for code, pk in zip(
        codes,
        store.insert(SamplingPoint, new_points.values(), user_id=user_id, reason=reason),
        strict=True,
    ):
        points[code] = pk

    samples = {s.code: s.pk for s in Sample.objects.filter(plot=plot)}
    new_samples: dict[str, dict[str, Any]] = {}
    for row in rows:
        s = row.sample
        if s.code not in samples and s.code not in new_samples:
            new_samples[s.code] = {
                "plot_id": plot.pk,
                "point_id": points[s.point_code],
                "code": s.code,
                "depth_top_m": s.depth_top_m,
                "depth_bottom_m": s.depth_bottom_m,
                "matrix": s.matrix,
                "sampled_at": s.sampled_at,
                "ph": s.ph,
                "submitted_by_id": org_id,
                "batch_id": batch.pk,
            }
    codes = list(new_samples)
    for code, pk in zip(
        codes, store.insert(Sample, new_samples.values(), user_id=user_id, reason=reason), strict=True
    ):
        samples[code] = pk

    def result_rows() -> Any:
        for row in rows:
            d = dict(row.result)
            d.update(
                plot_id=plot.pk,
                sample_id=samples[row.sample.code],
                batch_id=batch.pk,
                line_no=row.line,
                submitted_by_id=org_id,
                analyte_key=row.analyte_key,
                standard_version=batch.standard_version,
                background_set_id=batch.background_set_id,
            )
            yield d

    store.insert(Result, result_rows(), user_id=user_id, reason=reason)


def import_edd(
    actor: Any,
    plot: Plot,
    *,
    file_name: str,
    data: bytes,
    options: engine.ScreeningOptions,
) -> ImportBatch:
    """Import one EDD file into `plot`. Returns the batch (status accepted or rejected, with its report).

    Raises PermissionDenied if the actor may not submit lab data for this plot, DuplicateImport if the same file is
    already stored. A rejected file stores its batch row (receipt + report) and nothing else.
    """
    access.require(actor, "view", plot)
    batch = ImportBatch(
        plot=plot,
        submitted_by_id=_organisation_id(actor),
        uploaded_by=actions.history_user(actor),
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        status=ImportBatch.Status.REJECTED,
    )
    access.require(actor, "add", batch)
    earlier = ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.ACCEPTED).first()
    if earlier is not None:
        raise DuplicateImport(earlier)

    parsed = engine.read(data, file_name)
    background_set = background_for(plot)
    screened = _screen(plot, parsed, options, background_set)
    ok, db_rejected = _database_checks(plot, screened.rows)
    point_info, point_rejected = engine.points(parsed.table, plot.code)
    stored_rejected, point_warnings = _point_checks(plot, point_info)
    db_rejected += [Rejection(r.line, r.field, r.reason) for r in point_rejected] + stored_rejected
    warnings = sorted(
        point_warnings + [Rejection(w.line, w.field, w.reason) for w in parsed.warnings],
        key=lambda w: (w.line, w.field),
    )
    rejected = sorted(
        [Rejection(r.line, r.field, r.reason) for r in parsed.rejected] + db_rejected,
        key=lambda r: (r.line, r.field),
    )
    batch.encoding = parsed.encoding
    batch.schema_version = parsed.schema_version
    batch.standard = screened.standard
    batch.standard_version = screened.standard_version
    batch.screening_options = options.as_dict()
    batch.background_set = background_set
    batch.rows_total = parsed.rows_total
    batch.rows_rejected = len({r.line for r in rejected})
    batch.rows_accepted = 0 if rejected else sum(1 for r in ok if not r.derived)
    batch.status = ImportBatch.Status.REJECTED if rejected else ImportBatch.Status.ACCEPTED
    batch.report = {
        "rejected": [r.as_dict() for r in rejected],
        "summary": screened.summary if not rejected else {},
        "derived": 0 if rejected else sum(1 for r in ok if r.derived),
        "warnings": [w.as_dict() for w in warnings[:MAX_WARNINGS]],
        "warnings_total": len(warnings),
        "header_line": 1,
    }
    try:
        with transaction.atomic():
            batch.receipt = new_receipt()
            batch._history_user = batch.uploaded_by  # type: ignore[attr-defined]
            batch._change_reason = f"EDD import {batch.receipt}"  # type: ignore[attr-defined]
            batch.save()
            if not rejected:
                _store(actor, plot, batch, ok, point_info)
            actions.record(
                actor,
                AuditEvent.Verb.ACTION,
                batch,
                action="labdata.import_edd",
                changes={
                    "receipt": batch.receipt,
                    "plot": plot.code,
                    "file": batch.file_name,
                    "sha256": batch.sha256,
                    "status": batch.status,
                    "rows_total": batch.rows_total,
                    "rows_stored": batch.rows_accepted,
                    "rows_rejected": batch.rows_rejected,
                    "background_set": str(background_set) if background_set else None,
                },
                reason=f"EDD import {batch.receipt}",
            )
    except IntegrityError:
        # a concurrent import of the same file won the race (unique accepted sha256)
        earlier = ImportBatch.objects.filter(sha256=batch.sha256, status=ImportBatch.Status.ACCEPTED).first()
        if earlier is not None:
            raise DuplicateImport(earlier) from None
        raise
    return batch


# ---------------------------------------------------------------------------------------------------------------
# Background-value sets (GB 36600-2018 table 1 note ①)


class BackgroundSetInvalid(Exception):
    """An uploaded background-value set that cannot be stored: ``file``, ``line`` (None: not a line of the file)
    and ``field`` locate the problem; nothing was stored."""

    def __init__(self, file: str, line: int | None, field: str, reason: str) -> None:
        self.file, self.line, self.field, self.reason = file, line, field, reason
        where = f"{file}: line {line}: {field}" if line is not None else field
        super().__init__(f"{where}: {reason}")


def background_for(plot: Plot) -> BackgroundSet | None:
    """The background-value set a plot's results are screened with: the active set of the plot's district, else the
    active municipal set (None when neither exists). A rule of the screening, not a read on a user's behalf: every
    screening of the plot uses it, whoever submits."""
    return _active_in_scope(plot.district_id).first() or _active_in_scope(None).first()


def _screen(
    plot: Plot, parsed: engine.Parsed, options: engine.ScreeningOptions, background_set: BackgroundSet | None
) -> engine.Screened:
    """Screen parsed rows for ``plot`` with its background-value set (keyed for the plot's district)."""
    code = plot.district.code
    values = stored.background_values(background_set, code) if background_set else None
    return engine.screen(parsed, options, background=values, district=code)


def _district_codes() -> dict[str, str]:
    """District code by every way a file may write it (GB/T 2260 code, name, short name)."""
    from jingtu.divisions.models import District

    out: dict[str, str] = {}
    for code, name, short in District.objects.values_list("code", "name", "short_name"):
        for k in (code, name, short):
            if k:
                out[k.strip()] = code
    return out


def _active_in_scope(district_id: int | None) -> Any:
    qs = BackgroundSet.objects.filter(active=True)
    return qs.filter(district_id=district_id) if district_id else qs.filter(district__isnull=True)


def _retire_active(
    actor: Any, district_id: int | None, *, reason: str, keep: BackgroundSet | None = None
) -> None:
    """Retire the active set of a scope (one at most), with history and an audit event."""
    for old in _active_in_scope(district_id).exclude(pk=keep.pk if keep else None):
        actions.update(actor, old, active=False, reason=reason[:100], action="labdata.retire_background_set")


def upload_background_set(
    actor: Any,
    *,
    name: str,
    version: str,
    source: str,
    district: Any,
    file_name: str,
    data: bytes,
    issued_on: Any = None,
    note: str = "",
    activate: bool = True,
) -> BackgroundSet:
    """Store a background-value set from a file in the format of ``data/standards/background_values.csv`` (read by
    `BackgroundValues.from_bytes`). ``district`` None: a municipal set (municipal administrators), else the set of
    that district (its bureau staff). With ``activate`` the set replaces the active set of its scope (which is
    retired, not deleted). Raises `BackgroundSetInvalid` (file, line, field, reason) and stores nothing when the file
    or the form is bad; PermissionDenied when the actor may not write the set."""
    from jingtu.engines.standards import BackgroundFileError, BackgroundValues

    file_name = file_name[:255]
    bs = BackgroundSet(
        name=name.strip(),
        version=version.strip(),
        source=source.strip(),
        district=district,
        issued_on=issued_on,
        note=note.strip(),
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actions.history_user(actor),
        active=activate,
    )
    access.require(actor, "add", bs)
    for field in ("name", "version", "source"):
        if not getattr(bs, field):
            raise BackgroundSetInvalid(file_name, None, field, _("required"))
    same = BackgroundSet.objects.filter(name=bs.name, version=bs.version)
    same = same.filter(district=district) if district is not None else same.filter(district__isnull=True)
    if same.exists():
        raise BackgroundSetInvalid(
            file_name,
            None,
            "version",
            _("%(set)s is already stored; give the new values a new version") % {"set": bs},
        )
    try:
        values = BackgroundValues.from_bytes(data, file_name)
    except BackgroundFileError as exc:
        raise BackgroundSetInvalid(exc.file, exc.line, exc.field, exc.reason) from None
    codes = _district_codes()
    rows: list[dict[str, Any]] = []
    first: dict[tuple[str, str, str], int] = {}
    for v in sorted(values, key=lambda v: v.line or 0):
        line = v.line or 0
        code = ""
        if v.district:
            code = codes.get(v.district.strip(), "")
            if not code:
                raise BackgroundSetInvalid(
                    file_name,
                    line,
                    "district",
                    _("unknown district %(district)r (GB/T 2260 code or name)") % {"district": v.district},
                )
            if district is not None and code != district.code:
                raise BackgroundSetInvalid(
                    file_name,
                    line,
                    "district",
                    _("a set of %(own)s holds values of %(own)s or of any district, not %(other)s")
                    % {"own": district.name, "other": v.district},
                )
        key = (v.analyte_id, code, v.soil_type or "")
        if key in first:
            raise BackgroundSetInvalid(
                file_name,
                line,
                "district",
                _(
                    "second value for %(analyte)s in district %(district)s (soil type %(soil)s); "
                    "the first is on line %(line)d"
                )
                % {
                    "analyte": v.analyte_id,
                    "district": code,
                    "soil": v.soil_type or _("any"),
                    "line": first[key],
                },
            )
        first[key] = line
        rows.append(
            {
                "line_no": line,
                "analyte_id": v.analyte_id,
                "value_mg_kg": v.value,
                "district_code": code,
                "soil_type": (v.soil_type or "")[:60],
                "source": v.source[:500],
            }
        )
    bs.n_values = len(rows)
    reason = f"background values {bs.name} {bs.version} ({file_name})"[:100]
    with transaction.atomic():
        if activate:
            _retire_active(actor, bs.district_id, reason=f"superseded by {bs}")
        fields = {f.name: getattr(bs, f.name) for f in BackgroundSet._meta.concrete_fields if f.name != "id"}
        for f in ("created_at", "updated_at", "deleted_at", "delete_reason"):
            fields.pop(f, None)
        created = actions.create(
            actor, BackgroundSet, reason=reason, action="labdata.upload_background_set", **fields
        )
        for r in rows:
            r["background_set_id"] = created.pk
        user_id = getattr(actions.history_user(actor), "pk", None)
        store.insert(BackgroundValueEntry, rows, user_id=user_id, reason=reason)
    return created


def set_background_active(
    actor: Any, background_set: BackgroundSet, *, active: bool, reason: str = ""
) -> None:
    """Make a set the active one of its scope (the active one is retired) or retire it; history and audit events."""
    access.require(actor, "change", background_set)
    with transaction.atomic():
        if active:
            _retire_active(
                actor,
                background_set.district_id,
                reason=reason or f"superseded by {background_set}",
                keep=background_set,
            )
        actions.update(
            actor,
            background_set,
            active=active,
            reason=reason[:100],
            action="labdata.activate_background_set" if active else "labdata.retire_background_set",
        )


def delete_background_set(actor: Any, background_set: BackgroundSet, *, reason: str) -> None:
    """Soft-delete a set (reason required); results screened with it keep naming it."""
    with transaction.atomic():
        if background_set.active:
            set_background_active(actor, background_set, active=False, reason=reason)
        actions.soft_delete(actor, background_set, reason=reason, action="labdata.delete_background_set")


# ---------------------------------------------------------------------------------------------------------------
# Re-screening of stored results

SCREENING_FIELDS = (
    "analyte_std_name",
    "standard",
    "clause",
    "compared_value",
    "standard_unit",
    "standard_detection_limit",
    "screening_value",
    "intervention_value",
    "ph_band",
    "land_use",
    "gw_class",
    "outcome",
    "outcome_reason",
)
DERIVED_FIELDS = (
    "value",
    "detected",
    "detection_limit",
    "unit",
)  # a group sum's own numbers are computed too


class NothingToRescreen(Exception):
    """The plot has no stored result the actor may change."""


@dataclass(frozen=True)
class RescreenReport:
    results: int
    changed: int
    created: int
    background_set: BackgroundSet | None
    standard: str
    before: dict[str, int]
    after: dict[str, int]


def _counts(outcomes: Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(outcomes).items()))


def rescreen(actor: Any, plot: Plot, *, options: engine.ScreeningOptions, reason: str = "") -> RescreenReport:
    """Re-screen the plot's stored results (every accepted import) against the standard in ``options`` and the
    plot's current background-value set (`background_for`), in one transaction: changed results are updated with
    a history row each ("~", the old outcome stays in the history), group sums the new standard computes and that
    were not stored are added, stored group sums it does not compute become ``not_screened``; one audit event
    (``labdata.rescreen``) on the plot. Who may: whoever may import lab data for the plot; the results re-screened
    are those the actor may change (a consultant: their organisation's submissions)."""
    from simple_history.utils import bulk_update_with_history

    access.require(actor, "view", plot)
    access.require(actor, "add", ImportBatch(plot=plot, submitted_by_id=_organisation_id(actor)))
    qs = access.scope(
        actor,
        Result.objects.filter(
            plot=plot, batch__status=ImportBatch.Status.ACCEPTED, batch__deleted_at__isnull=True
        ),
        "change",
    ).select_related("sample", "sample__point")
    results = list(qs.order_by("id"))
    measured = [r for r in results if not r.derived]
    if not measured:
        raise NothingToRescreen(f"no stored results of {plot.code} to re-screen")
    stored_groups = {(r.sample_id, r.analyte_key): r for r in results if r.derived}
    before = _counts([r.outcome for r in results])
    background_set = background_for(plot)
    parsed = engine.Parsed.of_records(stored.records_frame(measured, plot.code))
    screened = _screen(plot, parsed, options, background_set)
    now = timezone.now()
    bs_id = background_set.pk if background_set else None
    common = {"standard_version": screened.standard_version, "background_set_id": bs_id}
    changed: list[Result] = []
    new_groups: list[dict[str, Any]] = []
    seen_groups: set[int] = set()

    def apply(r: Result, values: dict[str, Any]) -> None:
        if any(getattr(r, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(r, k, v)
            r.updated_at = now
            changed.append(r)

    for row in screened.rows:
        member = measured[row.line - 1]
        values = {k: row.result[k] for k in SCREENING_FIELDS} | common
        if not row.derived:
            apply(member, values)
            continue
        group = stored_groups.get((member.sample_id, row.analyte_key))
        values |= {k: row.result[k] for k in DERIVED_FIELDS}
        if group is not None:
            seen_groups.add(group.pk)
            apply(group, values)
        else:
            d = dict(row.result)
            d.update(
                plot_id=plot.pk,
                sample_id=member.sample_id,
                batch_id=member.batch_id,
                line_no=member.line_no,
                submitted_by_id=member.submitted_by_id,
                analyte_key=row.analyte_key,
                **common,
            )
            new_groups.append(d)
    for group in stored_groups.values():
        if group.pk not in seen_groups:
            apply(
                group,
                {k: None for k in ("compared_value", "screening_value", "intervention_value")}
                | {
                    "standard": screened.standard[:120],
                    "clause": "",
                    "ph_band": "",
                    "land_use": "",
                    "gw_class": "",
                }
                | {
                    "outcome": "not_screened",
                    "outcome_reason": f"group sum not computed by {screened.standard}"[:300],
                }
                | common,
            )
    after = _counts([r.outcome for r in results] + [d["outcome"] for d in new_groups])
    history_reason = f"rescreen {screened.standard}"[:100]
    fields = [*SCREENING_FIELDS, *DERIVED_FIELDS, "standard_version", "background_set", "updated_at"]
    with transaction.atomic():
        if changed:
            bulk_update_with_history(
                changed,
                Result,
                fields,
                batch_size=500,
                default_user=actions.history_user(actor),
                default_change_reason=history_reason,
                default_date=now,
            )
        if new_groups:
            store.insert(
                Result,
                new_groups,
                user_id=getattr(actions.history_user(actor), "pk", None),
                reason=history_reason,
            )
        actions.record(
            actor,
            AuditEvent.Verb.ACTION,
            plot,
            action="labdata.rescreen",
            changes={
                "plot": plot.code,
                "options": options.as_dict(),
                "standard": screened.standard,
                "standard_version": screened.standard_version,
                "background_set": str(background_set) if background_set else None,
                "background_set_id": bs_id,
                "results": len(results) + len(new_groups),
                "changed": len(changed),
                "created": len(new_groups),
                "outcomes_before": before,
                "outcomes_after": after,
            },
            reason=reason or history_reason,
        )
    return RescreenReport(
        results=len(results) + len(new_groups),
        changed=len(changed),
        created=len(new_groups),
        background_set=background_set,
        standard=screened.standard,
        before=before,
        after=after,
    )
