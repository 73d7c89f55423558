from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TaskClass, TaskProgress, TimeframeKind
from .selectors import TaskFilters

SORT_CHOICES = [
    ("", _("Thứ tự mặc định")), ("deadline", _("Hạn sớm trước")), ("-deadline", _("Hạn muộn trước")),
    ("title", _("Tên nhiệm vụ A–Z")), ("progress", _("Tình trạng")), ("-percent", _("Tiến độ cao trước")),
    ("percent", _("Tiến độ thấp trước")), ("-updated", _("Mới cập nhật")),
]


class UnitChoiceField(forms.TypedChoiceField):
    """A unit of the plan: valid if among `allowed` (all the plan names), whether or not the select lists it."""

    allowed: set[str] = set()

    def valid_value(self, value) -> bool:
        return str(value) in self.allowed or super().valid_value(value)


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    lead = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None)
    coordinating = UnitChoiceField(label=_("Đơn vị phối hợp"), required=False, coerce=int, empty_value=None)
    product = forms.TypedChoiceField(label=_("Sản phẩm"), required=False, coerce=int, empty_value=None)
    timeframe = forms.ChoiceField(label=_("Thời gian"), required=False,
                                  choices=[("", _("Tất cả"))] + list(TimeframeKind.choices))
    progress = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                 choices=[("", _("Tất cả"))] + list(TaskProgress.choices))
    group = forms.ChoiceField(label=_("Nhóm"), required=False)
    task_class = forms.ChoiceField(label=_("Phân loại theo thời hạn"), required=False,
                                   choices=[("", _("Mọi phân loại"))] + list(TaskClass.choices))
    key = forms.ChoiceField(label=_("Nhiệm vụ trọng tâm"), required=False,
                            choices=[("", _("Mọi nhiệm vụ")), ("1", _("Chỉ nhiệm vụ trọng tâm"))])
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, options: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        for name, key in (("lead", "leads"), ("coordinating", "coordinating")):
            # Every unit of the plan is valid; the select lists at most the units named most often (and the
            # one chosen): building 3,000 choices cost a plan of the whole ministry 120 ms a request.
            field, every = self.fields[name], options[key]
            field.allowed = {str(k) for k, _v in every}
            shown, chosen = options.get(f"shown_{key}"), str(self.data.get(name, ""))
            field.choices = everyone + ([(k, v) for k, v in every if k in shown or str(k) == chosen]
                                        if shown is not None else every)
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
                           q=data.get("q") or "", group=data.get("group") or "", sort=data.get("sort") or "",
                           task_class=data.get("task_class") or "", key_only=data.get("key") == "1")


class TaskListForm(forms.Form):
    """Filters of the task list across plans."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    plan = forms.TypedChoiceField(label=_("Kế hoạch"), required=False, coerce=int, empty_value=None)
    # A unit by name (typed, without diacritics), or by id from a link: a select of 3,000 units weighs 200 KB.
    unit_q = forms.CharField(label=_("Đơn vị (gõ tên)"), required=False, max_length=100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Vai trò của đơn vị"), required=False,
                             choices=[("", _("Chủ trì hoặc phối hợp")), ("lead", _("Chủ trì")),
                                      ("coordinating", _("Phối hợp"))])
    progress = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                 choices=[("", _("Tất cả")), ("open", _("Chưa hoàn thành"))]
                                 + list(TaskProgress.choices))
    timeframe = forms.ChoiceField(label=_("Thời gian"), required=False,
                                  choices=[("", _("Tất cả"))] + list(TimeframeKind.choices))
    due_before = forms.DateField(label=_("Hạn đến ngày (dd/mm/yyyy)"), required=False)
    task_class = forms.ChoiceField(label=_("Phân loại theo thời hạn"), required=False,
                                   choices=[("", _("Mọi phân loại"))] + list(TaskClass.choices))
    key = forms.ChoiceField(label=_("Nhiệm vụ trọng tâm"), required=False,
                            choices=[("", _("Mọi nhiệm vụ")), ("1", _("Chỉ nhiệm vụ trọng tâm"))])
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False,
                             choices=[("", _("Kế hoạch mới trước"))] + SORT_CHOICES[1:])

    def __init__(self, *args, options: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("Tất cả"))]
        self.fields["plan"].choices = everyone + options["plans"]

    def filters(self) -> TaskFilters:
        if not self.is_valid():
            return TaskFilters()
        data = self.cleaned_data
        role, unit, progress = data.get("role"), data.get("unit"), data.get("progress") or ""
        if not unit and data.get("unit_q"):
            unit = data["unit_q"]  # a name: the selector matches it against unit names
        return TaskFilters(
            plan=data.get("plan"), lead=unit if role == "lead" else None,
            coordinating=unit if role == "coordinating" else None, unit=unit if not role else None,
            progress="" if progress == "open" else progress, open_only=progress == "open",
            timeframe=data.get("timeframe") or "", due_before=data.get("due_before"), q=data.get("q") or "",
            sort=data.get("sort") or "", task_class=data.get("task_class") or "", key_only=data.get("key") == "1")


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


class TaskTrackingForm(forms.Form):
    """What the coordinator sets on a published task: deadline, key-task flag, people, assigning document."""

    deadline_set = forms.DateField(label=_("Thời hạn (dd/mm/yyyy)"), required=False,
                                   help_text=_("Để trống: theo thời gian thực hiện ghi trong kế hoạch."))
    is_key = forms.BooleanField(label=_("Nhiệm vụ trọng tâm"), required=False)
    leader_in_charge = forms.ModelChoiceField(label=_("Lãnh đạo phụ trách"), queryset=None, required=False)
    tracking_officer = forms.ModelChoiceField(label=_("Chuyên viên theo dõi"), queryset=None, required=False)
    focal_point = forms.ModelChoiceField(label=_("Đầu mối của đơn vị chủ trì"), queryset=None, required=False)
    assigned_by_number = forms.CharField(label=_("Số, ký hiệu văn bản giao"), required=False, max_length=80)
    assigned_by_date = forms.DateField(label=_("Ngày văn bản giao (dd/mm/yyyy)"), required=False)
    assigned_by_issuer = forms.CharField(label=_("Cơ quan giao"), required=False, max_length=300)
    assigned_by_file = forms.FileField(label=_("Tệp văn bản giao"), required=False)

    def __init__(self, *args, task, **kwargs):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
        lead_units = [a.organization_id for a in task.assignments.all() if a.role == "lead" and a.organization_id]
        kwargs.setdefault("initial", {
            "deadline_set": task.deadline_set, "is_key": task.is_key, "leader_in_charge": task.leader_in_charge_id,
            "tracking_officer": task.tracking_officer_id, "focal_point": task.focal_point_id,
            "assigned_by_number": task.assigned_by_number, "assigned_by_date": task.assigned_by_date,
            "assigned_by_issuer": task.assigned_by_issuer})
        super().__init__(*args, **kwargs)
        self.fields["leader_in_charge"].queryset = users.filter(role="leadership")
        self.fields["tracking_officer"].queryset = users.filter(role="coordinator")
        self.fields["focal_point"].queryset = users.filter(role__in=["focal_point", "unit_head"],
                                                           unit_id__in=lead_units)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if not data.get("assigned_by_file"):
            data.pop("assigned_by_file", None)  # no new file: keep the stored one
        return data


class ExtensionRequestForm(forms.Form):
    proposed_date = forms.DateField(label=_("Thời hạn đề nghị (dd/mm/yyyy)"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), choices=[("approve", _("Chấp thuận")),
                                                                 ("refuse", _("Không chấp thuận"))])
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=4000)
