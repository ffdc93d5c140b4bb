"""Use cases of the case registry. Every write is one transaction and is audited."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from veilignet.access import audit
from veilignet.access.models import DEFAULT_SCOPE, LegalBasis, Participation, ParticipationVia, Scope
from veilignet.accounts.models import Organisation, OrganisationType

from .identity import bsn_is_valid, fold
from .models import (
    Case,
    CaseStatus,
    Category,
    Gender,
    Household,
    HouseholdMember,
    Note,
    Person,
    PersonRole,
    Phase,
    Relation,
    Report,
    Reporter,
    ReportPerson,
    TimelineEntry,
    Urgency,
)

CITIZEN_SOURCE = "burger"
PERSONS_FIELD = "personen"  # error key of the persons list, as in the API

# Liberal input, strict storage: accepted spellings of code values.
_CATEGORY_ALIASES = {
    "expartnergeweld": Category.EX_PARTNERGEWELD, "expartnergeweldstalking": Category.EX_PARTNERGEWELD,
    "stalking": Category.EX_PARTNERGEWELD, "eergerelateerdgeweld": Category.EERGERELATEERD,
    "eergerelateerd": Category.EERGERELATEERD, "other": Category.OVERIG, "anders": Category.OVERIG,
}
_URGENCY_ALIASES = {"spoed": Urgency.HOOG, "urgent": Urgency.HOOG, "regulier": Urgency.NORMAAL,
                    "gemiddeld": Urgency.NORMAAL, "middel": Urgency.NORMAAL, "direct": Urgency.ACUUT}
_ROLE_ALIASES = {"other": PersonRole.OVERIG, "dader": PersonRole.PLEGER, "victim": PersonRole.SLACHTOFFER,
                 "perpetrator": PersonRole.PLEGER, "child": PersonRole.KIND}
_GENDER_ALIASES = {"man": Gender.MAN, "vrouw": Gender.VROUW, "f": Gender.VROUW, "male": Gender.MAN,
                   "female": Gender.VROUW, "onbekend": Gender.ONBEKEND, "": Gender.ONBEKEND, "u": Gender.ONBEKEND}


def _code(value, choices, aliases, label) -> str:
    raw = str(value or "").strip().lower()
    valid = {c.value for c in choices}
    if raw in valid:
        return raw
    key = "".join(ch for ch in raw if ch.isalnum())
    for candidate in valid:
        if "".join(ch for ch in candidate if ch.isalnum()) == key:
            return candidate
    if key in aliases:
        return aliases[key].value if hasattr(aliases[key], "value") else aliases[key]
    allowed = ", ".join(sorted(valid))
    raise ValidationError(f"Onbekende {label} '{value}'. Kies uit: {allowed}.")


def parse_category(value) -> str:
    return _code(value, Category, _CATEGORY_ALIASES, "categorie")


def parse_urgency(value) -> str:
    return _code(value, Urgency, _URGENCY_ALIASES, "urgentie")


def parse_role(value) -> str:
    return _code(value, PersonRole, _ROLE_ALIASES, "rol")


def parse_gender(value) -> str:
    raw = str(value or "").strip().lower()
    if raw in _GENDER_ALIASES:
        return _GENDER_ALIASES[raw].value
    return _code(value, Gender, {}, "geslacht")


@dataclass
class PersonInput:
    role: str
    first_name: str
    last_name: str
    birth_date: date | None = None
    gender: str = Gender.ONBEKEND
    bsn: str = ""
    relation: str = Relation.OVERIG
    phone: str = ""


@dataclass
class ReporterInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    relation: str = ""
    protect_identity: bool = False


@dataclass
class ReportInput:
    received_at: datetime
    source: str  # organisation code or "burger"
    category: str
    description: str
    urgency: str
    persons: list[PersonInput]
    reporter: ReporterInput | None = None
    incident_date: date | None = None


def validate_report(data: ReportInput) -> dict[str, list[str]]:
    """Domain checks shared by the form and the API. Returns per-field Dutch messages."""
    errors: dict[str, list[str]] = {}
    now = timezone.now()

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if data.received_at and data.received_at > now + timezone.timedelta(minutes=5):
        add("ontvangen_op", "De ontvangstdatum ligt in de toekomst.")
    if data.incident_date and data.incident_date > timezone.localdate():
        add("incident_op", "De datum van het incident ligt in de toekomst.")
    if not (data.description or "").strip():
        add("omschrijving", "Een omschrijving is verplicht.")
    if data.source != CITIZEN_SOURCE and not Organisation.objects.filter(code=data.source).exists():
        add("bron", f"Onbekende organisatie '{data.source}'. Geef een organisatiecode of 'burger'.")
    if not data.persons:
        add(PERSONS_FIELD, "Noem ten minste de betrokken personen, met ten minste één slachtoffer.")
    elif not any(p.role == PersonRole.SLACHTOFFER for p in data.persons):
        add(PERSONS_FIELD, "Een melding heeft ten minste één slachtoffer.")
    seen_bsn = set()
    for i, p in enumerate(data.persons):
        prefix = f"{PERSONS_FIELD}[{i}]"
        if not p.first_name.strip() and not p.last_name.strip():
            add(f"{prefix}.achternaam", "Geef ten minste een voor- of achternaam.")
        if p.birth_date and p.birth_date > timezone.localdate():
            add(f"{prefix}.geboortedatum", "De geboortedatum ligt in de toekomst.")
        if p.bsn:
            if not bsn_is_valid(p.bsn):
                add(f"{prefix}.bsn", f"'{p.bsn}' is geen geldig BSN (de elfproef klopt niet).")
            elif p.bsn in seen_bsn:
                add(f"{prefix}.bsn", "Dit BSN staat al bij een andere persoon in deze melding.")
            seen_bsn.add(p.bsn)
    return errors


def _find_person(p: PersonInput) -> Person | None:
    """Duplicate detection: by BSN, else by folded name + birth date."""
    if p.bsn:
        found = Person.objects.filter(bsn=p.bsn).first()
        if found:
            return found
    if p.birth_date and p.last_name:
        return Person.objects.filter(
            last_name_key=fold(p.last_name), first_name_key=fold(p.first_name), birth_date=p.birth_date
        ).first()
    return None


def _open_case_for(persons: list[Person]) -> Case | None:
    ids = [p.pk for p in persons if p is not None]
    if not ids:
        return None
    return (
        Case.objects.filter(status=CaseStatus.OPEN, household__members__person_id__in=ids)
        .order_by("opened_at")
        .first()
    )


def basis_for(organisation: Organisation) -> str:
    """The usual legal basis of an organisation's task (a default; the user may choose another)."""
    return {
        OrganisationType.VEILIG_THUIS: LegalBasis.WMO_VEILIG_THUIS,
        OrganisationType.POLITIE: LegalBasis.STRAFRECHT,
        OrganisationType.OPENBAAR_MINISTERIE: LegalBasis.STRAFRECHT,
        OrganisationType.RECLASSERING: LegalBasis.RECLASSERINGSTOEZICHT,
        OrganisationType.RAAD_KINDERBESCHERMING: LegalBasis.KINDERBESCHERMING,
    }.get(organisation.type, LegalBasis.MELDCODE)


