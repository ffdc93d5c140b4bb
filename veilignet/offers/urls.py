from django.urls import path

from . import views

app_name = "offers"
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("nieuw/", views.offer_edit, name="new"),
    path("export.csv", views.offer_export, name="export"),
    path("import/", views.offer_import, name="import"),
    path("tekorten/", views.gaps_view, name="gaps"),
    path("<int:offer_id>/", views.offer_detail, name="detail"),
    path("<int:offer_id>/wijzigen/", views.offer_edit, name="edit"),
    path("dossier/<uuid:case_id>/", views.case_offers, name="case"),
    path("dossier/<uuid:case_id>/verwijzen/", views.referral_create, name="referral_create"),
    path("dossier/<uuid:case_id>/verwijzing/<uuid:referral_id>/status/", views.referral_status,
         name="referral_status"),
]
