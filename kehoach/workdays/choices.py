from django.db import models
from django.utils.translation import gettext_lazy as _


class AdjustmentKind(models.TextChoices):
    """What the Government announces on top of the statutory holidays (e.g. the Tết swap)."""

    WORKING_DAY = "working_day", _("Ngày làm việc bù")
    DAY_OFF = "day_off", _("Ngày nghỉ bổ sung")
