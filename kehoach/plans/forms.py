from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TaskProgress, TimeframeKind
from .selectors import TaskFilters


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    lead = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None)
    coordinating = forms.TypedChoiceField(label=_("Đơn vị phối hợp"), required=False, coerce=int, empty_value=None)
    product = forms.TypedChoiceField(label=_("Sản phẩm"), required=False, coerce=int, empty_value=None)
    timeframe = forms.ChoiceField(label=_("Thời gian"), required=False,
                                  choices=[("", _("Tất cả"))] + list(TimeframeKind.choices))
    progress = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                 choices=[("", _("Tất cả"))] + list(TaskProgress.choices))
    group = forms.ChoiceField(label=_("Nhóm"), required=False)

    def __init__(self, *args, options: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        self.fields["lead"].choices = everyone + options["leads"]
        self.fields["coordinating"].choices = everyone + options["coordinating"]
        self.fields["product"].choices = everyone + [(p.pk, p.name) for p in options["products"]]
        self.fields["group"].choices = everyone + [(g, g) for g in options["groups"]]
        if not options["groups"]:
            del self.fields["group"]

    def filters(self) -> TaskFilters:
        if not self.is_valid():
            return TaskFilters()
        data = self.cleaned_data
        return TaskFilters(lead=data.get("lead"), coordinating=data.get("coordinating"), product=data.get("product"),
                           timeframe=data.get("timeframe") or "", progress=data.get("progress") or "",
                           q=data.get("q") or "", group=data.get("group") or "")


class PlanFactsForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), required=False, max_length=60)
    issued_on = forms.DateField(label=_("Ngày ban hành (dd/mm/yyyy)"), required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.IntegerField(label=_("Từ năm"), required=False, min_value=1990, max_value=2100)
    period_end = forms.IntegerField(label=_("Đến năm"), required=False, min_value=1990, max_value=2100)
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=120)

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise forms.ValidationError(_("Năm bắt đầu phải trước năm kết thúc."))
        return data


class TaskCorrectionForm(forms.Form):
    ref = forms.CharField(label=_("TT"), required=False, max_length=20)
    group = forms.CharField(label=_("Nhóm"), required=False, max_length=300)
    title = forms.CharField(label=_("Nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.CharField(label=_("Đơn vị chủ trì (mỗi dòng một đơn vị)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    coordinating = forms.CharField(label=_("Đơn vị phối hợp (mỗi dòng một đơn vị)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    products = forms.CharField(label=_("Sản phẩm (mỗi dòng một loại)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    timeframe_raw = forms.CharField(label=_("Thời gian thực hiện"), required=False, max_length=200)
    partners = forms.CharField(label=_("Đối tác nước ngoài (mỗi dòng một đối tác)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    funding = forms.CharField(label=_("Kinh phí"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
