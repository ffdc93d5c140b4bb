"""One router for /api/v1/. Each app registers its resources in its own api_urls.register()."""

import importlib
import importlib.util

from rest_framework.routers import DefaultRouter

from veilignet.cases.api import CaseViewSet, PersonViewSet, ReportViewSet


class NoSlashRouter(DefaultRouter):
    """NL API Design Rules: no trailing slashes (API-48)."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"  # DRF only takes a boolean here; a regex accepts both forms
        self.include_root_view = False


router = NoSlashRouter()
router.register("meldingen", ReportViewSet, basename="melding")
router.register("dossiers", CaseViewSet, basename="dossier")
router.register("personen", PersonViewSet, basename="persoon")

# Each app adds its resources here, in its own block, so the routes stay in one place.
for module in ("access", "risk", "offers", "borg", "network", "monitor"):
    if importlib.util.find_spec(f"veilignet.{module}.api") is not None:
        importlib.import_module(f"veilignet.{module}.api").register(router)
