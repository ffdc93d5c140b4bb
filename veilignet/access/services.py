"""Write paths of the access app: participation (deelname), break-the-glass and its review.

Every function validates first and raises ValidationError({field: Dutch message}); nothing is
saved half. Every write is audited and, where it concerns a case, put on the case timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veilignet.accounts.models import Organisation, OrganisationType, Role

from . import audit, conf
from .models import (
    DEFAULT_SCOPE,
    BreakGlassAccess,
    BreakGlassOutcome,
    LegalBasis,
    Participation,
    ParticipationVia,
    Scope,
)

# Called with (participation, user) inside end_participation's transaction, after the participation
# ended (e.g. the network app waives that organisation's open deadlines); append in AppConfig.ready().
PARTICIPATION_END_HOOKS: list = []


def _case_model():
    from veilignet.cases.models import Case

    return Case


def _timeline(case, kind, title, *, user=None, body="", ref=None):
    from veilignet.cases.services import add_timeline_entry

    return add_timeline_entry(case, kind, title, user=user, body=body, ref=ref)


def parse_basis(value) -> str:
    raw = str(value or "").strip().lower()
    if raw in LegalBasis.values:
        return raw
    allowed = ", ".join(LegalBasis.values)
    if not raw:
        raise ValidationError({"grondslag": f"Kies een grondslag uit de vaste lijst: {allowed}."})
    raise ValidationError({"grondslag": f"Onbekende grondslag '{value}'. Kies uit: {allowed}."})


def parse_scope(values, organisation) -> list[str]:
    if values is None or values == []:
        scope = list(DEFAULT_SCOPE)
        if organisation.type == OrganisationType.VEILIG_THUIS:
            scope.append(Scope.MELDER)
        return [str(s) for s in scope]
    if isinstance(values, str):
        values = [v for v in values.replace(";", ",").split(",")]
    scope = []
    for v in values:
        code = str(v or "").strip().lower()
        if code not in Scope.values:
            raise ValidationError(
                {"reikwijdte": f"Onbekend onderdeel '{v}'. Kies uit: {', '.join(Scope.values)}."}
            )
        if code not in scope:
            scope.append(code)
    if Scope.MELDER in scope and organisation.type != OrganisationType.VEILIG_THUIS:
        raise ValidationError({"reikwijdte": "De identiteit van de melder is alleen voor Veilig Thuis."})
    if Scope.BASIS not in scope:
        scope.insert(0, Scope.BASIS.value)
    return scope


def _active(case, organisation):
    return Participation.objects.filter(case=case, organisation=organisation, ended_at__isnull=True).first()


OPERATIONAL_ROLES = (Role.MEDEWERKER, Role.CASUSREGISSEUR, Role.TEAMLEIDER)


def may_withdraw(user, case, organisation_code: str) -> bool:
    """An organisation's own workers may end their own participation (not the lead's)."""
    return bool(user.is_authenticated and user.organisation_id and user.organisation.code == organisation_code
                and user.has_role(*OPERATIONAL_ROLES))


def may_manage_participants(user, case) -> bool:
    """Only the lead organisation (regievoerder) adds or ends participants by hand."""
    return bool(
        user.is_authenticated and user.organisation_id and user.organisation_id == case.lead_organisation_id
        and _active(case, user.organisation) is not None
        and user.has_role(*OPERATIONAL_ROLES)
    )


@transaction.atomic
def add_participant(user, case, organisation, *, basis, purpose: str, scope=None,
                    via: str = ParticipationVia.MANUAL) -> Participation:
    """Add an organisation as participant (deelnemer) of a case.

    via=toegevoegd: by a user of the lead organisation. via=overdracht / verwijzing: by a user of a
    participating organisation (the handover and referral flows of the network and offers apps).
    """
    errors: dict[str, str] = {}
    if isinstance(organisation, str):
        code = organisation.strip().lower()
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            errors["organisatie"] = f"Onbekende organisatie '{code}'."
    if via not in ParticipationVia.values or via in (ParticipationVia.CREATION, ParticipationVia.REPORT):
        errors["via"] = "Onbekende manier van toevoegen."
    elif via == ParticipationVia.MANUAL and not may_manage_participants(user, case):
        errors["organisatie"] = "Alleen de regievoerende organisatie kan deelnemers toevoegen."
    elif via != ParticipationVia.MANUAL and (not user.organisation_id or _active(case, user.organisation) is None):
        errors["organisatie"] = "Alleen een deelnemende organisatie kan overdragen of verwijzen."
    if not case.is_open:
        errors["dossier"] = "Het dossier is gesloten; er kunnen geen deelnemers worden toegevoegd."
    try:
        basis = parse_basis(basis)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    purpose = (purpose or "").strip()
    if not purpose:
        errors["doel"] = "Geef het doel van de deelname (waarvoor heeft de organisatie de gegevens nodig?)."
    elif len(purpose) > 300:
        errors["doel"] = "Het doel is te lang (maximaal 300 tekens)."
    if organisation is not None and not errors.get("organisatie"):
        try:
            scope = parse_scope(scope, organisation)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if _active(case, organisation) is not None:
            errors["organisatie"] = f"{organisation.name} neemt al deel aan dit dossier."
    if errors:
        raise ValidationError(errors)
    participation = Participation.objects.create(
        case=case, organisation=organisation, is_lead=False, basis=basis, purpose=purpose, scope=scope,
        via=via, added_by=user,
    )
    _timeline(case, "deelname", f"{organisation.name} neemt deel ({participation.get_via_display()})", user=user,
              body=f"Grondslag: {participation.get_basis_display()}. Doel: {purpose}. "
                   f"Reikwijdte: {', '.join(scope)}.", ref=participation)
    audit.record("create", "participation", participation.pk, case_id=case.pk, purpose=purpose,
                 details={"organisation": organisation.code, "basis": basis, "scope": scope, "via": via}, user=user)
    return participation


@transaction.atomic
def end_participation(user, case, organisation, reason: str = "") -> Participation:
    """End an organisation's participation: access ends at once; the participation row (history) stays."""
    if isinstance(organisation, str):
        organisation = Organisation.objects.filter(code=organisation.strip().lower()).first()
    participation = _active(case, organisation) if organisation is not None else None
    if participation is None:
        raise ValidationError({"organisatie": "Deze organisatie neemt niet (meer) deel aan dit dossier."})
    own = user.organisation_id == organisation.pk and user.has_role(*OPERATIONAL_ROLES)
    if not (may_manage_participants(user, case) or own):
        raise ValidationError({"organisatie": "Alleen de regievoerende organisatie kan een deelname beëindigen."})
    if participation.is_lead:
        raise ValidationError({"organisatie": "De regievoerende organisatie kan niet worden verwijderd; "
                                              "draag de regie eerst over."})
    participation.ended_at = timezone.now()
    participation.ended_by = user
    participation.end_reason = (reason or "").strip()[:300]
    participation.save(update_fields=["ended_at", "ended_by", "end_reason"])
    _timeline(case, "deelname", f"Deelname van {organisation.name} beëindigd", user=user,
              body=participation.end_reason, ref=participation)
    audit.record("update", "participation", participation.pk, case_id=case.pk,
                 details={"organisation": organisation.code, "ended": True, "reason": participation.end_reason}, user=user)
    for hook in PARTICIPATION_END_HOOKS:
        hook(participation, user)
    return participation


