from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from .api_router import router

urlpatterns = [
    path("", include("veilignet.core.urls")),
    path("account/", include("veilignet.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switch
    path("dossiers/", include("veilignet.cases.urls")),
    path("toegang/", include("veilignet.access.urls")),
    path("risico/", include("veilignet.risk.urls")),
    path("zelftest/", include("veilignet.risk.public_urls")),
    path("aanbod/", include("veilignet.offers.urls")),
    path("borg/", include("veilignet.borg.urls")),
    path("netwerk/", include("veilignet.network.urls")),
    path("monitor/", include("veilignet.monitor.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(router.urls)),
    path("beheer/", admin.site.urls),
]
