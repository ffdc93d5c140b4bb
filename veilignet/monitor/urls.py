from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.index, name="index"),
    path("grafiek/<slug:code>.svg", views.chart, name="chart"),
    path("export.csv", views.export_csv, name="export"),
    path("borg/", views.borg, name="borg"),
    path("borg/grafiek/<slug:name>.svg", views.borg_chart, name="borg_chart"),
    path("borg/export.csv", views.borg_export, name="borg_export"),
]
