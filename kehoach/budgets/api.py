"""Budget API: the same selectors and services as the pages (so the same visibility and rules)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kehoach.core.api import query_choice
from kehoach.organizations.models import Organization
from kehoach.plans.selectors import tasks_visible_to

from . import selectors, services
from .choices import Currency, FundingSource
from .models import BudgetLine


class BudgetLineSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "unit", "unit_name", "year", "plan", "task", "activity", "title", "source", "currency",
                  "exchange_rate", "amount", "amount_vnd", "status", "approved_amount", "approved_vnd",
                  "appraisal_comment", "appraised_at", "note"]
        read_only_fields = ["plan", "amount_vnd", "status", "approved_amount", "approved_vnd", "appraisal_comment",
                            "appraised_at"]


class BudgetLineInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(kind="unit"), required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    task = serializers.IntegerField(required=False, allow_null=True)
    source = serializers.ChoiceField(choices=FundingSource.choices)
    currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.VND)
    # Strings, so the service gives its own Vietnamese message for "abc" or "-5".
    amount = serializers.CharField()
    exchange_rate = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class AppraisalInput(serializers.Serializer):
    approved_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)
    returned = serializers.BooleanField(default=False)

    def validate(self, attrs):
        """An appraisal states the approved amount; a return states why (the service checks the reason)."""
        if not attrs.get("returned") and attrs.get("approved_amount") in (None, ""):
            raise serializers.ValidationError({"approved_amount": _("Chưa nhập số được thẩm định.")})
        return attrs


class TotalRow(serializers.Serializer):
    """One group of `totals`: its key (a unit/plan id, a source or a year), label and sums in VND."""

    key = serializers.JSONField()
    label = serializers.CharField()
    lines = serializers.IntegerField()
    estimate = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)
    approved = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)
    spent = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)


class BudgetLineViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]+"  # ids are integers (and the schema says so)
    serializer_class = BudgetLineSerializer

    def get_queryset(self):
        return selectors.budget_line_list(self.request.user)

    def create(self, request):
        data = BudgetLineInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["task"] = tasks_visible_to(request.user).filter(pk=values["task"]).first() if values.get(
            "task") else None
        line = services.budget_line_save(actor=request.user, data=values)
        return Response(BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        line = services.budget_line_submit(line=selectors.budget_line_get(request.user, pk), actor=request.user)
        return Response(BudgetLineSerializer(line).data)

    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        data = AppraisalInput(data=request.data)
        data.is_valid(raise_exception=True)
        line = selectors.budget_line_get(request.user, pk)
        line = services.budget_line_appraise(line=line, actor=request.user, **data.validated_data)
        return Response(BudgetLineSerializer(line).data)

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=list(selectors.TOTAL_DIMENSIONS))],
                   responses=TotalRow(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request):
        by = query_choice(request.query_params, "by", list(selectors.TOTAL_DIMENSIONS)) or "unit"
        return Response(selectors.budget_totals(request.user, by))
