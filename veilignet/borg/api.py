"""API of BORG: /api/v1/dossiers/{case_id}/borg-trajecten (read-only list of a case's trajectories).

Case-scoped like every case endpoint: the case is read through cases.selectors.get_case (404 when
not visible) and the perpetrator part (Scope.PLEGER) must be visible."""

from django.http import Http404
from rest_framework import mixins, serializers, viewsets

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.cases.models import Case
from veilignet.cases.selectors import get_case
from veilignet.core.api import AuditActorMixin

from .models import BorgTrajectory


class TrajectorySerializer(serializers.ModelSerializer):
    dossier = serializers.UUIDField(source="case_id")
    persoon = serializers.UUIDField(source="person_id")
    organisatie = serializers.CharField(source="organisation.code")
    geschikt = serializers.BooleanField(source="eligible", allow_null=True)
    redenen = serializers.ListField(source="eligibility_reasons", child=serializers.CharField())
    advies = serializers.ListField(source="eligibility_advice", child=serializers.CharField())
    overruled = serializers.BooleanField(source="overridden")
    kader = serializers.CharField(source="framework")
    groep = serializers.UUIDField(source="group_id", allow_null=True)
    datum_incident = serializers.DateField(source="incident_date", allow_null=True)
    datum_aanhouding = serializers.DateField(source="arrest_date", allow_null=True)
    datum_intake = serializers.DateField(source="intake_date", allow_null=True)
    datum_start = serializers.DateField(source="start_date", allow_null=True)
    datum_einde = serializers.DateField(source="end_date", allow_null=True)
    dagen_aanhouding_start = serializers.IntegerField(source="days_arrest_to_start", allow_null=True)
    dagen_intake_start = serializers.IntegerField(source="days_intake_to_start", allow_null=True)
    aanwezigheid = serializers.FloatField(source="attendance_rate", allow_null=True)
    dubbelrol = serializers.BooleanField(source="dual_role")
    partner = serializers.CharField(source="partner_involvement")
    doelen = serializers.IntegerField(source="goals_total")
    doelen_behaald = serializers.IntegerField(source="goals_met")

    class Meta:
        model = BorgTrajectory
        fields = ["id", "dossier", "persoon", "organisatie", "status", "geschikt", "redenen", "advies", "overruled",
                  "kader", "variant", "groep", "datum_incident", "datum_aanhouding", "datum_intake", "datum_start",
                  "datum_einde", "dagen_aanhouding_start", "dagen_intake_start", "aanwezigheid", "dubbelrol",
                  "partner", "doelen", "doelen_behaald", "dropout_reason"]


class CaseTrajectoryViewSet(AuditActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The BORG trajectories in one case (visible case and perpetrator part required)."""

    serializer_class = TrajectorySerializer

    def get_queryset(self):
        try:
            case = get_case(self.request.user, self.kwargs["case_id"], purpose="BORG (API)")
        except (Case.DoesNotExist, ValueError) as exc:
            raise Http404 from exc
        if not can_see_part(self.request.user, case, Scope.PLEGER):
            raise Http404
        audit.record("read", "borg_trajectory", "", case_id=case.pk, details={"api": "list"})
        return BorgTrajectory.objects.filter(case=case).select_related("organisation").order_by("created_at")


def register(router):
    router.register(r"dossiers/(?P<case_id>[0-9a-fA-F-]{36})/borg-trajecten", CaseTrajectoryViewSet,
                    basename="borg-traject")
