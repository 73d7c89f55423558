from rest_framework.routers import SimpleRouter

from .api import PartnerViewSet, UnitViewSet

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("partners", PartnerViewSet, basename="partner")
urlpatterns = router.urls
