"""The organizations app's rule book (``kehoach.core.rules``): who changes the registry's structure (a
unit's successor, a group's members). The coordinating department and administrators; the system too (the
registry's loaders and the CLI)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kehoach.core.permissions import is_manager
from kehoach.core.rules import rule

from .models import Organization

rule("organizations.set_successor", is_manager, on=Organization, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được khai báo đơn vị kế thừa."))
rule("organizations.edit_group", is_manager, on=Organization, system=True,
     refusal=_("Chỉ đơn vị đầu mối mới được sửa thành viên của nhóm."))
