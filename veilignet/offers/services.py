"""Write paths of the social map and referrals. Every write is one transaction and is audited.

Public API for other apps (BORG, network, monitor):
- `create_referral(user, case, offer, *, person=None, incident_date=None, arrest_date=None, sent_on=None,
  note="")` → Referral (status "sent"; incident date prefilled from the case's reports).
- `change_referral_status(user, referral, status, *, expected_version, on_date=None, reason="",
  bridging_help="")` → Referral. Statuses: sent → accepted → waiting (bridging help required) → started →
  completed | dropped_out (reason required) | refused (reason required).
- `update_referral_dates(user, referral, *, expected_version, incident_date, arrest_date)`.
On start the days incident → start and arrest → start are stored on the referral.
Other apps subscribe to `REFERRAL_HOOKS` (called with `(referral, previous_status)` after a create —
previous_status "" — and after every status change, inside the transaction) in their AppConfig.ready().
"""

import csv
import io
import json
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import OrganisationType
from veilignet.cases.services import add_timeline_entry

from . import catalogue
from .models import CLOSED_STATUSES, Offer, OfferVersion, Referral, ReferralStatus, ReferralStatusChange
from .seeding import snapshot

MAINTAINER_ORG_TYPES = (OrganisationType.GEMEENTE, OrganisationType.VEILIG_THUIS)
MAINTAINER_ROLES = ("beheerder", "teamleider")


# --- who may maintain the social map ---------------------------------------------------------------------

def can_maintain(user) -> bool:
    """Municipal and regional (Veilig Thuis) users with role beheerder or teamleider (004 §1.4)."""
    return bool(
        user is not None and user.is_authenticated and user.organisation_id
        and user.organisation.type in MAINTAINER_ORG_TYPES and user.has_role(*MAINTAINER_ROLES)
    )


def can_edit_offer(user, offer) -> bool:
    """A maintainer edits offers of their own region and national or not yet placed offers."""
    if not can_maintain(user):
        return False
    return offer is None or offer.national or not offer.regions or user.organisation.region in offer.regions


def _check_maintainer(user, offer=None):
    if not can_edit_offer(user, offer):
        raise PermissionDenied("Alleen beheerders en teamleiders van gemeenten en Veilig Thuis in de regio van "
                               "dit aanbod kunnen de sociale kaart wijzigen.")


# --- offers ----------------------------------------------------------------------------------------------

def _clean(data: dict) -> dict:
    full = catalogue.with_defaults(data)
    full["name"] = str(full["name"]).strip()
    errors = catalogue.validate(full)
    if errors:
        raise ValidationError(errors)
    return full


@transaction.atomic
def save_offer(user, offer: Offer | None, data: dict, *, expected_version=None, action: str = "",
               check_access: bool = True) -> Offer:
    """Create (offer=None) or update an offer; every change is a new OfferVersion and an audit event."""
    if check_access:
        _check_maintainer(user, offer)
    full = _clean(data)
    if full["waiting_days"] is not None and (offer is None or offer.waiting_days != full["waiting_days"]):
        full["waiting_updated_on"] = timezone.localdate()
    clash = Offer.objects.filter(name__iexact=full["name"])
    if offer is not None:
        clash = clash.exclude(pk=offer.pk)
    if clash.exists():
        raise ValidationError({"name": f"Er is al aanbod met de naam '{full['name']}'."})
    actor = user if getattr(user, "is_authenticated", False) else None
    if offer is None:
        offer = Offer.objects.create(**full, version=1, updated_by=actor)
        OfferVersion.objects.create(offer=offer, version=1, action=action or "create", data=snapshot(offer),
                                    changed_by=actor)
        audit.record("create", "offer", offer.pk, details={"name": offer.name, "via": action or "create"})
        return offer
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if expected_version is not None and int(expected_version) != offer.version:
        raise ValidationError({"version": "Dit aanbod is intussen door iemand anders gewijzigd. Laad het opnieuw "
                                          "en probeer het nog eens."}, code="conflict")
    changes = {k: [getattr(offer, k), v] for k, v in full.items() if getattr(offer, k) != v}
    if not changes:
        return offer
    for key, (_, new) in changes.items():
        setattr(offer, key, new)
    offer.version += 1
    offer.updated_by = actor
    offer.save()
    readable = json.loads(json.dumps({k: [a, b] for k, (a, b) in changes.items()}, default=str))
    OfferVersion.objects.create(offer=offer, version=offer.version, action=action or "update", data=snapshot(offer),
                                changes=readable, changed_by=actor)
    audit.record("update", "offer", offer.pk, details={"name": offer.name, "fields": sorted(changes)})
    return offer


