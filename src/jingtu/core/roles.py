"""The six roles of the platform (docs/architecture.md, "Roles and scoping")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")
    DISTRICT_STAFF = "district_staff", _("District bureau staff")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    ENTERPRISE = "enterprise", _("Enterprise user")
    CONSULTANT = "consultant", _("Consultant / laboratory")
    PUBLIC = "public", _("Public")
