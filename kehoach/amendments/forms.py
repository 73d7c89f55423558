"""Forms of the amendment pages (validation of shape; the rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.core.audit import action_choices

from .choices import ItemKind, ProposalStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates stay free of styling logic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

class ProposalForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Trích yếu đề xuất"), max_length=300)
    reason = forms.CharField(label=_("Lý do chung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ItemForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Loại đề xuất"), choices=ItemKind.choices)
    task = forms.TypedChoiceField(label=_("Nhiệm vụ"), required=False, coerce=int, empty_value=None)
    title = forms.CharField(label=_("Tên nhiệm vụ (mới)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    lead = forms.CharField(label=_("Đơn vị chủ trì"), max_length=500, required=False)
    coordinating = forms.CharField(label=_("Đơn vị phối hợp"), max_length=1000, required=False)
    products = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    timeframe_raw = forms.CharField(label=_("Thời gian thực hiện"), max_length=200, required=False)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = {t.pk: t for t in tasks}
        self.fields["task"].choices = [("", "—")] + [(t.pk, f"{t.ref}. {t.title[:90]}") for t in tasks]

    def clean(self):
        data = super().clean()
        if data.get("kind") in (ItemKind.CHANGE, ItemKind.DROP) and not data.get("task"):
            self.add_error("task", _("Hãy chọn nhiệm vụ cần điều chỉnh hoặc đưa ra."))
        data["task_obj"] = self.tasks.get(data.get("task"))
        return data


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(BootstrapMixin, forms.Form):
    decision_number = forms.CharField(label=_("Số văn bản phê duyệt"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Ngày văn bản (dd/mm/yyyy)"), input_formats=DATE_FORMATS,
                                    required=False, error_messages={"invalid": _("Ngày không hợp lệ, ghi theo dd/mm/yyyy.")})
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ListFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả"))] + ProposalStatus.choices,
                               required=False)


class AuditFilterForm(BootstrapMixin, forms.Form):
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    user = forms.CharField(label=_("Người thực hiện"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS, required=False)
    date_to = forms.DateField(label=_("Đến ngày"), input_formats=DATE_FORMATS, required=False)
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Tất cả"))] + list(object_types)
        self.fields["action"].choices = [("", _("Tất cả"))] + action_choices()