def offer_dicts(queryset=None) -> list[dict]:
    """Plain dicts of the offers for matching.py."""
    queryset = Offer.objects.all() if queryset is None else queryset
    return [{**snapshot(o), "id": o.pk} for o in queryset]


def export_csv(queryset=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(catalogue.CSV_COLUMNS), delimiter=";")
    writer.writeheader()
    for offer in Offer.objects.all() if queryset is None else queryset:
        writer.writerow(catalogue.offer_to_row(snapshot(offer)))
    return buffer.getvalue()


class CsvImportError(ValidationError):
    """Row-level errors of a CSV import; nothing was imported. `.rows` is [(line, field, message)]."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__([f"Regel {line}{f' ({field})' if field else ''}: {msg}" for line, field, msg in rows])


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") >= first.count(",") else ","


@transaction.atomic
def import_csv(user, text: str) -> dict:
    """Import offers from CSV (the export's columns; `;` or `,`). Rows are matched on name: existing
    offers are updated, new ones created. Any error (unknown category or region, bad number, ...) fails
    the whole import: nothing is saved, and every row's errors are reported (CsvImportError)."""
    if not can_maintain(user):
        raise PermissionDenied("Alleen beheerders en teamleiders van gemeenten en Veilig Thuis kunnen importeren.")
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=_sniff(text))
    columns = set(reader.fieldnames or [])
    if "name" not in columns or "category" not in columns:
        raise CsvImportError([(1, "", "De kopregel mist de verplichte kolommen 'name' en 'category'. "
                                      "Gebruik de kolommen van de export.")])
    unknown = sorted(columns - set(catalogue.CSV_COLUMNS))
    if unknown:
        raise CsvImportError([(1, "", f"Onbekende kolom(men): {', '.join(unknown)}.")])
    rows, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        data, row_errors = catalogue.row_to_offer(row)
        # Columns absent from the file keep the current value of an existing offer.
        for field, message in sorted(row_errors.items()):
            errors.append((line, field, message))
        key = data["name"].casefold()
        if key and key in seen:
            errors.append((line, "name", f"Dubbele naam; ook op regel {seen[key]}."))
        seen[key] = line
        rows.append((line, data))
    if not rows and not errors:
        errors.append((2, "", "Het bestand bevat geen regels met aanbod."))
    existing = {o.name.casefold(): o for o in Offer.objects.all()}
    if not errors:
        for line, data in rows:
            offer = existing.get(data["name"].casefold())
            if offer is not None and not can_edit_offer(user, offer):
                errors.append((line, "regions", f"U mag '{offer.name}' niet wijzigen: het valt buiten uw regio."))
            elif offer is None and data["regions"] and user.organisation.region not in data["regions"] \
                    and not data["national"]:
                errors.append((line, "regions", "U kunt alleen aanbod in uw eigen regio of landelijk aanbod toevoegen."))
    if errors:
        raise CsvImportError(errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for line, data in rows:
        offer = existing.get(data["name"].casefold())
        if offer is not None:
            data = {**snapshot(offer), **{k: v for k, v in data.items() if k in columns}}
            before = offer.version
            try:
                offer = save_offer(user, offer, data, action="import", check_access=False)
            except ValidationError as exc:
                raise CsvImportError([(line, f, "; ".join(m)) for f, m in exc.message_dict.items()]) from exc
            counts["updated" if offer.version != before else "unchanged"] += 1
        else:
            try:
                save_offer(user, None, data, action="import", check_access=False)
            except ValidationError as exc:
                raise CsvImportError([(line, f, "; ".join(m)) for f, m in exc.message_dict.items()]) from exc
            counts["created"] += 1
    audit.record("import", "offer", "", details=counts)
    return counts


# --- referrals -------------------------------------------------------------------------------------------

REFERRAL_HOOKS: list = []


def _after_referral(referral, previous_status: str):
    for hook in REFERRAL_HOOKS:
        hook(referral, previous_status)


TRANSITIONS = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.WAITING, ReferralStatus.STARTED,
                          ReferralStatus.REFUSED},
    ReferralStatus.ACCEPTED: {ReferralStatus.WAITING, ReferralStatus.STARTED, ReferralStatus.DROPPED_OUT,
                              ReferralStatus.REFUSED},
    ReferralStatus.WAITING: {ReferralStatus.STARTED, ReferralStatus.DROPPED_OUT, ReferralStatus.REFUSED},
    ReferralStatus.STARTED: {ReferralStatus.COMPLETED, ReferralStatus.DROPPED_OUT},
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.DROPPED_OUT: set(),
    ReferralStatus.REFUSED: set(),
}
STATUS_DATE_FIELD = {
    ReferralStatus.ACCEPTED: "accepted_on", ReferralStatus.WAITING: "waiting_since",
    ReferralStatus.STARTED: "started_on", ReferralStatus.COMPLETED: "ended_on",
    ReferralStatus.DROPPED_OUT: "ended_on", ReferralStatus.REFUSED: "ended_on",
}


