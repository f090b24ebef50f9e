from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jingtu.divisions.api import DistrictViewSet
from jingtu.orgs.api import OrganisationViewSet
from jingtu.plots.api import PlotViewSet

router = DefaultRouter()
router.register("divisions", DistrictViewSet, basename="district")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("plots", PlotViewSet, basename="plot")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("jingtu.plots.urls")),
    path("", include("jingtu.web.urls")),
]
