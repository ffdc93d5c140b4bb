from django.urls import path

from . import views

app_name = "borg"
T = "dossier/<uuid:case_id>/traject/<uuid:trajectory_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("groepen/nieuw/", views.group_new, name="group_new"),
    path("groepen/<uuid:group_id>/", views.group_detail, name="group"),
    path("groepen/<uuid:group_id>/plannen/", views.group_plan, name="group_plan"),
    path("groepen/<uuid:group_id>/deelnemers/", views.group_add, name="group_add"),
    path("groepen/<uuid:group_id>/trainers/", views.group_trainers, name="group_trainers"),
    path("groepen/<uuid:group_id>/bijeenkomsten/<int:session_id>/aanwezigheid/", views.session_attendance,
         name="attendance"),
    path("dossier/<uuid:case_id>/nieuw/", views.trajectory_new, name="trajectory_new"),
    path(T, views.trajectory_detail, name="trajectory"),
    path(T + "geschiktheid/", views.eligibility, name="eligibility"),
    path(T + "overrulen/", views.override, name="override"),
    path(T + "kader/", views.framework, name="framework"),
    path(T + "intake/", views.intake, name="intake"),
    path(T + "start/", views.start, name="start"),
    path(T + "sessies/", views.plan_individual, name="plan_individual"),
    path(T + "sessies/<int:session_id>/aanwezigheid/", views.individual_attendance, name="individual_attendance"),
    path(T + "doelen/", views.goal_add, name="goal_add"),
    path(T + "doelen/<int:goal_id>/meten/", views.goal_measure, name="goal_measure"),
    path(T + "partner/", views.partner, name="partner"),
    path(T + "afronden/", views.complete, name="complete"),
    path(T + "uitval/", views.dropout, name="dropout"),
]
