from django.urls import path

from jingtu.labdata import background_views, views

app_name = "labdata"
urlpatterns = [
    path("labdata/", views.home, name="home"),
    path("labdata/imports/<str:receipt>/", views.report, name="report"),
    path("labdata/edd/<str:name>", views.edd_file, name="edd-file"),
    path("labdata/plots/<str:code>/upload/", views.upload, name="upload"),
    path("labdata/plots/<str:code>/results/", views.results, name="results"),
    path("labdata/plots/<str:code>/results.xlsx", views.results_xlsx, name="results-xlsx"),
    path("labdata/plots/<str:code>/chart/<str:analyte>/", views.chart, name="chart"),
    path("labdata/plots/<str:code>/rescreen/", views.rescreen, name="rescreen"),
    path("labdata/background/", background_views.background_list, name="background-list"),
    path("labdata/background/upload/", background_views.background_upload, name="background-upload"),
    path("labdata/background/<int:pk>/", background_views.background_detail, name="background-detail"),
    path("labdata/background/<int:pk>/state/", background_views.background_state, name="background-state"),
]
