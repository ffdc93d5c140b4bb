"""API of the access app.

/api/v1/dossiers/{case_id}/deelnemers          GET (participants, also ended ones), POST (add)
/api/v1/dossiers/{case_id}/deelnemers/{org}    DELETE (end the participation; history stays)
/api/v1/audit?dossier={id} | ?persoon={id}     GET, privacy officers only

Access rules: a caller who cannot see the case gets 404 (reveal nothing). Only the lead
organisation adds or ends participants (403 for other participants, who can see the case anyway).
The audit endpoint is role-gated: every caller without the privacy officer role gets 403 for the
endpoint as such (that reveals nothing about any case); a privacy officer asking for a case or
person outside their organisation's cases gets 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from veilignet.core.api import AuditActorMixin, IdempotentCreateMixin

from . import audit, selectors, services
from .models import AuditEvent, LegalBasis, Participation, Scope

_BASIS_ERROR = "Onbekende grondslag '{input}'. Kies uit: " + ", ".join(LegalBasis.values) + "."
_SCOPE_ERROR = "Onbekend onderdeel '{input}'. Kies uit: " + ", ".join(Scope.values) + "."


class ParticipantInSerializer(serializers.Serializer):
    organisatie = serializers.SlugField(max_length=64, help_text="Code van de organisatie.")
    grondslag = serializers.ChoiceField(choices=LegalBasis.choices, error_messages={"invalid_choice": _BASIS_ERROR})
    doel = serializers.CharField(max_length=300, help_text="Waarvoor de organisatie de gegevens nodig heeft.",
                                 error_messages={"blank": "Geef het doel van de deelname."})
    reikwijdte = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices, error_messages={"invalid_choice": _SCOPE_ERROR}),
        required=False, allow_empty=True,
        help_text="Onderdelen die de deelnemer mag zien; standaard alles behalve de melder "
                  "(melder alleen voor Veilig Thuis).",
    )


class ParticipantOutSerializer(serializers.ModelSerializer):
    organisatie = serializers.CharField(source="organisation.code")
    organisatienaam = serializers.CharField(source="organisation.name")
    regievoerder = serializers.BooleanField(source="is_lead")
    grondslag = serializers.ChoiceField(source="basis", choices=LegalBasis.choices)
    doel = serializers.CharField(source="purpose")
    reikwijdte = serializers.ListField(source="scope", child=serializers.ChoiceField(choices=Scope.choices))
    via = serializers.CharField()
    sinds = serializers.DateTimeField(source="started_at")
    tot = serializers.DateTimeField(source="ended_at")
    reden_einde = serializers.CharField(source="end_reason")

    class Meta:
        model = Participation
        fields = ["organisatie", "organisatienaam", "regievoerder", "grondslag", "doel", "reikwijdte", "via",
                  "sinds", "tot", "reden_einde"]


def _case_or_404(user, case_id, *, audit_read=True):
    from veilignet.cases.models import Case
    from veilignet.cases.selectors import get_case

    try:
        return get_case(user, case_id, audit_read=audit_read)
    except (Case.DoesNotExist, DjangoValidationError, ValueError) as exc:
        raise Http404 from exc


def _drf_errors(exc: DjangoValidationError):
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class ParticipantViewSet(AuditActorMixin, IdempotentCreateMixin, mixins.ListModelMixin,
                         mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Deelnemers (participating organisations) of a dossier."""

    serializer_class = ParticipantOutSerializer
    pagination_class = None
    lookup_field = "org"
    lookup_value_regex = "[^/.]+"

    def get_queryset(self):
        case = _case_or_404(self.request.user, self.kwargs["case_id"], audit_read=False)
        return case.participations.select_related("organisation").order_by("started_at", "id")

    def list(self, request, *args, **kwargs):
        case = _case_or_404(request.user, kwargs["case_id"], audit_read=False)
        rows = case.participations.select_related("organisation").order_by("started_at", "id")
        audit.record("read", "participation", "", case_id=case.pk, details={"list": True})
        return Response(ParticipantOutSerializer(rows, many=True).data)

    @extend_schema(request=ParticipantInSerializer, responses={201: ParticipantOutSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def do_create(self, request):
        case = _case_or_404(request.user, self.kwargs["case_id"], audit_read=False)
        if not services.may_manage_participants(request.user, case):
            raise PermissionDenied("Alleen de regievoerende organisatie kan deelnemers toevoegen.")
        incoming = ParticipantInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        d = incoming.validated_data
        try:
            participation = services.add_participant(
                request.user, case, d["organisatie"], basis=d["grondslag"], purpose=d["doel"],
                scope=d.get("reikwijdte"),
            )
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        return Response(ParticipantOutSerializer(participation).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("reden", str, description="Reden van beëindigen")])
    def destroy(self, request, *args, **kwargs):
        case = _case_or_404(request.user, kwargs["case_id"], audit_read=False)
        own = services.may_withdraw(request.user, case, kwargs["org"])
        if not (services.may_manage_participants(request.user, case) or own):
            raise PermissionDenied("Alleen de regievoerende organisatie kan een deelname beëindigen.")
        try:
            services.end_participation(request.user, case, kwargs["org"], request.query_params.get("reden", ""))
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEventSerializer(serializers.ModelSerializer):
    tijdstip = serializers.DateTimeField(source="at")
    gebruiker = serializers.CharField(source="username")
    organisatie = serializers.CharField(source="organisation_code")
    actie = serializers.CharField(source="action")
    objecttype = serializers.CharField(source="object_type")
    object_id = serializers.CharField()
    dossier = serializers.UUIDField(source="case_id")
    persoon = serializers.UUIDField(source="person_id")
    doel = serializers.CharField(source="purpose")
    kanaal = serializers.CharField(source="channel")
    sessie = serializers.CharField(source="session_ref")

    class Meta:
        model = AuditEvent
        fields = ["id", "tijdstip", "gebruiker", "organisatie", "actie", "objecttype", "object_id", "dossier",
                  "persoon", "doel", "kanaal", "sessie", "details"]


class AuditViewSet(AuditActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Audit trail of one dossier or person: who saw or changed what, when, for which purpose.
    Privacy officers only (403 for everyone else); a dossier outside their scope: 404."""

    serializer_class = AuditEventSerializer

    @extend_schema(parameters=[OpenApiParameter("dossier", str, description="UUID van het dossier"),
                               OpenApiParameter("persoon", str, description="UUID van de persoon")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        from veilignet.cases.models import Case, Person

        user = self.request.user
        if not selectors.is_privacy_officer(user):
            raise PermissionDenied("Alleen de privacy officer (FG) kan het audit-logboek inzien.")
        case_id = self.request.query_params.get("dossier")
        person_id = self.request.query_params.get("persoon")
        try:
            if case_id:
                case, events = selectors.audit_for_case(user, case_id)
                audit.record("read", "audit", case.pk, case_id=case.pk, purpose="toezicht (FG)")
                return events
            if person_id:
                person, events = selectors.audit_for_person(user, person_id)
                audit.record("read", "audit", person.pk, person_id=person.pk, purpose="toezicht (FG)")
                return events
        except (Case.DoesNotExist, Person.DoesNotExist, DjangoValidationError, ValueError) as exc:
            raise Http404 from exc
        raise ValidationError({"dossier": "Geef ?dossier=<id> of ?persoon=<id>."})


def register(router):
    router.register(r"dossiers/(?P<case_id>[^/.]+)/deelnemers", ParticipantViewSet, basename="deelnemer")
    router.register("audit", AuditViewSet, basename="audit")
