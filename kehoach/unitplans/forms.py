"""Forms of the unit yearly plan pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = {"invalid": _("Ngày không hợp lệ, ghi theo dd/mm/yyyy.")}


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates stay free of styling logic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

class CreateForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)


class OwnItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    product = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), input_formats=DATE_FORMATS, required=False,
                               error_messages=DATE_ERROR)
    planned_output = forms.CharField(label=_("Kết quả dự kiến"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False)
    target_date = forms.DateField(label=_("Hoàn thành dự kiến"), input_formats=DATE_FORMATS, required=False,
                                  error_messages=DATE_ERROR)


class ItemUpdateForm(BootstrapMixin, forms.Form):
    planned_output = forms.CharField(label=_("Kết quả dự kiến"), required=False)
    target_date = forms.DateField(label=_("Hoàn thành dự kiến"), input_formats=DATE_FORMATS, required=False,
                                  error_messages=DATE_ERROR)


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