def _check_pleger_scope(user, case):
    if not can_see_part(user, case, Scope.PLEGER):
        raise PermissionDenied("Uw organisatie heeft geen toegang tot de plegeraanpak van dit dossier.")


def latest_incident_date(case) -> date | None:
    return case.reports.filter(incident_date__isnull=False).order_by("-incident_date").values_list(
        "incident_date", flat=True).first()


def _days(start: date | None, end: date | None) -> int | None:
    return (end - start).days if start and end else None


def _recompute(referral: Referral):
    referral.days_incident_to_start = _days(referral.incident_date, referral.started_on)
    referral.days_arrest_to_start = _days(referral.arrest_date, referral.started_on)


def _validate_dates(incident_date, arrest_date, sent_on):
    errors = {}
    today = timezone.localdate()
    if incident_date and incident_date > today:
        errors["incident_date"] = "De datum van het incident ligt in de toekomst."
    if arrest_date and arrest_date > today:
        errors["arrest_date"] = "De datum van de aanhouding ligt in de toekomst."
    if incident_date and arrest_date and arrest_date < incident_date:
        errors["arrest_date"] = "De aanhouding ligt vóór het incident."
    if sent_on and sent_on > today:
        errors["sent_on"] = "De verzenddatum ligt in de toekomst."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_referral(user, case, offer, *, person=None, incident_date=None, arrest_date=None, sent_on=None,
                    note: str = "") -> Referral:
    _check_pleger_scope(user, case)
    if not user.organisation_id:
        raise PermissionDenied("Alleen medewerkers van een organisatie kunnen verwijzen.")
    errors = {}
    if offer is None:
        errors["offer"] = "Kies een aanbod."
    elif not offer.active:
        errors["offer"] = "Dit aanbod is niet meer actief."
    if person is not None and not case.household.members.filter(person=person).exists():
        errors["person"] = "Deze persoon hoort niet bij het huishouden van dit dossier."
    if not case.is_open:
        errors["case"] = "Het dossier is gesloten."
    if errors:
        raise ValidationError(errors)
    if incident_date is None:
        incident_date = latest_incident_date(case)
    sent_on = sent_on or timezone.localdate()
    _validate_dates(incident_date, arrest_date, sent_on)
    referral = Referral.objects.create(
        case=case, person=person, offer=offer, organisation=user.organisation, incident_date=incident_date,
        arrest_date=arrest_date, sent_on=sent_on, note=(note or "").strip(), created_by=user,
    )
    ReferralStatusChange.objects.create(referral=referral, from_status="", to_status=ReferralStatus.SENT,
                                        on_date=sent_on, by=user)
    add_timeline_entry(case, "verwijzing", f"Verwijzing naar {offer.name} verzonden", user=user,
                       body=referral.note, ref=referral)
    audit.record("create", "referral", referral.pk, case_id=case.pk,
                 person_id=person.pk if person else None, details={"offer": offer.name})
    _after_referral(referral, "")
    return referral


