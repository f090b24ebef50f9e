from django.urls import path

from jingtu.plots import api, views

app_name = "plots"
urlpatterns = [
    path("plots/", views.plot_list, name="list"),
    path("plots/new/", views.plot_new, name="new"),
    path("plots/import/", views.import_page, name="import"),
    path("plots/<str:code>/", views.plot_detail, name="detail"),
    path("plots/<str:code>/edit/", views.plot_edit, name="edit"),
    path("plots/<str:code>/contacts/", views.add_contact, name="add-contact"),
    path("plots/<str:code>/documents/", views.upload_document, name="upload-document"),
    path("plots/<str:code>/documents/<int:pk>/", views.download_document, name="document"),
    path("plots/<str:code>/reviews/", views.add_review, name="add-review"),
    path("plots/<str:code>/transition/", views.do_transition, name="transition"),
    path("plots/<str:code>/milestones/", views.add_milestone, name="add-milestone"),
    path("plots/<str:code>/land-decision/", views.land_decision, name="land-decision"),
    path("proposals/<int:pk>/decide/", views.decide_proposal, name="decide-proposal"),
    path("alerts/", views.alerts, name="alerts"),
    path("lists/", views.list_page, name="lists-home"),
    path("lists/priority/propose/", views.propose_priority, name="propose-priority"),
    path("lists/<str:kind>/", views.list_page, name="lists"),
    path("api/lists/<str:kind>/", api.list_geojson, name="list-geojson"),
    path("public/", views.public_list, name="public"),
    path("public/list.geojson", api.public_geojson, name="public-geojson"),
]
