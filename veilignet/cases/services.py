"""Use cases of the case registry. Every write is one transaction and is audited."""

import contextlib
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.utils import timezone, translation

from veilignet.access import audit
from veilignet.access.models import DEFAULT_SCOPE, LegalBasis, Participation, ParticipationVia, Scope
from veilignet.accounts.models import Organisation, OrganisationType

from .identity import bsn_is_valid, fold, name_keys
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


def validate_report(data: ReportInput, organisations: dict | None = None) -> dict[str, list[str]]:
    """Domain checks shared by the form and the API. Returns per-field Dutch messages.
    `organisations` ({code: Organisation}, the known source codes) spares a query per report."""
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
    if data.source != CITIZEN_SOURCE and not (
        data.source in organisations if organisations is not None
        else Organisation.objects.filter(code=data.source).exists()
    ):
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


def _person_candidates(persons) -> tuple[dict, dict]:
    """Duplicate detection for many persons in one query: ({bsn: Person}, {(last_key, first_key,
    birth_date): Person}); of several matches the one with the lowest id, as `.first()` chose."""
    bsns = {p.bsn for p in persons if p.bsn}
    names = {(fold(p.last_name), fold(p.first_name), p.birth_date) for p in persons if p.birth_date and p.last_name}
    by_bsn: dict = {}
    by_name: dict = {}
    if not bsns and not names:
        return by_bsn, by_name
    cond = Q()
    if bsns:
        cond |= Q(bsn__in=bsns)
    if names:
        cond |= Q(last_name_key__in={n[0] for n in names}, birth_date__in={n[2] for n in names})
    for person in Person.objects.filter(cond).order_by("pk"):
        if person.bsn in bsns:
            by_bsn.setdefault(person.bsn, person)
        key = (person.last_name_key, person.first_name_key, person.birth_date)
        if key in names:
            by_name.setdefault(key, person)
    return by_bsn, by_name


def _name_key(p: PersonInput):
    return (fold(p.last_name), fold(p.first_name), p.birth_date) if p.birth_date and p.last_name else None


def _new_person(p: PersonInput) -> Person:
    person = Person(first_name=p.first_name.strip(), last_name=p.last_name.strip(), birth_date=p.birth_date,
                    gender=p.gender, bsn=p.bsn, phone=p.phone)
    person.first_name_key, person.last_name_key, person.surname_key = name_keys(person.first_name, person.last_name)
    return person


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


def _last_case_number(year: int) -> int:
    prefix = f"VN-{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    return int(last.rsplit("-", 1)[1]) if last else 0


def _case_number(year: int, seq: int) -> str:
    return f"VN-{year}-{seq:06d}"


def _next_case_number(year: int) -> str:
    return _case_number(year, _last_case_number(year) + 1)


def _timeline_entry(case, kind: str, title: str, *, user=None, organisation=None, body: str = "",
                    at=None, confidential: bool = False, ref=None) -> TimelineEntry:
    ref_type = ref_id = ""
    if ref is not None:
        ref_type = f"{ref._meta.app_label}.{ref._meta.model_name}"
        ref_id = str(ref.pk)
    return TimelineEntry(
        case=case, kind=kind, title=title[:250], body=body, author=user,
        organisation=organisation or (user.organisation if user is not None and user.organisation_id else None),
        at=at or timezone.now(), confidential=confidential, ref_type=ref_type, ref_id=ref_id,
    )


def add_timeline_entry(case, kind: str, title: str, *, user=None, organisation=None, body: str = "",
                       at=None, confidential: bool = False, ref=None) -> TimelineEntry:
    """The one way other apps write to a case's timeline."""
    entry = _timeline_entry(case, kind, title, user=user, organisation=organisation, body=body, at=at,
                            confidential=confidential, ref=ref)
    entry.save(force_insert=True)
    return entry


def _new_participation(case, organisation, *, basis: str, purpose: str, via: str, user=None, scope=None,
                       is_lead: bool = False) -> Participation:
    scope = list(scope or DEFAULT_SCOPE)
    if organisation.type == OrganisationType.VEILIG_THUIS and Scope.MELDER not in scope:
        scope.append(Scope.MELDER)
    return Participation(case=case, organisation=organisation, is_lead=is_lead, basis=basis, purpose=purpose,
                         via=via, scope=scope, added_by=user)


_labels: dict = {}


def _display(obj, field: str) -> str:
    """obj.get_<field>_display(), remembered per language (it rebuilds the choices on every call)."""
    value = getattr(obj, field)
    key = (translation.get_language(), obj._meta.label, field, value)
    label = _labels.get(key)
    if label is None:
        label = _labels[key] = str(getattr(obj, f"get_{field}_display")())
    return label


