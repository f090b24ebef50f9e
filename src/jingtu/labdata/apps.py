from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabdataConfig(AppConfig):
    name = "jingtu.labdata"
    label = "labdata"
    verbose_name = _("Lab data")
