"""Reporting API: periods, reports and entries, scoped like the pages; state changes via the same services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kehoach.core.api import query_int

from . import selectors, services
from .models import ReportingPeriod, TaskReportEntry, UnitReport


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "kind", "year", "label", "opens_on", "cutoff", "deadline", "state", "instructions"]


class EntrySerializer(serializers.ModelSerializer):
    ref = serializers.CharField(source="task.ref", read_only=True)
    lineage = serializers.UUIDField(source="task.lineage", read_only=True)

    class Meta:
        model = TaskReportEntry
        fields = ["id", "report", "task", "ref", "lineage", "status", "percent", "results", "difficulties",
                  "proposals", "evidence_number", "evidence_link", "completion_confirmed"]


class ReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitReport
        fields = ["id", "period", "unit", "unit_name", "state", "version", "summary", "difficulties", "proposals",
                  "first_submitted_at", "submitted_at", "accepted_at"]


class EntryInput(serializers.Serializer):
    """What a save may change in one entry (the service checks each value and names the task)."""

    status = serializers.CharField(required=False, allow_blank=True, max_length=20)
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    results = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    difficulties = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    evidence_number = serializers.CharField(required=False, allow_blank=True, max_length=120)
    evidence_link = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    related_units_text = serializers.CharField(required=False, allow_blank=True, max_length=500)


class EntriesField(serializers.DictField):
    """`{entry id: {field: value}}`: the keys must be ids."""

    child = EntryInput()

    def to_internal_value(self, data):
        if isinstance(data, dict) and any(not str(k).isdigit() or len(str(k)) > 18 for k in data):
            raise serializers.ValidationError(_("Các khóa của “entries” phải là mã số nội dung báo cáo."))
        return {int(k): v for k, v in super().to_internal_value(data).items()}


class SaveInput(serializers.Serializer):
    """A draft save (autosave): the version the client read, report-level texts, and entries by id."""

    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    difficulties = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    proposals = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    entries = EntriesField(required=False)
    entry_versions = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=2**31 - 1),
                                           required=False, help_text="{entry id: version read}: per-task locking")
    confirm_unapprove = serializers.BooleanField(default=False, help_text="save an approved report (back to draft)")


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = PeriodSerializer

    def get_queryset(self):
        return selectors.periods_visible_to(self.request.user).order_by("-deadline", "-id")


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("period", int)]))
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = ReportSerializer

    def get_queryset(self):
        qs = selectors.reports_visible_to(self.request.user).order_by("-period__deadline", "unit__name")
        if (period := query_int(self.request.query_params, "period")) is not None:
            qs = qs.filter(period_id=period)
        return qs

    @extend_schema(request=SaveInput, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        report = self.get_object()
        data = SaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version, entries = values.pop("version"), values.pop("entries", {})
        versions = values.pop("entry_versions", None)
        if versions is not None and any(not str(k).isdigit() for k in versions):
            raise serializers.ValidationError({"entry_versions": [_("Các khóa phải là mã số nội dung báo cáo.")]})
        report = services.report_save_draft(
            report=report, actor=request.user, version=version, data=values, entries=entries,
            entry_versions={int(k): v for k, v in versions.items()} if versions is not None else None,
            confirm_unapprove=values.pop("confirm_unapprove"))
        return Response(ReportSerializer(report).data)

    @action(detail=True, methods=["post"], url_path=r"(?P<verb>approve|submit|accept|return|reopen)")
    def transition(self, request, pk=None, verb=""):
        report = self.get_object()
        fn = {"approve": services.report_approve, "submit": services.report_submit,
              "accept": services.report_accept, "return": services.report_return,
              "reopen": services.report_reopen}[verb]
        kwargs = {"report": report, "actor": request.user}
        if verb in ("return", "reopen"):
            kwargs["reason"] = request.data.get("reason", "")
        report = fn(**kwargs)
        return Response(ReportSerializer(report).data, status=status.HTTP_200_OK)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("report", int)]))
class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = EntrySerializer

    def get_queryset(self):
        qs = selectors.entries_visible_to(self.request.user) \
            .select_related("task").order_by("report_id", "task__position")
        if (report := query_int(self.request.query_params, "report")) is not None:
            qs = qs.filter(report_id=report)
        return qs
