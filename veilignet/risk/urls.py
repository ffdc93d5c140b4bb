from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.due, name="due"),
    path("<uuid:case_id>/", views.overview, name="case"),
    path("<uuid:case_id>/nieuw/", views.assessment_form, name="new"),
    path("<uuid:case_id>/grafiek.svg", views.chart, name="chart"),
    path("<uuid:case_id>/taxatie/<uuid:assessment_id>/", views.detail, name="detail"),
    path("<uuid:case_id>/taxatie/<uuid:assessment_id>/bewerken/", views.assessment_form, name="edit"),
    path("<uuid:case_id>/taxatie/<uuid:assessment_id>/goedkeuren/", views.approve, name="approve"),
    path("<uuid:case_id>/signalen/<int:signal_id>/", views.review, name="review"),
]