def _participation_entry(participation, user=None) -> TimelineEntry:
    return _timeline_entry(
        participation.case, "deelname",
        f"{participation.organisation.name} neemt deel ({_display(participation, 'via')})", user=user,
        body=f"Grondslag: {_display(participation, 'basis')}. Doel: {participation.purpose}", ref=participation)


def ensure_participation(case, organisation, *, basis: str, purpose: str, via: str, user=None,
                         scope=None, is_lead: bool = False) -> Participation:
    existing = Participation.objects.filter(case=case, organisation=organisation, ended_at__isnull=True).first()
    if existing:
        return existing
    return _add_participation(case, organisation, basis=basis, purpose=purpose, via=via, user=user,
                              scope=scope, is_lead=is_lead)


def _add_participation(case, organisation, *, user=None, **fields) -> Participation:
    """A new participation with its timeline entry (the caller knows there is no active one)."""
    participation = _new_participation(case, organisation, user=user, **fields)
    participation.save(force_insert=True)
    _participation_entry(participation, user).save(force_insert=True)
    return participation


# Context managers entered around registering reports (one, or a batch chunk), inside its
# transaction, by apps that collect work per unit and write it once at the end (the monitor's
# dirty months). Append the factory in your AppConfig.ready().
REPORT_SCOPES: list = []


@contextlib.contextmanager
def _report_scopes():
    with contextlib.ExitStack() as stack:
        for factory in REPORT_SCOPES:
            stack.enter_context(factory())
        yield


@transaction.atomic
def register_report(user, data: ReportInput) -> Report:
    """Register a melding: find or create the persons, link to the household's open case or open
    a new case led by the receiving organisation. Raises ValidationError with per-field messages."""
    with audit.batch(), _report_scopes():
        return _register_report(user, data)


def _register_report(user, data: ReportInput) -> Report:
    if not user.organisation_id:
        raise PermissionDenied("Alleen medewerkers van een organisatie kunnen meldingen registreren.")
    errors = validate_report(data)
    if errors:
        raise ValidationError(errors)
    receiving = user.organisation
    source_org = None if data.source == CITIZEN_SOURCE else Organisation.objects.get(code=data.source)

    by_bsn, by_name = _person_candidates(data.persons)
    matched = [(p, by_bsn.get(p.bsn) or by_name.get(_name_key(p))) for p in data.persons]
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
    links, members, new_persons = [], [], []
    for p, person in matched:
        if person is None:
            person = _new_person(p)
            new_persons.append(person)
        elif p.bsn and not person.bsn:
            person.bsn = p.bsn
            person.save(update_fields=["bsn"])
        links.append(ReportPerson(report=report, person=person, role=p.role))
        members.append(HouseholdMember(household=case.household, person=person, relation=p.relation))
    Person.objects.bulk_create(new_persons)
    # The same person twice in one report, or already in the household: the unique constraints keep one.
    ReportPerson.objects.bulk_create(links, ignore_conflicts=True)
    HouseholdMember.objects.bulk_create(members, ignore_conflicts=True)
    if _has_reporter(data):
        Reporter.objects.create(report=report, **data.reporter.__dict__)

    # A new case has no participation yet: no lookup.
    add = _add_participation if new_case else ensure_participation
    add(case, receiving, basis=basis_for(receiving), purpose=REPORT_PURPOSE,
        via=ParticipationVia.CREATION if new_case else ParticipationVia.REPORT, user=user, is_lead=new_case)
    add_timeline_entry(case, "melding", _report_title(report, source_org), user=user, body=report.description,
                       at=report.received_at, ref=report)
    if not new_case:
        Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    audit.record("create", "report", report.pk, case_id=case.pk,
                 details={"new_case": new_case, "persons": len(data.persons)})
    _after_report_hooks(report, new_case)
    return report


REPORT_PURPOSE = "Behandeling van de melding"


def _has_reporter(data: ReportInput) -> bool:
    r = data.reporter
    return r is not None and any([r.name, r.phone, r.email, r.relation])


def _report_title(report, source_org) -> str:
    source = source_org.name if source_org else "een burger"
    return f"Melding ontvangen van {source}: {_display(report, 'category')}"


def _report_entry(report, source_org, user) -> TimelineEntry:
    return _timeline_entry(report.case, "melding", _report_title(report, source_org), user=user,
                           body=report.description, at=report.received_at, ref=report)


# Other apps (deadlines, risk signals) subscribe here rather than being imported by this module.
REPORT_HOOKS: list = []
# The batch form, called by register_reports with (reports, new_case_flags). A batch hook that does
# the work of a REPORT_HOOKS entry names it in its attribute `replaces`; REPORT_HOOKS entries that no
# batch hook replaces are called per report, so a batch never skips an app's work.
REPORT_BATCH_HOOKS: list = []


def _after_report_hooks(report, new_case):
    for hook in REPORT_HOOKS:
        hook(report, new_case)


