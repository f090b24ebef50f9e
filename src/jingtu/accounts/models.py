from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingtu.core.roles import Role


class User(AbstractUser):
    """A person using Jingtu. The role and the district/organisation scope what they see and may change."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.PUBLIC)
    district = models.ForeignKey(
        "divisions.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("District bureau staff see only this district."),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Department, enterprise, consultancy or laboratory the user works for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role == Role.DISTRICT_STAFF and not self.district_id:
            raise ValidationError({"district": _("District bureau staff must have a district.")})
        if (
            self.role in (Role.DEPARTMENT_STAFF, Role.ENTERPRISE, Role.CONSULTANT)
            and not self.organisation_id
        ):
            raise ValidationError({"organisation": _("This role needs an organisation.")})
