"""Writes to user accounts (audited like every other write)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jingtu.accounts.models import User
from jingtu.core import actions
from jingtu.core.roles import Role

SYSTEM_USERNAME = "jingtu-system"


def system_actor() -> User:
    """The account that loaders and the CLI act as (cannot sign in)."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.MUNICIPAL_ADMIN, "is_active": False, "first_name": "Jingtu system"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def create_user(actor: User | None, *, username: str, password: str, **fields: Any) -> User:
    """Create a user; only municipal administrators (or the system, actor=None) may."""
    actor = actor or system_actor()
    if actor.role != Role.MUNICIPAL_ADMIN and not actor.is_superuser:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("only municipal administrators create users")
    user = User(username=username, **fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    actions.record(
        actor,
        "create",
        user,
        action="create_user",
        changes={
            "username": username,
            "role": user.role,
            "district": user.district_id,
            "organisation": user.organisation_id,
        },
    )
    return user
