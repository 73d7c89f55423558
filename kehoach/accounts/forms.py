"""accounts forms."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class OtpForm(forms.Form):
    token = forms.CharField(label=_("Mã xác thực (6 chữ số)"), min_length=6, max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "pattern": "[0-9]*", "class": "form-control"}))

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (all four password validators) with Bootstrap inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
