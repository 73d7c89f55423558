"""API for unit yearly plans: scoped reads, actions through the services."""

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .models import UnitPlanItem, UnitYearPlan


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitPlanItem
        fields = ["id", "source", "task", "task_lineage", "title", "product", "deadline", "planned_output",
                  "target_date"]


class YearPlanSerializer(serializers.ModelSerializer):
    unit = serializers.StringRelatedField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = UnitYearPlan
        fields = ["id", "unit", "year", "status", "submitted_at", "decided_at", "review_comment", "items"]

    def get_items(self, obj) -> list[dict]:
        items = getattr(obj, "active_items", None)
        return ItemSerializer(items, many=True).data if items is not None else []


class CreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class YearPlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = YearPlanSerializer

    def get_queryset(self):
        return selectors.yearplan_list(self.request.user)

    def get_object(self):
        return selectors.yearplan_get(self.request.user, self.kwargs["pk"])

    def create(self, request):
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year_plan = services.yearplan_create(unit=request.user.unit, year=data.validated_data["year"],
                                             actor=request.user)
        return Response(YearPlanSerializer(selectors.yearplan_get(request.user, year_plan.pk)).data,
                        status=status.HTTP_201_CREATED)

    def _act(self, request, pk, func):
        year_plan = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        func(year_plan, data.validated_data["comment"])
        return Response(YearPlanSerializer(selectors.yearplan_get(request.user, pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, pk, lambda y, c: services.yearplan_submit(year_plan=y, actor=request.user))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, pk, lambda y, c: services.yearplan_approve(year_plan=y, actor=request.user,
                                                                              comment=c))

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, pk, lambda y, c: services.yearplan_return(year_plan=y, actor=request.user,
                                                                             comment=c))
