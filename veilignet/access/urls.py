from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("dossier/<uuid:case_id>/deelnemers/", views.participants, name="participants"),
    path("dossier/<uuid:case_id>/deelnemers/<slug:org>/beeindigen/", views.participant_end, name="participant_end"),
    path("doorbraak/", views.break_glass_search, name="break_glass_search"),
    path("doorbraak/<uuid:case_id>/", views.break_glass, name="break_glass"),
    path("fg/", views.officer_home, name="officer"),
    path("fg/doorbraak/<int:grant_id>/beoordelen/", views.officer_review, name="officer_review"),
    path("fg/dossier/<uuid:case_id>/", views.officer_case, name="officer_case"),
    path("fg/persoon/<uuid:person_id>/", views.officer_person, name="officer_person"),
    path("fg/persoon/<uuid:person_id>/inzage.pdf", views.officer_person_pdf, name="officer_person_pdf"),
    path("2fa/instellen/", views.totp_setup, name="totp_setup"),
    path("2fa/controleren/", views.totp_verify, name="totp_verify"),
]
