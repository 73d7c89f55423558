"""Read API of the cooperation register (activities, agreements, events) through the page selectors."""

from rest_framework import serializers, viewsets

from . import selectors
from .models import Activity, Agreement, Event


class ActivitySerializer(serializers.ModelSerializer):
    partners = serializers.SerializerMethodField()
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    units = serializers.StringRelatedField(many=True)

    class Meta:
        model = Activity
        fields = ["id", "plan", "task", "group", "ref", "title", "partners", "countries", "units", "timeframe_raw",
                  "start_date", "end_date", "year_start", "year_end", "funding", "funding_sources", "status", "note"]

    def get_partners(self, activity) -> list[dict]:
        return [{"id": p.pk, "name": p.name, "country": p.country_id} for p in activity.partners.all()]


class AgreementSerializer(serializers.ModelSerializer):
    partners = serializers.StringRelatedField(many=True)
    units = serializers.StringRelatedField(many=True)

    class Meta:
        model = Agreement
        fields = ["id", "title", "kind", "partners", "units", "owner_unit", "signed_on", "expires_on", "status",
                  "task", "note"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "title", "kind", "start_date", "end_date", "place", "country", "owner_unit", "task", "note"]


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer

    def get_queryset(self):
        return selectors.activity_list(self.request.user)


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgreementSerializer

    def get_queryset(self):
        return selectors.agreements_list(self.request.user)


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer

    def get_queryset(self):
        return selectors.events_list(self.request.user)