def _next_case_number(year: int) -> str:
    prefix = f"VN-{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def add_timeline_entry(case, kind: str, title: str, *, user=None, organisation=None, body: str = "",
                       at=None, confidential: bool = False, ref=None) -> TimelineEntry:
    """The one way other apps write to a case's timeline."""
    ref_type = ref_id = ""
    if ref is not None:
        ref_type = f"{ref._meta.app_label}.{ref._meta.model_name}"
        ref_id = str(ref.pk)
    return TimelineEntry.objects.create(
        case=case, kind=kind, title=title[:250], body=body, author=user,
        organisation=organisation or (user.organisation if user is not None and user.organisation_id else None),
        at=at or timezone.now(), confidential=confidential, ref_type=ref_type, ref_id=ref_id,
    )


def ensure_participation(case, organisation, *, basis: str, purpose: str, via: str, user=None,
                         scope=None, is_lead: bool = False) -> Participation:
    existing = Participation.objects.filter(case=case, organisation=organisation, ended_at__isnull=True).first()
    if existing:
        return existing
    scope = list(scope or DEFAULT_SCOPE)
    if organisation.type == OrganisationType.VEILIG_THUIS and Scope.MELDER not in scope:
        scope.append(Scope.MELDER)
    participation = Participation.objects.create(
        case=case, organisation=organisation, is_lead=is_lead, basis=basis, purpose=purpose, via=via,
        scope=scope, added_by=user,
    )
    add_timeline_entry(case, "deelname", f"{organisation.name} neemt deel ({participation.get_via_display()})",
                       user=user, body=f"Grondslag: {participation.get_basis_display()}. Doel: {purpose}",
                       ref=participation)
    return participation


