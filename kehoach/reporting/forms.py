"""Forms of the reporting pages."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .choices import PeriodFrequency, ReportRegime, SendingMethod


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


def _date(label, help_text=""):
    return forms.DateField(label=label, required=False, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": format_lazy(_("{} không hợp lệ (dd/mm/yyyy)."), label)})


class Decree09PeriodForm(forms.Form):
    """A period's Decree 09/2019 particulars; checked by ``services.decree09.period_set_decree09``."""

    regime = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReportRegime.choices,
                               error_messages={"invalid_choice": _("Loại báo cáo không hợp lệ.")})
    frequency = forms.ChoiceField(label=_("Tần suất"), required=False,
                                  choices=[("", "—"), *PeriodFrequency.choices],
                                  error_messages={"invalid_choice": _("Tần suất báo cáo không hợp lệ.")})
    number = forms.IntegerField(label=_("Quý hoặc tháng"), required=False, min_value=1, max_value=12,
                                help_text=_("Báo cáo hằng quý: 1–4; hằng tháng: 1–12."),
                                error_messages={"invalid": _("Quý hoặc tháng phải là một số."),
                                                "min_value": _("Quý hoặc tháng phải từ 1 trở lên."),
                                                "max_value": _("Quý hoặc tháng không quá 12.")})
    data_start = _date(_("Số liệu từ ngày"),
                       _("Để trống với báo cáo định kỳ: theo Nghị định 09 (năm: 15/12 năm trước – 14/12)."))
    data_end = _date(_("Số liệu đến ngày"), _("Cũng là ngày chốt số liệu của kỳ."))
    dept_deadline = _date(_("Hạn đơn vị đầu mối tổng hợp"))
    ministry_deadline = _date(_("Hạn Bộ gửi báo cáo"))
    recipient = forms.CharField(label=_("Nơi nhận báo cáo"), required=False, max_length=300)
    sending_method = forms.ChoiceField(label=_("Phương thức gửi"), required=False,
                                       choices=[("", "—"), *SendingMethod.choices],
                                       error_messages={"invalid_choice": _("Phương thức gửi không hợp lệ.")})
