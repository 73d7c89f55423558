"""Forms of the unit yearly plan pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = {"invalid": _("Ngày không hợp lệ, ghi theo dd/mm/yyyy.")}


class CreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)


class OwnItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))
    product = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), input_formats=DATE_FORMATS, required=False,
                               error_messages=DATE_ERROR)
    planned_output = forms.CharField(label=_("Kết quả dự kiến"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False)
    target_date = forms.DateField(label=_("Hoàn thành dự kiến"), input_formats=DATE_FORMATS, required=False,
                                  error_messages=DATE_ERROR)


class ItemUpdateForm(forms.Form):
    planned_output = forms.CharField(label=_("Kết quả dự kiến"), required=False)
    target_date = forms.DateField(label=_("Hoàn thành dự kiến"), input_formats=DATE_FORMATS, required=False,
                                  error_messages=DATE_ERROR)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