# --- break-the-glass --------------------------------------------------------------------------------

def may_break_glass(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.organisation_id
        and user.organisation.type in conf.BREAK_GLASS_ORG_TYPES
        and user.has_role(Role.MEDEWERKER, Role.CASUSREGISSEUR, Role.TEAMLEIDER)
    )


@transaction.atomic
def break_glass(user, case, reason: str) -> BreakGlassAccess:
    """Open a case the user cannot see, in an emergency, for a limited time (default 24 h)."""
    from .selectors import visible_cases

    if not may_break_glass(user):
        raise ValidationError({"reden": "Alleen medewerkers van politie of Veilig Thuis kunnen een dossier "
                                        "openen met een doorbraak."})
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reden": "Geef de reden voor de doorbraak (ten minste 10 tekens): "
                                        "welk acuut gevaar, welke situatie?"})
    if visible_cases(user).filter(pk=case.pk).exists():
        raise ValidationError({"reden": "U hebt al toegang tot dit dossier; een doorbraak is niet nodig."})
    now = timezone.now()
    grant = BreakGlassAccess.objects.create(user=user, case=case, reason=reason, created_at=now,
                                            expires_at=now + conf.break_glass_duration())
    _timeline(case, "doorbraak",
              f"Doorbraak door {user.display_name()} ({user.organisation.name}) tot "
              f"{timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}",
              user=user, body=reason, ref=grant)
    audit.record("break_glass", "case", case.pk, case_id=case.pk, purpose=f"doorbraak: {reason}",
                 details={"grant": grant.pk, "expires_at": grant.expires_at.isoformat()}, user=user)
    return grant