@transaction.atomic
def change_referral_status(user, referral: Referral, status: str, *, expected_version, on_date=None,
                           reason: str = "", bridging_help: str = "") -> Referral:
    referral = Referral.objects.select_for_update().select_related("case", "offer").get(pk=referral.pk)
    _check_pleger_scope(user, referral.case)
    if expected_version is None or int(expected_version) != referral.version:
        raise ValidationError({"version": "De verwijzing is intussen door iemand anders gewijzigd. Laad de pagina "
                                          "opnieuw en probeer het nog eens."}, code="conflict")
    errors = {}
    if status not in ReferralStatus.values:
        raise ValidationError({"status": f"Onbekende status '{status}'."})
    if status not in TRANSITIONS[referral.status]:
        current = ReferralStatus(referral.status).label
        errors["status"] = (f"Van '{current}' kan de verwijzing niet naar '{ReferralStatus(status).label}'."
                            if TRANSITIONS[referral.status] else f"De verwijzing is al afgesloten ({current}).")
    reason, bridging_help = (reason or "").strip(), (bridging_help or "").strip()
    if status in (ReferralStatus.DROPPED_OUT, ReferralStatus.REFUSED) and not reason:
        errors["reason"] = "Geef de reden van uitval of weigering."
    if status == ReferralStatus.WAITING and not bridging_help:
        errors["bridging_help"] = "Beschrijf de overbruggingshulp tijdens het wachten (004 §1.4)."
    on_date = on_date or timezone.localdate()
    if on_date > timezone.localdate():
        errors["on_date"] = "De datum ligt in de toekomst."
    elif on_date < referral.sent_on:
        errors["on_date"] = "De datum ligt vóór de verzenddatum van de verwijzing."
    if errors:
        raise ValidationError(errors)
    previous = referral.status
    referral.status = status
    setattr(referral, STATUS_DATE_FIELD[status], on_date)
    if status in (ReferralStatus.DROPPED_OUT, ReferralStatus.REFUSED):
        referral.reason = reason
    if status == ReferralStatus.WAITING:
        referral.bridging_help = bridging_help
    _recompute(referral)
    referral.version += 1
    referral.save()
    ReferralStatusChange.objects.create(referral=referral, from_status=previous, to_status=status, on_date=on_date,
                                        reason=reason, bridging_help=bridging_help, by=user)
    title = f"Verwijzing {referral.offer.name}: {ReferralStatus(status).label}"
    body = reason or bridging_help
    if status == ReferralStatus.STARTED and referral.days_incident_to_start is not None:
        body = f"{referral.days_incident_to_start} dagen na het incident"
        if referral.days_arrest_to_start is not None:
            body += f", {referral.days_arrest_to_start} dagen na de aanhouding"
    add_timeline_entry(referral.case, "verwijzing", title, user=user, body=body, ref=referral)
    audit.record("update", "referral", referral.pk, case_id=referral.case_id,
                 details={"status": [previous, status], "on": on_date})
    _after_referral(referral, previous)
    return referral


@transaction.atomic
def update_referral_dates(user, referral: Referral, *, expected_version, incident_date, arrest_date) -> Referral:
    referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    _check_pleger_scope(user, referral.case)
    if expected_version is None or int(expected_version) != referral.version:
        raise ValidationError({"version": "De verwijzing is intussen door iemand anders gewijzigd."}, code="conflict")
    _validate_dates(incident_date, arrest_date, None)
    referral.incident_date, referral.arrest_date = incident_date, arrest_date
    _recompute(referral)
    referral.version += 1
    referral.save()
    audit.record("update", "referral", referral.pk, case_id=referral.case_id,
                 details={"incident_date": incident_date, "arrest_date": arrest_date})
    return referral


def is_open(referral: Referral) -> bool:
    return referral.status not in CLOSED_STATUSES
