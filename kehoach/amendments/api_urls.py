from rest_framework.routers import SimpleRouter

from .api import ProposalViewSet

router = SimpleRouter()
router.register("amendments", ProposalViewSet, basename="amendment")
urlpatterns = router.urls
