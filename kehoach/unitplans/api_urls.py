from rest_framework.routers import SimpleRouter

from .api import YearPlanViewSet

router = SimpleRouter()
router.register("unitplans", YearPlanViewSet, basename="unitplan")
urlpatterns = router.urls
