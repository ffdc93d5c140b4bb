from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("melding/nieuw/", views.report_new, name="report_new"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/notitie/", views.note_add, name="note_add"),
    path("<uuid:case_id>/sluiten/", views.case_close, name="close"),
    path("<uuid:case_id>/heropenen/", views.case_reopen, name="reopen"),
    path("<uuid:case_id>/wijzigen/", views.case_update, name="update"),
]
