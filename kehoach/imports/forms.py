from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Organization
from kehoach.plans.models import Plan


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp kế hoạch (.txt, .md, .pdf, .docx, .xlsx)"))
    replaces = forms.ModelChoiceField(
        label=_("Đây là bản mới của kế hoạch đã ban hành (không bắt buộc)"), required=False,
        queryset=Plan.objects.filter(status="published").order_by("-issued_on"),
    )


class MapNameForm(forms.Form):
    raw_name = forms.CharField(widget=forms.HiddenInput)
    organization = forms.ModelChoiceField(
        label=_("Gán vào đơn vị"), queryset=Organization.objects.exclude(kind=OrgKind.PARTNER).order_by("kind", "name"),
    )


class PublishForm(forms.Form):
    create_unknown = forms.BooleanField(
        label=_("Tạo mới các tên đơn vị chưa có trong danh mục (đánh dấu cần xác nhận)"), required=False,
    )
