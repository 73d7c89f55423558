"""Budget API: the same selectors and services as the pages (so the same visibility and rules)."""

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

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

    @action(detail=False, methods=["get"])
    def totals(self, request):
        by = request.query_params.get("by", "unit")
        if by not in selectors.TOTAL_DIMENSIONS:
            raise DRFValidationError({"by": "unit | source | year | plan"})
        return Response(selectors.budget_totals(request.user, by))