@transaction.atomic
def register_report(user, data: ReportInput) -> Report:
    """Register a melding: find or create the persons, link to the household's open case or open
    a new case led by the receiving organisation. Raises ValidationError with per-field messages."""
    with audit.batch():
        return _register_report(user, data)


def _register_report(user, data: ReportInput) -> Report:
    if not user.organisation_id:
        raise PermissionDenied("Alleen medewerkers van een organisatie kunnen meldingen registreren.")
    errors = validate_report(data)
    if errors:
        raise ValidationError(errors)
    receiving = user.organisation
    source_org = None if data.source == CITIZEN_SOURCE else Organisation.objects.get(code=data.source)

    matched = [(p, _find_person(p)) for p in data.persons]
    case = _open_case_for([m for _, m in matched])
    new_case = case is None
    if new_case:
        victim = next(p for p in data.persons if p.role == PersonRole.SLACHTOFFER)
        household = Household.objects.create(label=f"Huishouden {victim.last_name}".strip())
        case = Case.objects.create(
            number=_next_case_number(data.received_at.year), household=household,
            lead_organisation=receiving, region=receiving.region, created_by=user,
            opened_at=data.received_at, phase=Phase.DIRECTE_VEILIGHEID,
        )
    report = Report.objects.create(
        case=case, received_at=data.received_at, received_by=receiving, source_organisation=source_org,
        source_citizen=source_org is None, category=data.category, description=data.description.strip(),
        urgency=data.urgency, incident_date=data.incident_date, created_by=user,
    )
    links, members = [], []
    for p, person in matched:
        if person is None:
            person = Person.objects.create(
                first_name=p.first_name.strip(), last_name=p.last_name.strip(), birth_date=p.birth_date,
                gender=p.gender, bsn=p.bsn, phone=p.phone,
            )
        elif p.bsn and not person.bsn:
            person.bsn = p.bsn
            person.save(update_fields=["bsn"])
        links.append(ReportPerson(report=report, person=person, role=p.role))
        members.append(HouseholdMember(household=case.household, person=person, relation=p.relation))
    # The same person twice in one report, or already in the household: the unique constraints keep one.
    ReportPerson.objects.bulk_create(links, ignore_conflicts=True)
    HouseholdMember.objects.bulk_create(members, ignore_conflicts=True)
    if data.reporter is not None and any(
        [data.reporter.name, data.reporter.phone, data.reporter.email, data.reporter.relation]
    ):
        Reporter.objects.create(report=report, **data.reporter.__dict__)

    ensure_participation(
        case, receiving, basis=basis_for(receiving), purpose="Behandeling van de melding",
        via=ParticipationVia.CREATION if new_case else ParticipationVia.REPORT, user=user, is_lead=new_case,
    )
    source = source_org.name if source_org else "een burger"
    add_timeline_entry(
        case, "melding", f"Melding ontvangen van {source}: {report.get_category_display()}",
        user=user, body=report.description, at=report.received_at, ref=report,
    )
    if not new_case:
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    audit.record("create", "report", report.pk, case_id=case.pk,
                 details={"new_case": new_case, "persons": len(data.persons)})
    _after_report_hooks(report, new_case)
    return report


