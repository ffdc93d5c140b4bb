"""API: /api/v1/aanbod (the social map, list and filter) and /api/v1/verwijzingen (a user's referrals)."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from veilignet.access import audit
from veilignet.access.models import Participation, Scope
from veilignet.access.selectors import visible_cases
from veilignet.core.api import AuditActorMixin, Pagination

from . import selectors
from .models import Offer, Referral


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = ["id", "name", "aliases", "category", "categories", "kind", "framework", "frameworks", "provider",
                  "national", "regions", "municipalities", "age_min", "age_max", "sexes", "violence_types", "lvb",
                  "languages", "effectiveness", "own_contribution", "indication_needed", "waiting_days",
                  "waiting_updated_on", "contraindications", "blocks", "description", "source", "active", "version"]


class OfferViewSet(AuditActorMixin, viewsets.ReadOnlyModelViewSet):
    """Filters: categorie, regio, kader, effectiviteit, soort, actief (1/0), q."""

    serializer_class = OfferSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self):
        p = self.request.query_params
        items = selectors.offers(q=p.get("q", ""), category=p.get("categorie", ""), region=p.get("regio", ""),
                                 framework=p.get("kader", ""), effectiveness=p.get("effectiviteit", ""),
                                 kind=p.get("soort", ""), active=p.get("actief", ""))
        return items


class ReferralSerializer(serializers.ModelSerializer):
    offer_name = serializers.CharField(source="offer.name", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "case", "person", "offer", "offer_name", "status", "reason", "bridging_help", "incident_date",
                  "arrest_date", "sent_on", "accepted_on", "waiting_since", "started_on", "ended_on",
                  "days_incident_to_start", "days_arrest_to_start", "version"]


class ReferralViewSet(AuditActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Referrals in cases the user's organisation takes part in with the perpetrator scope; ?dossier=<uuid>."""

    serializer_class = ReferralSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self):
        user = self.request.user
        visible = set(visible_cases(user).values_list("pk", flat=True))
        participations = Participation.objects.filter(organisation_id=user.organisation_id, ended_at__isnull=True,
                                                      case_id__in=visible).values_list("case_id", "scope")
        case_ids = [case_id for case_id, scope in participations if Scope.PLEGER in (scope or [])]
        qs = Referral.objects.filter(case_id__in=case_ids).select_related("offer").order_by("-created_at")
        case_id = self.request.query_params.get("dossier")
        if case_id:
            qs = qs.filter(case_id=case_id)
        return qs

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record("read", "referral", "", details={"list": True, "dossier": request.query_params.get("dossier", "")})
        return response


def register(router):
    router.register("aanbod", OfferViewSet, basename="aanbod")
    router.register("verwijzingen", ReferralViewSet, basename="verwijzing")
