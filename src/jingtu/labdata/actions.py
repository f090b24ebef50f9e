"""Writes of lab data. The only one is the import of an EDD file: one transaction per file, one receipt, one audit
event; a file with any bad row stores no point, sample or result (only the rejected attempt and its report).

Reading, validating and screening are the engines' (`jingtu.engines.edd`, `jingtu.engines.screening`, reached through
`jingtu.labdata.engine`); this module adds what only the database knows (is this file already stored, does a sample
code clash with one stored earlier, is this result already stored) and writes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jingtu.core import access, actions
from jingtu.core.models import AuditEvent
from jingtu.labdata import engine, store
from jingtu.labdata.models import ImportBatch, Result, Sample, SamplingPoint
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
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
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
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    screened = engine.screen(parsed, options)
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
