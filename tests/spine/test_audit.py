"""Every write keeps who, when and what changed; regulatory records are never hard-deleted."""

from __future__ import annotations

from typing import Any

import pytest

from jingtu.core import actions
from jingtu.core.models import AuditEvent, HardDeleteForbidden
from jingtu.plots.models import Plot


@pytest.mark.django_db
def test_create_update_delete_restore_are_audited(personas: Any) -> None:
    bob = personas.bob
    plot = actions.create(bob, Plot, code="A-1", name="审计地块", district=personas.dongcheng, reason="new")
    actions.update(bob, plot, name="审计地块（更名）", address="东城区某路1号", reason="rename")
    actions.soft_delete(bob, plot, reason="录入错误")
    assert not Plot.objects.filter(code="A-1").exists()
    assert Plot.all_objects.get(code="A-1").is_deleted
    actions.restore(bob, Plot.all_objects.get(code="A-1"), reason="误删恢复")
    assert Plot.objects.get(code="A-1").name == "审计地块（更名）"

    events = list(
        AuditEvent.objects.filter(object_id=str(plot.pk), content_type__model="plot").order_by("id")
    )
    assert [e.verb for e in events] == ["create", "update", "delete", "restore"]
    assert all(e.actor == bob for e in events)
    assert events[1].changes["name"] == ["审计地块", "审计地块（更名）"]
    assert events[1].changes["address"] == ["", "东城区某路1号"]
    assert "district" not in events[1].changes  # only what changed
    assert events[2].reason == "录入错误"

    history = list(Plot.history.filter(id=plot.pk).order_by("history_date"))
    assert len(history) == 4
    assert all(h.history_user == bob for h in history)
    assert history[0].name == "审计地块" and history[-1].name == "审计地块（更名）"
    assert history[2].deleted_at is not None and history[3].deleted_at is None
    diff = history[1].diff_against(history[0])
    assert {c.field for c in diff.changes} == {"name", "address"}


@pytest.mark.django_db
def test_hard_delete_is_impossible(personas: Any) -> None:
    plot = actions.create(personas.alice, Plot, code="A-2", name="不可删", district=personas.chaoyang)
    with pytest.raises(HardDeleteForbidden):
        plot.delete()
    with pytest.raises(HardDeleteForbidden):
        Plot.objects.filter(code="A-2").delete()
    with pytest.raises(HardDeleteForbidden):
        AuditEvent.objects.first().delete()  # type: ignore[union-attr]
    assert Plot.objects.filter(code="A-2").exists()


@pytest.mark.django_db
def test_delete_needs_a_reason(personas: Any) -> None:
    plot = actions.create(personas.alice, Plot, code="A-3", name="要理由", district=personas.chaoyang)
    with pytest.raises(ValueError):
        actions.soft_delete(personas.alice, plot, reason="  ")
    assert Plot.objects.filter(code="A-3").exists()


@pytest.mark.django_db
def test_failed_write_leaves_nothing(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        actions.create(personas.alice, Plot, code="", name="无编号", district=personas.chaoyang)
    assert AuditEvent.objects.count() == before
    assert not Plot.all_objects.filter(name="无编号").exists()


@pytest.mark.django_db
def test_admin_delete_is_soft_and_restorable(personas: Any) -> None:
    from django.test import Client

    plot = actions.create(personas.alice, Plot, code="A-4", name="后台删除", district=personas.chaoyang)
    personas.alice.is_superuser = True
    personas.alice.save()
    client = Client()
    client.force_login(personas.alice)
    r = client.post(f"/admin/plots/plot/{plot.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert Plot.all_objects.get(pk=plot.pk).is_deleted
    r = client.post("/admin/plots/plot/", {"action": "restore_selected", "_selected_action": [plot.pk]})
    assert r.status_code == 302
    assert not Plot.all_objects.get(pk=plot.pk).is_deleted
    assert list(
        AuditEvent.objects.filter(object_id=str(plot.pk), content_type__model="plot")
        .values_list("verb", flat=True)
        .order_by("id")
    ) == ["create", "delete", "restore"]
