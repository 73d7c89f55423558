"""Read API for the organisation registry."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from kehoach.core.text import fold

from .choices import OrgKind
from .models import Organization


class UnitSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(slug_field="alias", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "kind", "name", "short_name", "unit_type", "group_rule", "is_state_management",
                  "is_art_unit", "is_training", "is_active", "needs_review", "aliases"]


class PartnerSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", default=None, read_only=True)
    country_name = serializers.CharField(source="country.name_vi", default=None, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "partner_type", "country", "country_name", "needs_review"]


SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="search ignoring diacritics")


@extend_schema_view(list=extend_schema(parameters=[SEARCH, OpenApiParameter("kind", OpenApiTypes.STR)]))
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer

    def get_queryset(self):
        qs = Organization.objects.exclude(kind=OrgKind.PARTNER).prefetch_related("aliases").order_by("kind", "name")
        params = self.request.query_params
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("q"):
            qs = qs.filter(search_text__contains=fold(params["q"]))
        return qs


@extend_schema_view(list=extend_schema(parameters=[SEARCH, OpenApiParameter("country", OpenApiTypes.STR)]))
class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PartnerSerializer

    def get_queryset(self):
        qs = Organization.objects.filter(kind=OrgKind.PARTNER).select_related("country").order_by("name")
        params = self.request.query_params
        if params.get("country"):
            qs = qs.filter(country__code__iexact=params["country"])
        if params.get("q"):
            qs = qs.filter(search_text__contains=fold(params["q"]))
        return qs
