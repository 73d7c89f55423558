from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ")
    UNIT = "unit", _("Đơn vị thuộc Bộ")
    EXTERNAL = "external", _("Cơ quan bên ngoài")
    PARTNER = "partner", _("Đối tác nước ngoài")
    GROUP = "group", _("Nhóm đơn vị")


class UnitType(models.TextChoices):
    DEPARTMENT = "department", _("Vụ / Văn phòng / Thanh tra")
    AGENCY = "agency", _("Cục / Tổng cục")
    INSTITUTE = "institute", _("Viện")
    SCHOOL = "school", _("Trường / Học viện")
    CENTRE = "centre", _("Trung tâm")
    MUSEUM = "museum", _("Bảo tàng")
    ART = "art", _("Đơn vị nghệ thuật")
    PRESS = "press", _("Báo chí, xuất bản")
    OTHER = "other", _("Khác")


class GroupRule(models.TextChoices):
    """How a named group such as `Các đơn vị thuộc Bộ` expands to units."""

    ALL_UNITS = "all_units", _("Mọi đơn vị thuộc Bộ")
    NAMED_LATER = "named_later", _("Đơn vị chủ trì xác định sau")
    STATE_MANAGEMENT = "state_management", _("Các cơ quan quản lý nhà nước")
    ART_UNITS = "art_units", _("Các đơn vị nghệ thuật")
    TRAINING = "training", _("Các cơ sở đào tạo")
    EXPLICIT = "explicit", _("Danh sách thành viên")


class PartnerType(models.TextChoices):
    ORGANISATION = "organisation", _("Tổ chức")
    GOVERNMENT = "government", _("Chính phủ / quốc gia")
    PROGRAMME = "programme", _("Chương trình")
    OTHER = "other", _("Khác")
