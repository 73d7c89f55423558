"""documents forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.organizations.choices import OrgKind
from kehoach.organizations.models import Organization

from .models import ConsolidationDraft, SignatureProfile


class SignatureProfileForm(forms.ModelForm):
    organization = forms.ModelChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Organization.objects.filter(kind__in=[OrgKind.MINISTRY, OrgKind.UNIT], is_active=True)
        .order_by("position", "name"),
        error_messages={"required": _("Hãy chọn cơ quan, đơn vị."),
                        "invalid_choice": _("Cơ quan, đơn vị không có trong danh mục.")},
    )

    class Meta:
        model = SignatureProfile
        fields = ["organization", "authority", "title", "name", "is_default"]
        help_texts = {"is_default": _("Bỏ chọn để thêm một người ký khác (cấp phó, quyền cấp trưởng) chọn "
                                      "theo từng văn bản.")}
        error_messages = {
            "authority": {"max_length": _("Thẩm quyền ký dài quá %(limit_value)d ký tự.")},
            "title": {"max_length": _("Chức vụ dài quá %(limit_value)d ký tự.")},
            "name": {"max_length": _("Họ và tên dài quá %(limit_value)d ký tự.")},
        }

    def validate_unique(self):
        # Saving a profile for an organisation that has one replaces it (the service upserts).
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select form-select-sm" if name == "organization" else \
                "form-check-input" if name == "is_default" else "form-control form-control-sm"


class ConsolidationDraftForm(forms.ModelForm):
    class Meta:
        model = ConsolidationDraft
        fields = ["grouping", "kinh_gui", "recipients", "signer", "difficulties", "proposals"]
        widgets = {
            "signer": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "grouping": forms.RadioSelect,
            "kinh_gui": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "recipients": forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            "difficulties": forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
            "proposals": forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
        }
        help_texts = {
            "difficulties": _("Mỗi dòng là một đoạn trong báo cáo."),
            "proposals": _("Mỗi dòng là một đoạn trong báo cáo."),
        }
        error_messages = {
            "grouping": {"invalid_choice": _("Cách trình bày không hợp lệ."),
                         "required": _("Hãy chọn cách trình bày kết quả.")},
            "difficulties": {"max_length": _("Phần khó khăn dài quá %(limit_value)d ký tự.")},
            "proposals": {"max_length": _("Phần đề xuất dài quá %(limit_value)d ký tự.")},
            "kinh_gui": {"max_length": _("Phần kính gửi dài quá %(limit_value)d ký tự.")},
            "recipients": {"max_length": _("Phần nơi nhận dài quá %(limit_value)d ký tự.")},
            "signer": {"invalid_choice": _("Người ký không có trong danh sách người ký của đơn vị đầu mối.")},
        }

    def __init__(self, *args, coordinator=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the coordinating unit's own signers, each shown with its authority mark.
        self.fields["signer"].queryset = SignatureProfile.objects.filter(organization=coordinator) \
            .order_by("-is_default", "id")
        self.fields["signer"].label_from_instance = lambda p: " — ".join(
            x for x in (p.authority, p.title, p.name) if x)
