"""Forms of the reporting pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class YearlyPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    cutoff = forms.DateField(label=_("Ngày chốt số liệu"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}),
                             help_text=_("Để trống: bằng hạn gửi báo cáo. Không được sau hạn gửi báo cáo."))
    instructions = forms.CharField(label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AdHocPeriodForm(forms.Form):
    label = forms.CharField(label=_("Tên yêu cầu báo cáo"), max_length=200)
    opens_on = forms.DateField(label=_("Ngày mở"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(label=_("Hạn gửi"), widget=forms.DateInput(attrs={"type": "date"}))
    cutoff = forms.DateField(label=_("Ngày chốt số liệu"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))
    instructions = forms.CharField(label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy nêu lý do.")})


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng"))


class ExtensionForm(forms.Form):
    unit = forms.IntegerField(label=_("Đơn vị"), widget=forms.Select)
    deadline = forms.DateField(label=_("Hạn gửi mới"), widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": _("Hãy chọn hạn gửi mới."),
                                               "invalid": _("Hạn gửi mới không hợp lệ (dd/mm/yyyy).")})
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy nêu lý do gia hạn.")})
