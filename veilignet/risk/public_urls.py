from django.urls import path

from . import public_views

app_name = "selfcheck"
urlpatterns = [
    path("", public_views.selfcheck, name="index"),
]
