"""API for amendment proposals: scoped reads, and actions that call the same services as the pages."""

from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from kehoach.core.api import query_choice
from kehoach.plans.models import Plan, Task
from kehoach.plans.selectors import plans_visible_to, tasks_visible_to

from . import selectors, services
from .choices import ProposalStatus
from .models import AmendmentItem, AmendmentProposal


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AmendmentItem
        fields = ["id", "kind", "task", "title", "lead", "coordinating", "products", "timeframe_raw", "reason"]


class ProposalSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()
    unit = serializers.StringRelatedField()
    base_version = serializers.IntegerField(source="base_version.number", read_only=True)
    result_version = serializers.IntegerField(source="result_version.number", read_only=True, default=None)

    class Meta:
        model = AmendmentProposal
        fields = ["id", "plan", "unit", "title", "reason", "status", "base_version", "result_version",
                  "submitted_at", "decided_at", "decision_number", "decision_date", "created_at", "items"]

    def get_items(self, obj) -> list[dict]:
        items = getattr(obj, "active_items", None)
        if items is None:
            return []
        return ItemSerializer(items, many=True).data


class CreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    reason = serializers.CharField(required=False, allow_blank=True)


class ItemInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["add", "change", "drop"])
    task = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True)
    lead = serializers.CharField(required=False, allow_blank=True)
    coordinating = serializers.CharField(required=False, allow_blank=True)
    products = serializers.CharField(required=False, allow_blank=True)
    timeframe_raw = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None,
                                          input_formats=["%d/%m/%Y", "%Y-%m-%d"])


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProposalSerializer

    def get_queryset(self):
        status_ = query_choice(self.request.query_params, "status", ProposalStatus.choices)
        return selectors.proposal_list(self.request.user, status=status_)

    def get_object(self):
        return selectors.proposal_get(self.request.user, self.kwargs["pk"])

    def create(self, request):
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plans_visible_to(request.user).filter(pk=data.validated_data["plan"]).first()
        if plan is None:
            raise ApiValidationError({"plan": _("Không tìm thấy kế hoạch.")})
        proposal = services.proposal_create(plan=plan, actor=request.user,
                                            title=data.validated_data["title"],
                                            reason=data.validated_data.get("reason", ""))
        return Response(ProposalSerializer(selectors.proposal_get(request.user, proposal.pk)).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        proposal = self.get_object()
        data = ItemInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        task = None
        if values.get("task"):
            task = tasks_visible_to(request.user).filter(pk=values["task"]).first()
            if task is None:
                raise ApiValidationError({"task": _("Không tìm thấy nhiệm vụ.")})
        services.item_add(proposal=proposal, actor=request.user, kind=values["kind"], task=task,
                          data=values)
        return Response(ProposalSerializer(selectors.proposal_get(request.user, pk)).data,
                        status=status.HTTP_201_CREATED)

    def _act(self, request, pk, func):
        proposal = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        func(proposal, data.validated_data)
        return Response(ProposalSerializer(selectors.proposal_get(request.user, pk)).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_submit(proposal=p, actor=request.user))

    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_forward(proposal=p, actor=request.user,
                                                                              comment=d["comment"]))

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_return(proposal=p, actor=request.user,
                                                                             comment=d["comment"]))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_approve(
            proposal=p, actor=request.user, decision_number=d["decision_number"],
            decision_date=d["decision_date"], comment=d["comment"]))

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_reject(proposal=p, actor=request.user,
                                                                             comment=d["comment"]))

    @action(detail=True, methods=["post"])
    def rebase(self, request, pk=None):
        return self._act(request, pk, lambda p, d: services.proposal_rebase(proposal=p, actor=request.user))


__all__ = ["Plan", "ProposalViewSet", "Task"]
