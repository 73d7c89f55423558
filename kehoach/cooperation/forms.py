"""Forms of the cooperation register; rules live in the services, these only parse input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.core.uploads import check_size
from kehoach.organizations.models import Country, Organization
from kehoach.plans.selectors import tasks_visible_to

from .choices import ActivityStatus, EventKind
from .models import Agreement, Event
from .selectors import ActivityFilters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit_tasks(form, user) -> None:
    """A linked task must be one the user can see (it arrives as ?task= from the task page)."""
    field = form.fields["task"]
    field.queryset = tasks_visible_to(user) if user is not None else field.queryset.none()
    field.error_messages["invalid_choice"] = _("Nhiệm vụ liên kết không tồn tại.")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "kind", "partners", "units", "owner_unit", "signed_on", "expires_on", "status", "file",
                  "note", "task"]
        widgets = {"signed_on": DATE, "expires_on": DATE, "task": forms.HiddenInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organization.objects.filter(kind="partner").order_by("name")
        self.fields["units"].queryset = Organization.objects.filter(kind="unit").order_by("name")
        self.fields["owner_unit"].queryset = Organization.objects.filter(kind="unit").order_by("name")
        _limit_tasks(self, user)
        if user is not None and not user.is_coordinator and not user.is_superuser:
            del self.fields["owner_unit"]  # a unit files for itself

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size"):
            check_size(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("signed_on") and data.get("expires_on") and data["expires_on"] < data["signed_on"]:
            self.add_error("expires_on", _("Ngày hết hiệu lực không được trước ngày ký."))
        return data

    def _post_clean(self):
        # The service runs full_clean inside its transaction; skip the ModelForm's instance copy here.
        pass


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "start_date", "end_date", "place", "country", "partners", "units",
                  "owner_unit", "note", "task"]
        widgets = {"start_date": DATE, "end_date": DATE, "task": forms.HiddenInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organization.objects.filter(kind="partner").order_by("name")
        self.fields["units"].queryset = Organization.objects.filter(kind="unit").order_by("name")
        self.fields["owner_unit"].queryset = Organization.objects.filter(kind="unit").order_by("name")
        self.fields["country"].queryset = Country.objects.order_by("name_vi")
        _limit_tasks(self, user)
        if user is not None and not user.is_coordinator and not user.is_superuser:
            del self.fields["owner_unit"]

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def _post_clean(self):
        pass


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2200)
    country = forms.ModelChoiceField(label=_("Quốc gia"), required=False, queryset=Country.objects.none(),
                                     to_field_name="code")
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả"))] + list(ActivityStatus.choices))
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.filter(cooperation_activities__isnull=False) \
            .distinct().order_by("name_vi")

    def filters(self):
        if not self.is_bound or not self.is_valid():
            return ActivityFilters()
        d = self.cleaned_data
        return ActivityFilters(year=d.get("year"), country=d["country"].code if d.get("country") else "",
                               status=d.get("status") or "", q=d.get("q") or "", plan=d.get("plan"))


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ActivityStatus.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + list(EventKind.choices))
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2200)
