from django.urls import path

from jingtu.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/review/", views.plan_review, name="review"),
    path("<int:pk>/confirm/", views.plan_confirm, name="confirm"),
    path("<int:pk>/matrix/", views.plan_matrix, name="matrix"),
    path("<int:pk>/source/", views.plan_source, name="source"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("obligations/mine/", views.my_obligations, name="mine"),
    path("obligations/district/<str:code>/", views.district_obligations, name="district"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation"),
    path("reports/<int:pk>/review/", views.review, name="review-report"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("alerts/", views.alerts, name="alerts"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("year-end/", views.year_end, name="year-end"),
]
