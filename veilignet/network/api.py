"""API of the network app: /api/v1/termijnen and /api/v1/dossiers/{case_id}/veiligheidsplan."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part, visible_cases
from veilignet.cases.models import Case
from veilignet.cases.selectors import get_case
from veilignet.core.api import AuditActorMixin, IdempotentCreateMixin

from . import services
from .models import Deadline, DeadlineStatus, SafetyPlan


class DeadlineSerializer(serializers.ModelSerializer):
    dossier = serializers.UUIDField(source="case_id")
    soort = serializers.CharField(source="kind")
    omschrijving = serializers.CharField(source="label")
    organisatie = serializers.CharField(source="organisation.code")
    eigenaar = serializers.CharField(source="owner.username", default=None)
    start = serializers.DateTimeField()
    uiterlijk = serializers.DateTimeField(source="due")
    te_laat = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = ["id", "dossier", "soort", "omschrijving", "organisatie", "eigenaar", "start", "uiterlijk",
                  "status", "te_laat"]

    def get_te_laat(self, obj) -> bool:
        return obj.is_overdue()


class DeadlineViewSet(AuditActorMixin, viewsets.ReadOnlyModelViewSet):
    """Termijnen of the caller's organisation in cases it can see (`?alle=1`: all deadlines in those
    cases). Filters: `status` (open, missed, met, waived; default open+missed), `soort`, `te_laat=1`."""

    serializer_class = DeadlineSerializer

    def get_queryset(self):
        user = self.request.user
        params = self.request.query_params
        qs = Deadline.objects.filter(case__in=visible_cases(user)).select_related("organisation", "owner")
        if params.get("alle") != "1":
            qs = qs.filter(organisation_id=user.organisation_id)
        wanted = params.get("status")
        qs = qs.filter(status=wanted) if wanted in DeadlineStatus.values else qs.filter(
            status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
        if params.get("soort"):
            qs = qs.filter(kind=params["soort"])
        if params.get("te_laat") == "1":
            qs = qs.filter(due__lt=timezone.now())
        return qs.order_by("due", "pk")

    def list(self, request, *args, **kwargs):
        audit.record("read", "deadline_list", "api")
        return super().list(request, *args, **kwargs)


class PlanInSerializer(serializers.Serializer):
    versie = serializers.IntegerField(help_text="De versie die u las (0 voor een nieuw plan).")
    publiceren = serializers.BooleanField(default=False)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    directe_veiligheid = serializers.CharField(required=False, allow_blank=True, default="")
    stabiele_veiligheid = serializers.CharField(required=False, allow_blank=True, default="")
    herstel = serializers.CharField(required=False, allow_blank=True, default="")
    stoppen_gedrag_pleger = serializers.CharField(required=False, allow_blank=True, default="")
    afspraken = serializers.ListField(child=serializers.DictField(), required=False, default=list)


_AGREEMENT_KEYS = {"sleutel": "key", "fase": "phase", "afspraak": "text", "organisatie": "organisation",
                   "eigenaar": "owner", "uiterlijk": "due", "pleger": "perpetrator", "verwijzing": "referral_ref"}


def _plan_out(plan):
    version = plan.versions.first() if plan else None
    if version is None:
        return {"versie": 0, "gepubliceerde_versie": None, "inhoud": None}
    c = version.content
    return {
        "versie": plan.version, "gepubliceerde_versie": plan.published_version,
        "inhoud": {
            "directe_veiligheid": c.get("direct_safety", ""), "stabiele_veiligheid": c.get("stable_safety", ""),
            "herstel": c.get("recovery", ""), "stoppen_gedrag_pleger": c.get("stop_behaviour", ""),
            "afspraken": [{dutch: a.get(eng) for dutch, eng in _AGREEMENT_KEYS.items()}
                          for a in c.get("agreements", [])],
        },
    }


class SafetyPlanViewSet(AuditActorMixin, IdempotentCreateMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The case's safety plan: GET the latest version; POST a whole new version (with `versie` =
    the version you read; 409 when someone else saved in between)."""

    serializer_class = PlanInSerializer
    pagination_class = None

    def _case(self):
        try:
            case = get_case(self.request.user, self.kwargs["case_id"])
        except (Case.DoesNotExist, DjangoValidationError, ValueError) as exc:
            raise Http404 from exc
        if not can_see_part(self.request.user, case, Scope.PLAN):
            raise Http404
        return case

    def list(self, request, *args, **kwargs):
        case = self._case()
        plan = SafetyPlan.objects.filter(case=case).first()
        audit.record("read", "safety_plan", plan.pk if plan else "", case_id=case.pk)
        return Response(_plan_out(plan))

    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def do_create(self, request):
        case = self._case()
        incoming = PlanInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        d = incoming.validated_data
        data = {"direct_safety": d["directe_veiligheid"], "stable_safety": d["stabiele_veiligheid"],
                "recovery": d["herstel"], "stop_behaviour": d["stoppen_gedrag_pleger"],
                "agreements": [{eng: a.get(dutch) for dutch, eng in _AGREEMENT_KEYS.items()}
                               for a in d["afspraken"]]}
        try:
            services.save_plan(request.user, case, data, expected_version=d["versie"], publish=d["publiceren"],
                               comment=d["toelichting"])
        except DjangoPermissionDenied as exc:
            raise Http404 from exc
        except DjangoValidationError as exc:
            if "version" in exc.message_dict:
                return Response({"status": 409, "title": "Conflict.", "detail": exc.message_dict["version"][0]},
                                status=status.HTTP_409_CONFLICT)
            raise ValidationError(exc.message_dict) from exc
        return Response(_plan_out(SafetyPlan.objects.get(case=case)), status=status.HTTP_201_CREATED)


def register(router):
    router.register("termijnen", DeadlineViewSet, basename="termijn")
    router.register(r"dossiers/(?P<case_id>[0-9a-fA-F-]{36})/veiligheidsplan", SafetyPlanViewSet,
                    basename="veiligheidsplan")
