from rest_framework.routers import SimpleRouter

from .api import EntryViewSet, PeriodViewSet, ReportViewSet

router = SimpleRouter()
router.register("reporting/periods", PeriodViewSet, basename="reporting-period")
router.register("reporting/reports", ReportViewSet, basename="reporting-report")
router.register("reporting/entries", EntryViewSet, basename="reporting-entry")
urlpatterns = router.urls