def _after_batch_hooks(reports, new_case_flags):
    replaced = {getattr(hook, "replaces", None) for hook in REPORT_BATCH_HOOKS}
    for hook in REPORT_BATCH_HOOKS:
        hook(reports, new_case_flags)
    for hook in REPORT_HOOKS:
        if hook not in replaced:
            for report, new_case in zip(reports, new_case_flags, strict=True):
                hook(report, new_case)


# ---------------------------------------------------------------------------------------------
# Batch registration (imports, integrations)
# ---------------------------------------------------------------------------------------------

BATCH_CHUNK = 500


@dataclass
class BatchResult:
    """The outcome of one input of register_reports: the report, or the per-field Dutch messages."""

    index: int
    report: Report | None = None
    new_case: bool = False
    errors: dict[str, list[str]] | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


def register_reports(user, inputs, *, chunk_size: int = BATCH_CHUNK, progress=None) -> list[BatchResult]:
    """Register many meldingen with the same outcome as register_report one by one, in the order given
    — persons found or created, reports linked to the household's open case (also to a case opened
    earlier in the same batch), deadlines, text signals (the risk app screens them in a background
    task, RISK_BATCH_SCREENING), timeline and audit — in a few set-based queries per chunk. Each
    chunk of `chunk_size` inputs is one transaction. An invalid input does not stop the others: its
    result carries the messages (by field, as the API answers) and its index. `progress(done, total)`
    is called after each chunk. A person is matched by BSN, then by name + birth date, preferring one
    already in the database over one this batch created (they coincide unless the data holds
    duplicates already)."""
    if not user.organisation_id:
        raise PermissionDenied("Alleen medewerkers van een organisatie kunnen meldingen registreren.")
    inputs = list(inputs)
    chunk_size = max(1, int(chunk_size))
    results: list[BatchResult] = []
    for start in range(0, len(inputs), chunk_size):
        chunk = list(enumerate(inputs[start:start + chunk_size], start))
        with transaction.atomic(), audit.batch(), _report_scopes():
            results += _register_chunk(user, chunk)
        if progress is not None:
            progress(min(start + chunk_size, len(inputs)), len(inputs))
    return results


class _Chunk:
    """What a chunk has matched and created so far, so later inputs see earlier ones (as in the
    one-by-one path, where they are in the database already)."""

    def __init__(self):
        self.bsn: dict[str, Person] = {}
        self.name: dict[tuple, Person] = {}
        self.cases_of: dict = {}  # person pk -> {case pk: Case} joined in this chunk (open cases)

    def add_person(self, person: Person):
        if person.bsn:
            self.bsn.setdefault(person.bsn, person)
        if person.birth_date and person.last_name_key:
            self.name.setdefault((person.last_name_key, person.first_name_key, person.birth_date), person)


