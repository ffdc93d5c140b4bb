from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="accounts/login.html",
                                                   authentication_form=LoginForm,
                                                   redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
