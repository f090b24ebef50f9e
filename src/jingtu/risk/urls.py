from django.urls import path

from jingtu.risk import views

app_name = "risk"
urlpatterns = [
    path("plots/<str:code>/risk/", views.run, name="run"),
    path("risk/<int:pk>/", views.detail, name="detail"),
    path("risk/<int:pk>/report/", views.report, name="report"),
    path("risk/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
]
