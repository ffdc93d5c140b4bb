"""API of the case registry: /api/v1/meldingen, /dossiers, /personen (Dutch resource names, NL API
Design Rules)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from veilignet.access import audit
from veilignet.access.selectors import can_see_reporter
from veilignet.core.api import AuditActorMixin, IdempotentCreateMixin, Pagination

from . import selectors, services
from .identity import normalise_bsn
from .models import Case, Category, Gender, Person, PersonRole, Relation, Report, Urgency


class LenientChoiceField(serializers.ChoiceField):
    """Documents the code list as an enum, accepts known spellings, answers in Dutch."""

    def __init__(self, parser, **kwargs):
        self.parser = parser
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return self.parser(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


class PersonInSerializer(serializers.Serializer):
    rol = LenientChoiceField(services.parse_role, choices=PersonRole.choices)
    voornaam = serializers.CharField(max_length=100, allow_blank=True, default="")
    achternaam = serializers.CharField(max_length=150, allow_blank=True, default="")
    geboortedatum = serializers.DateField(required=False, allow_null=True)
    geslacht = LenientChoiceField(services.parse_gender, choices=Gender.choices, required=False, default="o")
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True, allow_null=True, default="")
    relatie = serializers.ChoiceField(choices=Relation.choices, required=False, default=Relation.OVERIG)
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class ReporterInSerializer(serializers.Serializer):
    naam = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    relatie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    identiteit_afschermen = serializers.BooleanField(required=False, default=False)


class ReportInSerializer(serializers.Serializer):
    ontvangen_op = serializers.DateTimeField()
    bron = serializers.CharField(max_length=64, help_text="Organisatiecode, of 'burger'.")
    categorie = LenientChoiceField(services.parse_category, choices=Category.choices)
    omschrijving = serializers.CharField(allow_blank=True)
    urgentie = LenientChoiceField(services.parse_urgency, choices=Urgency.choices, required=False, default="normaal")
    incident_op = serializers.DateField(required=False, allow_null=True)
    personen = PersonInSerializer(many=True, allow_empty=True)
    melder = ReporterInSerializer(required=False, allow_null=True)

    def to_input(self) -> services.ReportInput:
        d = self.validated_data
        persons = [
            services.PersonInput(
                role=p["rol"], first_name=p["voornaam"], last_name=p["achternaam"],
                birth_date=p.get("geboortedatum"), gender=p.get("geslacht") or "o",
                bsn=normalise_bsn(p.get("bsn") or ""), relation=p.get("relatie") or Relation.OVERIG,
                phone=p.get("telefoon", ""),
            )
            for p in d["personen"]
        ]
        melder = d.get("melder")
        reporter = None
        if melder:
            reporter = services.ReporterInput(
                name=melder["naam"], phone=melder["telefoon"], email=melder["email"],
                relation=melder["relatie"], protect_identity=melder["identiteit_afschermen"],
            )
        return services.ReportInput(
            received_at=d["ontvangen_op"], source=d["bron"].strip().lower(), category=d["categorie"],
            description=d["omschrijving"], urgency=d["urgentie"], persons=persons, reporter=reporter,
            incident_date=d.get("incident_op"),
        )


BATCH_MAX = 1000


class ReportBatchInSerializer(serializers.Serializer):
    meldingen = serializers.ListField(child=serializers.DictField(), allow_empty=False, max_length=BATCH_MAX,
                                      help_text="Meldingen in de vorm van POST /meldingen.")


class ReportBatchResultSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    status = serializers.IntegerField(help_text="201 geregistreerd, 400 fouten")
    id = serializers.UUIDField(required=False)
    dossier = serializers.UUIDField(required=False)
    nieuw_dossier = serializers.BooleanField(required=False)
    fouten = serializers.DictField(required=False)


class ReportBatchOutSerializer(serializers.Serializer):
    aangemaakt = serializers.IntegerField()
    fouten = serializers.IntegerField()
    resultaten = ReportBatchResultSerializer(many=True)


class ReportPersonOutSerializer(serializers.Serializer):
    persoon = serializers.UUIDField(source="person_id")
    rol = serializers.CharField(source="role")


class ReportOutSerializer(serializers.ModelSerializer):
    dossier = serializers.UUIDField(source="case_id")
    ontvangen_op = serializers.DateTimeField(source="received_at")
    ontvangen_door = serializers.CharField(source="received_by.code")
    bron = serializers.SerializerMethodField()
    categorie = serializers.CharField(source="category")
    omschrijving = serializers.CharField(source="description")
    urgentie = serializers.CharField(source="urgency")
    incident_op = serializers.DateField(source="incident_date")
    personen = ReportPersonOutSerializer(source="involved", many=True)
    melder = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "dossier", "ontvangen_op", "ontvangen_door", "bron", "categorie", "omschrijving",
                  "urgentie", "incident_op", "personen", "melder"]

    def get_bron(self, obj) -> str:
        return obj.source_organisation.code if obj.source_organisation_id else services.CITIZEN_SOURCE

    def get_melder(self, obj) -> dict | None:
        """Only for the receiving organisation's workers; every disclosure is audited."""
        user = self.context["request"].user
        reporter = getattr(obj, "reporter", None)  # a missing one-to-one is an AttributeError
        if reporter is None or not can_see_reporter(user, obj):
            return None
        audit.record("read_reporter", "reporter", obj.pk, case_id=obj.case_id)
        return {"naam": reporter.name, "telefoon": reporter.phone, "email": reporter.email,
                "relatie": reporter.relation, "identiteit_afschermen": reporter.protect_identity}


