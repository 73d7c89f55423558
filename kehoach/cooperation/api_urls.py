from rest_framework.routers import SimpleRouter

from .api import ActivityViewSet, AgreementViewSet, EventViewSet

router = SimpleRouter()
router.register("cooperation/activities", ActivityViewSet, basename="cooperation-activity")
router.register("cooperation/agreements", AgreementViewSet, basename="cooperation-agreement")
router.register("cooperation/events", EventViewSet, basename="cooperation-event")
urlpatterns = router.urls