def _register_chunk(user, chunk) -> list[BatchResult]:
    receiving = user.organisation
    codes = {d.source for _, d in chunk if d.source != CITIZEN_SOURCE}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)} if codes else {}
    results, valid = [], []
    for index, data in chunk:
        errors = validate_report(data, organisations=organisations)
        if errors:
            results.append(BatchResult(index=index, errors=errors))
        else:
            valid.append((index, data))
    if not valid:
        return results

    # Persons: the database (one query), then those this chunk created or completed.
    by_bsn, by_name = _person_candidates([p for _, d in valid for p in d.persons])
    state = _Chunk()
    matched_rows, db_person_ids = [], set()
    new_persons, bsn_updates = [], {}
    for _, data in valid:
        row = []
        for p in data.persons:
            key = _name_key(p)
            person = by_bsn.get(p.bsn) or state.bsn.get(p.bsn) or by_name.get(key) or state.name.get(key)
            row.append((p, person))
        # Created after matching the whole input, as register_report does (two equal persons in one
        # input are two persons).
        resolved = []
        for p, person in row:
            if person is None:
                person = _new_person(p)
                new_persons.append(person)
            else:
                if p.bsn and not person.bsn:
                    person.bsn = p.bsn
                    if not person._state.adding:
                        bsn_updates[person.pk] = person
                if not person._state.adding:
                    db_person_ids.add(person.pk)
            resolved.append((p, person))
        for _, person in resolved:
            state.add_person(person)
        matched_rows.append(resolved)

    # Open cases of the persons already in the database (one query), then cases joined in this chunk.
    db_cases: dict = {}
    open_cases_of: dict = {}
    if db_person_ids:
        members = (HouseholdMember.objects.filter(person_id__in=db_person_ids, household__cases__status=CaseStatus.OPEN)
                   .values_list("person_id", "household__cases__id"))
        pairs = list(members)
        for case in Case.objects.filter(pk__in={c for _, c in pairs}).select_related("household"):
            db_cases[case.pk] = case
        for person_id, case_id in pairs:
            open_cases_of.setdefault(person_id, {})[case_id] = db_cases[case_id]
    existing_participation = {}
    if db_cases:
        existing_participation = {
            p.case_id: p for p in Participation.objects.filter(case_id__in=db_cases, organisation=receiving,
                                                              ended_at__isnull=True).order_by("pk")}
    last_number: dict[int, int] = {}
    households, cases, reports, links, members, reporters, participations, entries = [], [], [], [], [], [], [], []
    version_bumps: dict = {}
    created: list[tuple[int, Report, bool, int]] = []
    for (index, data), resolved in zip(valid, matched_rows, strict=True):
        candidates = {}
        for _, person in resolved:
            candidates.update(open_cases_of.get(person.pk, {}))
            candidates.update(state.cases_of.get(person.pk, {}))
        case = min(candidates.values(), key=lambda c: (c.opened_at, str(c.pk))) if candidates else None
        new_case = case is None
        if new_case:
            victim = next(p for p in data.persons if p.role == PersonRole.SLACHTOFFER)
            household = Household(label=f"Huishouden {victim.last_name}".strip())
            households.append(household)
            year = data.received_at.year
            if year not in last_number:
                last_number[year] = _last_case_number(year)
            last_number[year] += 1
            case = Case(number=_case_number(year, last_number[year]), household=household,
                        lead_organisation=receiving, region=receiving.region, created_by=user,
                        opened_at=data.received_at, phase=Phase.DIRECTE_VEILIGHEID)
            cases.append(case)
        else:
            version_bumps[case.pk] = version_bumps.get(case.pk, 0) + 1
        source_org = None if data.source == CITIZEN_SOURCE else organisations[data.source]
        report = Report(
            case=case, received_at=data.received_at, received_by=receiving, source_organisation=source_org,
            source_citizen=source_org is None, category=data.category, description=data.description.strip(),
            urgency=data.urgency, incident_date=data.incident_date, created_by=user,
        )
        reports.append(report)
        for p, person in resolved:
            links.append(ReportPerson(report=report, person=person, role=p.role))
            members.append(HouseholdMember(household=case.household, person=person, relation=p.relation))
            state.cases_of.setdefault(person.pk, {})[case.pk] = case
        if _has_reporter(data):
            reporters.append(Reporter(report=report, **data.reporter.__dict__))
        participation = existing_participation.get(case.pk)
        if participation is None:
            participation = _new_participation(
                case, receiving, basis=basis_for(receiving), purpose=REPORT_PURPOSE,
                via=ParticipationVia.CREATION if new_case else ParticipationVia.REPORT, user=user, is_lead=new_case)
            participations.append(participation)
            existing_participation[case.pk] = participation
            entries.append(participation)  # its timeline entry, once it has its key
        entries.append(report)
        created.append((index, report, new_case, len(data.persons)))

    # Cases created in this chunk that later inputs linked to carry their version from the start.
    for case in cases:
        case.version += version_bumps.pop(case.pk, 0)
    Person.objects.bulk_create(new_persons, batch_size=1000)
    if bsn_updates:
        Person.objects.bulk_update(list(bsn_updates.values()), ["bsn"])
    Household.objects.bulk_create(households, batch_size=1000)
    Case.objects.bulk_create(cases, batch_size=1000)
    Report.objects.bulk_create(reports, batch_size=1000)
    ReportPerson.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    HouseholdMember.objects.bulk_create(members, batch_size=1000, ignore_conflicts=True)
    Reporter.objects.bulk_create(reporters, batch_size=1000)
    Participation.objects.bulk_create(participations, batch_size=1000)
    TimelineEntry.objects.bulk_create(
        [_participation_entry(e, user) if isinstance(e, Participation) else
         _report_entry(e, e.source_organisation, user) for e in entries], batch_size=1000)
    by_count: dict[int, list] = {}
    for case_pk, count in version_bumps.items():
        by_count.setdefault(count, []).append(case_pk)
    for count, pks in by_count.items():
        Case.objects.filter(pk__in=pks).update(version=F("version") + count)
    # bulk_create sends no post_save: send it, so subscribers (the monitor's dirty months) see what
    # the one-by-one path shows them.
    for model, objs in ((Case, cases), (Report, reports), (Participation, participations)):
        for obj in objs:
            post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False,
                           using=obj._state.db)
    audit.prefill_purposes([report.case_id for _, report, _, _ in created])
    for _, report, new_case, n_persons in created:
        audit.record("create", "report", report.pk, case_id=report.case_id,
                     details={"new_case": new_case, "persons": n_persons})
    _after_batch_hooks([c[1] for c in created], [c[2] for c in created])
    results += [BatchResult(index=index, report=report, new_case=new_case) for index, report, new_case, _ in created]
    results.sort(key=lambda r: r.index)
    return results


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
