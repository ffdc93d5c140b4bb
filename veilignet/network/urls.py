from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.my_tasks, name="tasks"),
    path("team/", views.team_overdue, name="team"),
    path("wachtlijst/", views.waiting_list, name="waiting_list"),
    path("wachtlijst/grafiek.svg", views.waiting_chart, name="waiting_chart"),
    path("termijnen/", views.terms, name="terms"),
    path("berichten/", views.notifications, name="notifications"),
    path("berichten/<int:pk>/", views.notification, name="notification"),
    path("voorkeuren/", views.preferences, name="preferences"),
    path("dossiers/<uuid:case_id>/termijnen/<int:pk>/", views.deadline_action, name="deadline_action"),
    path("dossiers/<uuid:case_id>/veiligheidsbeoordeling/", views.safety_assessment_done,
         name="safety_assessment_done"),
    path("dossiers/<uuid:case_id>/veiligheidsplan/", views.plan_edit, name="plan"),
    path("dossiers/<uuid:case_id>/veiligheidsplan/versies/<int:number>/", views.plan_version, name="plan_version"),
    path("dossiers/<uuid:case_id>/veiligheidsplan/pdf/", views.plan_pdf, name="plan_pdf"),
    path("dossiers/<uuid:case_id>/overdracht/", views.handover, name="handover"),
    path("dossiers/<uuid:case_id>/maatregel/", views.measure_add, name="measure_add"),
    path("overleggen/", views.meetings, name="meetings"),
    path("overleggen/<uuid:meeting_id>/", views.meeting_detail, name="meeting"),
    path("overleggen/<uuid:meeting_id>/dossiers/<uuid:case_id>/", views.meeting_item, name="meeting_item"),
]
