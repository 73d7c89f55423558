from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("Lãnh đạo Bộ")
    COORDINATOR = "coordinator", _("Đơn vị đầu mối theo dõi")
    FINANCE = "finance", _("Kế hoạch - Tài chính")
    FOCAL_POINT = "focal_point", _("Cán bộ đầu mối đơn vị")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    VIEWER = "viewer", _("Người xem")
