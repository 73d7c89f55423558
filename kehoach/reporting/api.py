"""Reporting API: periods, reports and entries, scoped like the pages; state changes via the same services."""

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

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


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = PeriodSerializer

    def get_queryset(self):
        return selectors.periods_visible_to(self.request.user).order_by("-deadline", "-id")


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = ReportSerializer

    def get_queryset(self):
        qs = selectors.reports_visible_to(self.request.user).order_by("-period__deadline", "unit__name")
        if self.request.query_params.get("period"):
            qs = qs.filter(period_id=self.request.query_params["period"])
        return qs

    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        report = services.report_save_draft(report=self.get_object(), actor=request.user,
                                            version=request.data.get("version", 0), data=request.data,
                                            entries=request.data.get("entries") or {})
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


class EntryViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = EntrySerializer

    def get_queryset(self):
        qs = selectors.entries_visible_to(self.request.user) \
            .select_related("task").order_by("report_id", "task__position")
        if self.request.query_params.get("report"):
            qs = qs.filter(report_id=self.request.query_params["report"])
        return qs
