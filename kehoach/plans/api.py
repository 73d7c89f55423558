"""Read API for plans and tasks (same selectors as the pages, so the same visibility)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from kehoach.core.api import BoundedPagination, query_choice, query_int
from kehoach.core.fragments import FRAGMENT_SECONDS

from .cache import kept_for_portfolio
from .choices import AssignmentRole, PlanStatus
from .models import LegalBasis, Plan, Task, TaskExtension
from .selectors import (
    TaskFilters,
    _filtered,
    _sorted,
    _with_links,
    plan_visibility_scope,
    plans_visible_to,
    tasks_visible_to,
)


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["number", "date"]


class PlanSerializer(serializers.ModelSerializer):
    legal_bases = LegalBasisSerializer(many=True, read_only=True)
    coordinator = serializers.StringRelatedField()
    current_version = serializers.IntegerField(source="current_version.number", read_only=True, default=None)
    report_deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "kind", "number", "issued_on", "issuer_name", "signer", "signer_title", "title",
                  "period_start", "period_end", "coordinator", "status", "current_version", "legal_bases",
                  "report_deadlines", "published_at"]

    def get_report_deadlines(self, plan) -> list[str]:
        return [f"{d.month:02d}-{d.day:02d}" for d in plan.reporting_deadlines.all()]


@extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
    "name": {"type": "string"}, "organization": {"type": "integer", "nullable": True}}}})
class AssignmentField(serializers.Field):
    def __init__(self, role, **kwargs):
        self.role = role
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, task):
        return [{"name": a.raw_name, "organization": a.organization_id}
                for a in task.assignments.all() if a.role == self.role]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class ExtensionSerializer(serializers.ModelSerializer):
    requested_unit = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = TaskExtension
        fields = ["id", "state", "reason", "previous_deadline", "proposed_date", "requested_unit", "created_at",
                  "decided_at", "comment"]


class TaskSerializer(serializers.ModelSerializer):
    lead = AssignmentField(AssignmentRole.LEAD)
    coordinating = AssignmentField(AssignmentRole.COORDINATING)
    monitoring = AssignmentField(AssignmentRole.MONITORING)
    products = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    partners = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="version.number", read_only=True)
    # Tracking (issue 17): the deadline in force and as assigned, the computed class, people, extensions.
    deadline = serializers.DateField(read_only=True, allow_null=True)
    original_deadline = serializers.DateField(read_only=True, allow_null=True)
    is_extended = serializers.BooleanField(read_only=True)
    task_class = serializers.CharField(read_only=True, help_text="done_on_time | done_late | in_time | overdue | "
                                       "not_due | no_deadline")
    # No one named yet: null (the schema says so).
    leader_in_charge = PersonSerializer(read_only=True, allow_null=True)
    tracking_officer = PersonSerializer(read_only=True, allow_null=True)
    focal_point = PersonSerializer(read_only=True, allow_null=True)
    assigned_by = serializers.SerializerMethodField()
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "version", "lineage", "group", "ref", "title", "lead", "coordinating", "monitoring",
                  "products", "timeframe_raw", "timeframe_kind", "timeframe_start", "timeframe_end", "partners", "funding",
                  "note", "progress", "progress_percent", "is_archived", "is_key", "deadline", "original_deadline",
                  "is_extended", "completed_on", "task_class", "leader_in_charge", "tracking_officer",
                  "focal_point", "assigned_by", "extensions"]

    @extend_schema_field({"type": "object", "properties": {
        "number": {"type": "string"}, "date": {"type": "string", "format": "date", "nullable": True},
        "issuer": {"type": "string"}}})
    def get_assigned_by(self, task) -> dict:
        return {"number": task.assigned_by_number, "date": task.assigned_by_date, "issuer": task.assigned_by_issuer}

    def get_partners(self, task) -> list[str]:
        return [p.raw_name for p in task.partner_links.all()]


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", OpenApiTypes.STR, description="draft | published | archived"),
    OpenApiParameter("q", OpenApiTypes.STR, description="search in title and number"),
]))
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = PlanSerializer

    def get_queryset(self):
        qs = plans_visible_to(self.request.user).select_related("coordinator", "current_version").prefetch_related(
            "legal_bases", "reporting_deadlines").order_by("-issued_on", "-id")
        params = self.request.query_params
        if status := query_choice(params, "status", PlanStatus.choices):
            qs = qs.filter(status=status)
        if params.get("q"):
            qs = qs.filter(title__icontains=params["q"])
        return qs


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("plan", OpenApiTypes.INT), OpenApiParameter("lead", OpenApiTypes.INT),
    OpenApiParameter("coordinating", OpenApiTypes.INT), OpenApiParameter("timeframe_kind", OpenApiTypes.STR),
    OpenApiParameter("progress", OpenApiTypes.STR),
    OpenApiParameter("task_class", OpenApiTypes.STR, description="done_on_time | done_late | in_time | overdue | "
                     "not_due | no_deadline"),
    OpenApiParameter("key", OpenApiTypes.BOOL, description="key tasks (nhiệm vụ trọng tâm) only"),
    OpenApiParameter("q", OpenApiTypes.STR, description="search ignoring diacritics"),
    OpenApiParameter("all_versions", OpenApiTypes.BOOL, description="include tasks of earlier plan versions"),
    OpenApiParameter("sort", OpenApiTypes.STR, description="position | plan | deadline | title | progress | percent "
                     "| updated, '-' before it reverses; default: plan, then position"),
]))
class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = TaskSerializer
    pagination_class = BoundedPagination

    def get_queryset(self):
        params = self.request.query_params
        # The version is prefetched, not joined: an inner join let SQLite start from the versions and sort every
        # current task (120 ms at 120,000) instead of walking the tasks' ordered index to the page.
        qs = tasks_visible_to(self.request.user).select_related(
            "leader_in_charge", "tracking_officer", "focal_point").prefetch_related("version",
            Prefetch("extensions", queryset=TaskExtension.objects.select_related("requested_unit")
                     .order_by("task_id", "created_at", "id")))
        if params.get("all_versions") not in ("1", "true"):
            qs = qs.filter(is_current=True)
        ids = {k: query_int(params, k) for k in ("plan", AssignmentRole.LEAD, AssignmentRole.COORDINATING)}
        filters = TaskFilters(plan=ids.get("plan"), lead=ids.get(AssignmentRole.LEAD),
                              coordinating=ids.get(AssignmentRole.COORDINATING),
                              timeframe=params.get("timeframe_kind", ""), progress=params.get("progress", ""),
                              q=params.get("q", ""), include_archived=True, sort=params.get("sort", ""),
                              task_class=params.get("task_class", ""), key_only=params.get("key") in ("1", "true"))
        return _with_links(_sorted(_filtered(qs, filters), filters.sort, "plan"))

    def list(self, request, *args, **kwargs):
        # A page of tasks is the same for everyone of one visibility scope and read far more than plans change:
        # the serialized page is kept under the portfolio's stamp (any plan's change, an extension asked or
        # decided, people assigned, moves it), per address (filters, page, the host its links name), language
        # and day (a task's class is judged on today). Bad filters raise before anything is kept.
        key = (plan_visibility_scope(request.user), request.build_absolute_uri(), get_language(),
               timezone.localdate().isoformat())
        data = kept_for_portfolio("api-task-list", key, lambda: super(TaskViewSet, self).list(
            request, *args, **kwargs).data, seconds=FRAGMENT_SECONDS)
        return Response(data)
