"""Read API for plans and tasks (same selectors as the pages, so the same visibility)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from kehoach.core.api import BoundedPagination, query_choice, query_int

from .choices import AssignmentRole, PlanStatus
from .models import LegalBasis, Plan, Task
from .selectors import TaskFilters, _filtered, _sorted, _with_links, plans_visible_to, tasks_visible_to


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


class TaskSerializer(serializers.ModelSerializer):
    lead = AssignmentField(AssignmentRole.LEAD)
    coordinating = AssignmentField(AssignmentRole.COORDINATING)
    products = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    partners = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "version", "lineage", "group", "ref", "title", "lead", "coordinating", "products",
                  "timeframe_raw", "timeframe_kind", "timeframe_start", "timeframe_end", "partners", "funding",
                  "note", "progress", "progress_percent", "is_archived"]

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
        qs = tasks_visible_to(self.request.user).select_related("version")
        if params.get("all_versions") not in ("1", "true"):
            qs = qs.filter(is_current=True)
        ids = {k: query_int(params, k) for k in ("plan", AssignmentRole.LEAD, AssignmentRole.COORDINATING)}
        filters = TaskFilters(plan=ids.get("plan"), lead=ids.get(AssignmentRole.LEAD),
                              coordinating=ids.get(AssignmentRole.COORDINATING),
                              timeframe=params.get("timeframe_kind", ""), progress=params.get("progress", ""),
                              q=params.get("q", ""), include_archived=True, sort=params.get("sort", ""))
        return _with_links(_sorted(_filtered(qs, filters), filters.sort, "plan"))