def review_queue(user):
    """Grants the privacy officer reviews: on cases led by their organisation, or by their own users."""
    from django.db.models import Q

    if not (user.is_authenticated and user.organisation_id and user.has_role(Role.PRIVACY_OFFICER)):
        return BreakGlassAccess.objects.none()
    return BreakGlassAccess.objects.filter(
        Q(case__lead_organisation_id=user.organisation_id) | Q(user__organisation_id=user.organisation_id)
    ).select_related("user", "user__organisation", "case", "case__lead_organisation", "reviewed_by")


@transaction.atomic
def review_break_glass(user, grant_id, outcome: str, note: str = "") -> BreakGlassAccess:
    grant = review_queue(user).select_for_update(of=("self",)).filter(pk=grant_id).first()
    if grant is None:
        raise ValidationError({"uitkomst": "Deze doorbraak bestaat niet of valt niet onder uw toezicht."})
    if outcome not in (BreakGlassOutcome.JUSTIFIED, BreakGlassOutcome.NOT_JUSTIFIED):
        raise ValidationError({"uitkomst": "Kies 'gerechtvaardigd' of 'niet gerechtvaardigd'."})
    note = (note or "").strip()
    if outcome == BreakGlassOutcome.NOT_JUSTIFIED and not note:
        raise ValidationError({"toelichting": "Licht toe waarom de doorbraak niet gerechtvaardigd was."})
    if grant.review_outcome:
        raise ValidationError({"uitkomst": "Deze doorbraak is al beoordeeld."})
    grant.review_outcome, grant.review_note = outcome, note
    grant.reviewed_by, grant.reviewed_at = user, timezone.now()
    if outcome == BreakGlassOutcome.NOT_JUSTIFIED and grant.expires_at > grant.reviewed_at:
        grant.expires_at = grant.reviewed_at  # an unjustified access ends at once
    grant.save()
    audit.record("review", "break_glass", grant.pk, case_id=grant.case_id,
                 details={"outcome": outcome, "note": note}, user=user)
    return grant


def locate_cases(user, *, bsn: str = "", last_name: str = "", birth_date=None):
    """For break-the-glass: which organisations have a case about this person. Returns a list of
    (case_id, lead organisation name) for cases the user cannot see yet; no case data at all.
    Exact match only (BSN, or last name + birth date) so it cannot be used to browse."""
    from django.db.models import Exists, OuterRef

    from veilignet.cases.identity import fold, normalise_bsn
    from veilignet.cases.models import HouseholdMember, Person

    from .selectors import visible_cases

    if not may_break_glass(user):
        raise ValidationError({"bsn": "Alleen medewerkers van politie of Veilig Thuis kunnen zoeken om door te breken."})
    bsn = normalise_bsn(bsn or "")
    if bsn:
        if not (bsn.isdigit() and len(bsn) == 9):
            raise ValidationError({"bsn": "Een BSN bestaat uit 9 cijfers."})
        people = Person.objects.filter(bsn=bsn)
    elif last_name.strip() and birth_date:
        people = Person.objects.filter(last_name_key=fold(last_name), birth_date=birth_date)
    else:
        raise ValidationError({"bsn": "Zoek op BSN, of op achternaam én geboortedatum."})
    Case = _case_model()
    found = (
        Case.objects.filter(Exists(HouseholdMember.objects.filter(household_id=OuterRef("household_id"),
                                                                  person__in=people)))
        .exclude(pk__in=visible_cases(user).values("pk"))
        .select_related("lead_organisation").order_by("-opened_at")
    )
    results = [(c.pk, c.lead_organisation.name) for c in found[:20]]
    audit.record("search", "break_glass", "", details={"by": "bsn" if bsn else "naam+geboortedatum",
                                                       "hits": len(results)}, user=user)
    return results