# Other apps (deadlines, risk signals) subscribe here rather than being imported by this module.
REPORT_HOOKS: list = []


def _after_report_hooks(report, new_case):
    for hook in REPORT_HOOKS:
        hook(report, new_case)


def _check_version(case, expected_version):
    if expected_version is not None and int(expected_version) != case.version:
        raise ValidationError(
            {"version": "Het dossier is intussen door iemand anders gewijzigd. Laad het opnieuw en probeer het nog eens."},
            code="conflict",
        )


def _locked(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def add_note(user, case, body: str, confidential: bool = False) -> Note:
    if not (body or "").strip():
        raise ValidationError({"body": "Een notitie mag niet leeg zijn."})
    note = Note.objects.create(case=case, author=user, organisation=user.organisation, body=body.strip(),
                               confidential=confidential)
    add_timeline_entry(case, "notitie", "Notitie" + (" (vertrouwelijk)" if confidential else ""), user=user,
                       body=note.body, confidential=confidential, ref=note)
    audit.record("create", "note", note.pk, case_id=case.pk)
    for hook in NOTE_HOOKS:
        hook(note)
    return note


NOTE_HOOKS: list = []


@transaction.atomic
def close_case(user, case, reason: str, expected_version=None) -> Case:
    case = _locked(case)
    _check_version(case, expected_version)
    if not case.is_open:
        raise ValidationError({"reason": "Het dossier is al gesloten."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef een reden om het dossier te sluiten."})
    case.status, case.closed_at, case.close_reason = CaseStatus.CLOSED, timezone.now(), reason.strip()
    case.version += 1
    case.save(update_fields=["status", "closed_at", "close_reason", "version", "updated_at"])
    add_timeline_entry(case, "status", "Dossier gesloten", user=user, body=case.close_reason)
    audit.record("update", "case", case.pk, case_id=case.pk, details={"status": "gesloten"})
    return case


@transaction.atomic
def reopen_case(user, case, reason: str, expected_version=None) -> Case:
    case = _locked(case)
    _check_version(case, expected_version)
    if case.is_open:
        raise ValidationError({"reason": "Het dossier is al open."})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef een reden om het dossier te heropenen."})
    case.status, case.closed_at = CaseStatus.OPEN, None
    case.version += 1
    case.save(update_fields=["status", "closed_at", "version", "updated_at"])
    add_timeline_entry(case, "status", "Dossier heropend", user=user, body=reason.strip())
    audit.record("update", "case", case.pk, case_id=case.pk, details={"status": "open"})
    return case


@transaction.atomic
def update_case(user, case, *, expected_version, phase=None, case_director=None) -> Case:
    """Change phase and/or case director, with a version check against silent overwrites."""
    case = _locked(case)
    _check_version(case, expected_version)
    changes = {}
    if phase is not None and phase != case.phase:
        if phase not in Phase.values:
            raise ValidationError({"phase": f"Onbekende fase '{phase}'."})
        changes["phase"] = phase
    if case_director is not None and case_director.pk != case.case_director_id:
        if not Participation.objects.filter(case=case, organisation_id=case_director.organisation_id,
                                            ended_at__isnull=True).exists():
            raise ValidationError({"case_director": "De casusregisseur moet werken bij een deelnemende organisatie."})
        changes["case_director"] = case_director
    if not changes:
        return case
    for name, value in changes.items():
        setattr(case, name, value)
    case.version += 1
    case.save()
    if "phase" in changes:
        add_timeline_entry(case, "fase", f"Fase: {case.get_phase_display()}", user=user)
    if "case_director" in changes:
        add_timeline_entry(case, "regie", f"Casusregisseur: {case.case_director.display_name()}", user=user)
    audit.record("update", "case", case.pk, case_id=case.pk,
                 details={k: str(getattr(v, "pk", v)) for k, v in changes.items()})
    return case