class PersonOutSerializer(serializers.ModelSerializer):
    voornaam = serializers.CharField(source="first_name")
    achternaam = serializers.CharField(source="last_name")
    geboortedatum = serializers.DateField(source="birth_date")
    geslacht = serializers.CharField(source="gender")

    class Meta:
        model = Person
        fields = ["id", "voornaam", "achternaam", "geboortedatum", "geslacht", "bsn"]


class CaseListSerializer(serializers.ModelSerializer):
    nummer = serializers.CharField(source="number")
    fase = serializers.CharField(source="phase")
    regievoerder = serializers.CharField(source="lead_organisation.code")
    casusregisseur = serializers.CharField(source="case_director.username", default=None)
    regio = serializers.CharField(source="region")
    risiconiveau = serializers.CharField(source="risk_level")
    geopend_op = serializers.DateTimeField(source="opened_at")
    gesloten_op = serializers.DateTimeField(source="closed_at")
    versie = serializers.IntegerField(source="version")

    class Meta:
        model = Case
        fields = ["id", "nummer", "status", "fase", "regievoerder", "casusregisseur", "regio", "risiconiveau",
                  "geopend_op", "gesloten_op", "versie"]


class CaseDetailSerializer(CaseListSerializer):
    personen = serializers.SerializerMethodField()
    deelnemers = serializers.SerializerMethodField()
    meldingen = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = CaseListSerializer.Meta.fields + ["personen", "deelnemers", "meldingen"]

    def get_personen(self, obj) -> list[dict]:
        rows = []
        for m in selectors.persons_of(obj):
            audit.record("read", "person", m.person_id, case_id=obj.pk, person_id=m.person_id)
            rows.append({**PersonOutSerializer(m.person).data, "relatie": m.relation})
        return rows

    def get_deelnemers(self, obj) -> list[dict]:
        return [
            {"organisatie": p.organisation.code, "regievoerder": p.is_lead, "grondslag": p.basis, "doel": p.purpose,
             "sinds": p.started_at, "tot": p.ended_at}
            for p in obj.participations.select_related("organisation").order_by("started_at")
        ]

    def get_meldingen(self, obj) -> list[dict]:
        reports = obj.reports.select_related("received_by", "source_organisation", "reporter").prefetch_related("involved")
        return ReportOutSerializer(reports, many=True, context=self.context).data


