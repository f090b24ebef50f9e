from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from jingtu.divisions.api import DistrictViewSet
from jingtu.labdata.api import ImportBatchViewSet, ResultViewSet, SampleViewSet, SamplingPointViewSet
from jingtu.orgs.api import OrganisationViewSet
from jingtu.plans.api import MeasureViewSet, ObligationViewSet, PlanViewSet
from jingtu.plots.api import PlotViewSet
from jingtu.risk.api import RiskAssessmentViewSet

router = DefaultRouter()
router.register("divisions", DistrictViewSet, basename="district")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("plots", PlotViewSet, basename="plot")
router.register("labdata/points", SamplingPointViewSet, basename="labdata-point")
router.register("labdata/samples", SampleViewSet, basename="labdata-sample")
router.register("labdata/results", ResultViewSet, basename="labdata-result")
router.register("labdata/imports", ImportBatchViewSet, basename="labdata-import")
router.register("risk/assessments", RiskAssessmentViewSet, basename="risk-assessment")
router.register("plans/plans", PlanViewSet, basename="plan")
router.register("plans/measures", MeasureViewSet, basename="plan-measure")
router.register("plans/obligations", ObligationViewSet, basename="plan-obligation")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("jingtu.plots.urls")),
    path("plans/", include("jingtu.plans.urls")),
    path("", include("jingtu.labdata.urls")),
    path("", include("jingtu.risk.urls")),
    path("", include("jingtu.web.urls")),
]
