"""Forms for budget lines; the rules (permissions, rates, non-negative amounts) live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.cooperation.models import Activity
from kehoach.core.rules import may
from kehoach.organizations.models import Organization
from kehoach.plans.selectors import tasks_visible_to

from .choices import BudgetStatus, Currency, FundingSource
from .selectors import BudgetFilters
from .services import normalise_number


class MoneyField(forms.DecimalField):
    """A Decimal typed the Vietnamese way (1.500.000,5) or plainly (1500000.5)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})  # type=number would refuse 1.500.000

    def widget_attrs(self, widget):
        return {}  # no step/min attributes: the service gives the Vietnamese message

    def to_python(self, value):
        if value not in self.empty_values:
            value = normalise_number(value)
        return super().to_python(value)


NUMBER_ERRORS = {"invalid": _("Phải nhập một số (ví dụ 150.000.000 hoặc 2500,50)."),
                 "required": _("Chưa nhập số tiền.")}


class BudgetLineForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Organization.objects.none(), required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100,
                              error_messages={"invalid": _("Năm phải là một số, ví dụ 2026.")})
    title = forms.CharField(label=_("Nội dung"), max_length=500, required=False)
    task = forms.IntegerField(widget=forms.HiddenInput, required=False)
    activity = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=FundingSource.choices)
    currency = forms.ChoiceField(label=_("Loại tiền"), choices=Currency.choices, initial=Currency.VND)
    amount = MoneyField(label=_("Dự toán"), max_digits=20, decimal_places=2,
                                error_messages=NUMBER_ERRORS)
    exchange_rate = MoneyField(label=_("Tỷ giá quy đổi sang VND"), max_digits=18, decimal_places=6,
                                       required=False,
                                       help_text=_("Bắt buộc với ngoại tệ: số VND cho 1 đơn vị ngoại tệ."),
                                       error_messages={"invalid": _("Tỷ giá phải là một số.")})
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(kind="unit", is_active=True).order_by("name")
        if user is not None and not may(user, "budgets.file_for_any_unit"):
            del self.fields["unit"]

    def service_data(self, user) -> dict:
        data = dict(self.cleaned_data)
        data["task"] = tasks_visible_to(user).filter(pk=data["task"]).first() if data.get("task") else None
        data["activity"] = Activity.objects.filter(pk=data["activity"]).first() if data.get("activity") else None
        return data


class AppraisalForm(forms.Form):
    approved_amount = MoneyField(label=_("Số được thẩm định"), max_digits=20, decimal_places=2,
                                         required=False, error_messages=NUMBER_ERRORS)
    comment = forms.CharField(label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    returned = forms.BooleanField(label=_("Trả lại để đơn vị hoàn thiện"), required=False)


class SpendForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_label = forms.CharField(label=_("Kỳ báo cáo"), max_length=60, required=False)
    amount = MoneyField(label=_("Số đã chi"), max_digits=20, decimal_places=2,
                                error_messages=NUMBER_ERRORS)
    note = forms.CharField(label=_("Ghi chú"), required=False)


class BudgetFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False)
    unit = forms.IntegerField(label=_("Đơn vị"), required=False)
    source = forms.ChoiceField(label=_("Nguồn kinh phí"), required=False, choices=[("", _("Mọi nguồn"))] + list(FundingSource.choices))
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Mọi trạng thái"))] + list(BudgetStatus.choices))
    plan = forms.IntegerField(label=_("Kế hoạch"), required=False)

    def filters(self):
        if not self.is_bound or not self.is_valid():
            return BudgetFilters()
        d = self.cleaned_data
        return BudgetFilters(year=d.get("year"), unit=d.get("unit"), source=d.get("source") or "",
                             status=d.get("status") or "", plan=d.get("plan"))
