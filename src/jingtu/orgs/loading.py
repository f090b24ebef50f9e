"""Keep the Organisation table in step with the organisation registry engine (jingtu.engines.orgs)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jingtu.core import actions
from jingtu.core.progress import Progress, track
from jingtu.divisions.models import District
from jingtu.engines.orgs import load_registry
from jingtu.orgs.models import Organisation


def _fields(unit: Any, districts: dict[str, District]) -> dict[str, Any]:
    return {
        "name": unit.name,
        "category": Organisation.Category.GOVERNMENT,
        "kind": unit.kind,
        "level": unit.level,
        "district": districts.get(unit.district) if unit.district else None,
        "short_names": list(unit.short_names),
        "aliases": list(unit.aliases),
        "historical_names": [list(h) for h in unit.historical],
    }


@transaction.atomic
def sync_registry(actor: Any, progress: Progress | None = None) -> dict[str, int]:
    """Create or update one Organisation per registry unit (parents linked in a second pass)."""
    registry = load_registry()
    districts = {d.code: d for d in District.objects.all()}
    existing = {o.code: o for o in Organisation.all_objects.filter(category=Organisation.Category.GOVERNMENT)}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    units = list(registry.units)
    with track(units, "部门 / organisations", progress) as bar:
        for unit in bar:
            fields = _fields(unit, districts)
            org = existing.get(unit.code)
            if org is None:
                existing[unit.code] = actions.create(
                    actor,
                    Organisation,
                    code=unit.code,
                    reason="registry sync",
                    action="sync_registry",
                    **fields,
                )
                counts["created"] += 1
                continue
            changed = {k: v for k, v in fields.items() if getattr(org, k) != v}
            if changed:
                actions.update(actor, org, reason="registry sync", action="sync_registry", **changed)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    for unit in units:
        if unit.parent and unit.parent in existing:
            org = existing[unit.code]
            if org.parent_id != existing[unit.parent].pk:
                actions.update(
                    actor, org, parent=existing[unit.parent], reason="registry sync", action="sync_registry"
                )
    return counts