class ReportViewSet(AuditActorMixin, IdempotentCreateMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Meldingen. POST creates a report and creates or links its case (`dossier` in the answer)."""

    serializer_class = ReportOutSerializer

    def get_queryset(self):
        from veilignet.access.selectors import visible_cases

        return Report.objects.filter(case__in=visible_cases(self.request.user)).select_related(
            "received_by", "source_organisation"
        )

    @extend_schema(request=ReportInSerializer, responses={201: ReportOutSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def get_serializer_class(self):
        if self.action == "batch":
            return ReportBatchInSerializer
        return ReportInSerializer if self.action == "create" else ReportOutSerializer

    def do_create(self, request):
        if self.action == "batch":
            return self._do_batch(request)
        incoming = ReportInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            report = services.register_report(request.user, incoming.to_input())
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        out = ReportOutSerializer(report, context={"request": request}).data
        return Response(out, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportBatchInSerializer, responses={201: ReportBatchOutSerializer,
                                                               400: ReportBatchOutSerializer})
    @action(detail=False, methods=["post"], url_path="batch")
    def batch(self, request, *args, **kwargs):
        """Many meldingen in one request (imports, integrations): `{"meldingen": [...]}`, each in the
        shape of POST /meldingen, at most BATCH_MAX. Registered as register_report would one by one
        (later ones link to cases opened by earlier ones); an invalid one does not stop the others.
        Answers per melding, in order: `status` 201 with `id`, `dossier`, `nieuw_dossier`, or 400 with
        `fouten`; the answer is 201 when any was registered, else 400. Idempotency-Key as for POST."""
        return IdempotentCreateMixin.create(self, request, *args, **kwargs)

    def _do_batch(self, request):
        data = {"meldingen": request.data} if isinstance(request.data, list) else request.data
        outer = ReportBatchInSerializer(data=data)
        outer.is_valid(raise_exception=True)
        items = outer.validated_data["meldingen"]
        rows: list[dict] = [{"index": i} for i in range(len(items))]
        inputs, positions = [], []
        for i, item in enumerate(items):
            incoming = ReportInSerializer(data=item)
            if incoming.is_valid():
                inputs.append(incoming.to_input())
                positions.append(i)
            else:
                rows[i].update(status=400, fouten=incoming.errors)
        try:
            results = services.register_reports(request.user, inputs)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        for result in results:
            row = rows[positions[result.index]]
            if result.ok:
                row.update(status=201, id=str(result.report.pk), dossier=str(result.report.case_id),
                           nieuw_dossier=result.new_case)
            else:
                row.update(status=400, fouten=result.errors)
        created = sum(1 for r in rows if r["status"] == 201)
        return Response({"aangemaakt": created, "fouten": len(rows) - created, "resultaten": rows},
                        status=status.HTTP_201_CREATED if created else status.HTTP_400_BAD_REQUEST)

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        audit.record("read", "report", report.pk, case_id=report.case_id)
        return Response(ReportOutSerializer(report, context={"request": request}).data)



class CaseViewSet(AuditActorMixin, viewsets.ReadOnlyModelViewSet):
    """Dossiers the caller's organisation may see."""

    def get_queryset(self):
        return selectors.worklist(self.request.user, q=self.request.query_params.get("q", ""),
                                  status=self.request.query_params.get("status", ""))

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseListSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Naam, geboortedatum, BSN of dossiernummer"),
                               OpenApiParameter("status", str, enum=["open", "gesloten"])])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record("list", "case", "", details={"q": request.query_params.get("q", ""),
                                                  "count": response.data.get("count")})
        return response

    def retrieve(self, request, *args, **kwargs):
        try:
            case = selectors.get_case(request.user, kwargs["pk"])
        except (Case.DoesNotExist, DjangoValidationError, ValueError) as exc:
            raise Http404 from exc
        response = Response(CaseDetailSerializer(case, context={"request": request}).data)
        response["ETag"] = f'"{case.version}"'
        return response


class PersonSearchPagination(Pagination):
    """Pages of a person search, with "afgekapt": more than SEARCH_LIMIT persons matched (refine the search)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["afgekapt"] = bool(getattr(self.page.paginator.object_list, "truncated", False))
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["afgekapt"] = {
            "type": "boolean",
            "description": f"Meer dan {selectors.SEARCH_LIMIT} personen gevonden; alleen de eerste "
                           f"{selectors.SEARCH_LIMIT} worden getoond. Verfijn de zoekopdracht.",
        }
        return schema


class PersonViewSet(AuditActorMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Search persons in the cases the caller may see."""

    serializer_class = PersonOutSerializer
    pagination_class = PersonSearchPagination

    def get_queryset(self):
        return selectors.search_persons(self.request.user, self.request.query_params.get("q", ""))

    def paginate_queryset(self, queryset):
        # The search runs once for both the count and the page (cases.selectors.DeferredRows), for at
        # most SEARCH_LIMIT persons; "afgekapt" tells the caller there are more (refine the search).
        return super().paginate_queryset(selectors.DeferredRows(queryset, collect=True))

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True, description="Naam, geboortedatum of BSN")])
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        for row in response.data.get("results", []):
            audit.record("read", "person", row["id"], person_id=row["id"], details={"via": "zoeken"})
        return response
