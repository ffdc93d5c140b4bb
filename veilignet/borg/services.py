"""Write paths of BORG: one transaction each, validated first (Dutch ValidationError per field),
audited, and on the case timeline. Sources: 001 §4.2–4.3, 000, SYSTEM.md §5."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import OrganisationType, User
from veilignet.cases.models import HouseholdMember
from veilignet.cases.services import add_timeline_entry

from . import conf
from .delivery import (
    GROUP_SESSION_MINUTES,
    GROUP_SESSIONS,
    INDIVIDUAL_SESSION_MINUTES,
    INDIVIDUAL_SESSIONS,
    TRAINING_SESSION_MINUTES,
    TRAINING_SESSIONS,
    choose_cluster_start,
    plan_series,
    size_warning,
    timeliness,
)
from .eligibility import criterion_outcomes, decide, failed_criteria, reason_label, unknown_criteria
from .models import (
    ACTIVE_STATUSES,
    SEPOT_CUTOFF,
    Attendance,
    AttendanceStatus,
    BorgGroup,
    BorgSession,
    BorgTrajectory,
    CriterionResult,
    Framework,
    FrameworkKind,
    Goal,
    GoalResult,
    PartnerInvolvement,
    SessionKind,
    SessionStatus,
    Status,
    Variant,
    framework_kind,
)

SEPOT_REFUSAL = (
    "Een voorwaardelijk beleidssepot kan sinds 1 maart 2021 niet meer als kader voor BORG dienen: "
    "aan een voorwaardelijk sepot kunnen geen bijzondere voorwaarden zoals een gedragsinterventie meer "
    "worden verbonden (Aanwijzing sepot en gebruik sepotgronden, 2020A013; beleidsreactie WODC-rapport, "
    "bron 000). Kies een gedragsaanwijzing bij een strafbeschikking, een bijzondere voorwaarde bij een "
    "voorwaardelijke straf, schorsing van de voorlopige hechtenis, of het vrijwillig kader."
)


# --- helpers ---------------------------------------------------------------------------------------

def require_reclassering(user):
    if not (user and user.is_authenticated and user.organisation_id
            and user.organisation.type == OrganisationType.RECLASSERING):
        raise PermissionDenied("Alleen medewerkers van de reclassering voeren BORG-trajecten uit.")


def _own(user, obj):
    require_reclassering(user)
    if obj.organisation_id != user.organisation_id:
        raise PermissionDenied("Dit BORG-traject of deze groep hoort bij een andere organisatie.")


def _aware(day: date, at: time = time(9, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _today() -> date:
    return timezone.localdate()


def _bump(obj, *fields):
    obj.version += 1
    obj.save(update_fields=[*fields, "version"] + (["updated_at"] if hasattr(obj, "updated_at") else []))


def _check_version(obj, expected_version):
    if expected_version is not None and str(expected_version) != "" and int(expected_version) != obj.version:
        raise ValidationError({"version": "Dit traject is intussen door iemand anders gewijzigd. "
                                          "Laad de pagina opnieuw en probeer het nog eens."}, code="conflict")


def _locked(trajectory) -> BorgTrajectory:
    return BorgTrajectory.objects.select_for_update().get(pk=trajectory.pk)


def _timeline(trajectory, title, user, body=""):
    add_timeline_entry(trajectory.case, "borg", title, user=user, body=body, ref=trajectory)


def _future_check(errors, field, value, label):
    if value and value > _today():
        errors[field] = f"De {label} ligt in de toekomst."


# --- trajectory -----------------------------------------------------------------------------------

@transaction.atomic
def create_trajectory(user, case, person, *, supervisor=None, incident_date=None, arrest_date=None,
                      referred_by: str = "") -> BorgTrajectory:
    """Open a BORG trajectory for a perpetrator (a member of the case's household)."""
    require_reclassering(user)
    if not can_see_part(user, case, Scope.PLEGER):
        raise PermissionDenied("U mag de plegeraanpak van dit dossier niet inzien.")
    errors = {}
    if person is None or not HouseholdMember.objects.filter(household_id=case.household_id, person=person).exists():
        errors["person"] = "Kies een persoon uit het huishouden van dit dossier."
    elif BorgTrajectory.objects.filter(case=case, person=person, status__in=ACTIVE_STATUSES).exists():
        errors["person"] = "Deze persoon heeft in dit dossier al een lopend BORG-traject."
    if supervisor is not None and supervisor.organisation_id != user.organisation_id:
        errors["supervisor"] = "De toezichthouder moet bij uw reclasseringsorganisatie werken."
    _future_check(errors, "incident_date", incident_date, "datum van het incident")
    _future_check(errors, "arrest_date", arrest_date, "datum van de aanhouding")
    if incident_date and arrest_date and arrest_date < incident_date:
        errors["arrest_date"] = "De aanhouding ligt vóór het incident."
    if errors:
        raise ValidationError(errors)
    if incident_date is None:
        incident_date = (case.reports.exclude(incident_date__isnull=True).order_by("incident_date")
                         .values_list("incident_date", flat=True).first())
    trajectory = BorgTrajectory.objects.create(
        case=case, person=person, organisation=user.organisation, region=case.region, supervisor=supervisor,
        incident_date=incident_date, arrest_date=arrest_date, referred_by=referred_by.strip()[:120],
        created_by=user,
    )
    refresh_stats(trajectory)
    _timeline(trajectory, f"BORG-traject geopend voor {person.full_name}", user)
    audit.record("create", "borg_trajectory", trajectory.pk, case_id=case.pk, person_id=person.pk)
    return trajectory


@transaction.atomic
def assess_eligibility(user, trajectory, inputs: dict, expected_version=None) -> BorgTrajectory:
    """Apply the selection criteria (eligibility.decide) and store inputs, reasons and advice."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    if trajectory.status not in (Status.SCREENING, Status.INTAKE):
        raise ValidationError({"status": "De geschiktheid wordt beoordeeld vóór de start van de training."})
    decision = decide(dict(inputs))
    if decision.problems:
        raise ValidationError({"inputs": [p[0].upper() + p[1:] for p in decision.problems]})
    stored = {k: v for k, v in inputs.items() if k != "id"}
    trajectory.eligibility_inputs = stored
    trajectory.eligible = decision.eligible
    trajectory.eligibility_reasons = decision.reasons
    trajectory.eligibility_advice = decision.advice
    trajectory.criteria_failed = failed_criteria(decision.reasons)
    trajectory.criteria_unknown = unknown_criteria(decision.reasons)
    trajectory.eligibility_assessed_at = timezone.now()
    trajectory.eligibility_assessed_by = user
    trajectory.intimate_terror_suspected = "intimate_terror" in decision.reasons
    # A new assessment ends an earlier override: it must be reconsidered against the new facts.
    trajectory.overridden, trajectory.override_reason, trajectory.override_by, trajectory.override_at = (
        False, "", None, None)
    _bump(trajectory, "eligibility_inputs", "eligible", "eligibility_reasons", "eligibility_advice",
          "criteria_failed", "criteria_unknown", "eligibility_assessed_at", "eligibility_assessed_by",
          "intimate_terror_suspected", "overridden", "override_reason", "override_by", "override_at")
    CriterionResult.objects.filter(trajectory=trajectory).delete()
    CriterionResult.objects.bulk_create([
        CriterionResult(trajectory=trajectory, criterion=criterion, outcome=outcome, reason=reason)
        for criterion, (outcome, reason) in criterion_outcomes(decision.reasons).items()])
    if trajectory.intimate_terror_suspected and trajectory.partner_involvement == PartnerInvolvement.INVOLVED:
        trajectory.partner_involvement = PartnerInvolvement.NOT_SAFE
        trajectory.save(update_fields=["partner_involvement"])
    verdict = "geschikt" if decision.eligible else "(nog) niet geschikt"
    body = "\n".join(reason_label(r) for r in decision.reasons)
    _timeline(trajectory, f"BORG-geschiktheid beoordeeld: {verdict}", user, body=body)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 person_id=trajectory.person_id,
                 details={"eligible": decision.eligible, "reasons": decision.reasons, "advice": decision.advice})
    return trajectory


@transaction.atomic
def override_eligibility(user, trajectory, reason: str, expected_version=None) -> BorgTrajectory:
    """Let a trajectory proceed against the criteria: needs a reason; counted in the monitor."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    reason = (reason or "").strip()
    if trajectory.eligible is None:
        raise ValidationError({"override_reason": "Beoordeel eerst de geschiktheid voordat u de criteria overrulet."})
    if trajectory.eligible:
        raise ValidationError({"override_reason": "De deelnemer voldoet al aan de criteria; overrulen is niet nodig."})
    if len(reason) < 10:
        raise ValidationError({"override_reason": "Geef een inhoudelijke reden (ten minste 10 tekens) om af te "
                                                  "wijken van de selectiecriteria."})
    trajectory.overridden, trajectory.override_reason = True, reason
    trajectory.override_by, trajectory.override_at = user, timezone.now()
    _bump(trajectory, "overridden", "override_reason", "override_by", "override_at")
    _timeline(trajectory, "BORG-selectiecriteria overruled", user, body=reason)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"override": True, "reasons": trajectory.eligibility_reasons})
    return trajectory


@transaction.atomic
def set_framework(user, trajectory, framework: str, framework_date=None, referred_by=None,
                  expected_version=None) -> BorgTrajectory:
    """Choose the framework. A conditional policy dismissal from 1 March 2021 is refused (000)."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    framework = (framework or "").strip()
    if framework == Framework.VOORWAARDELIJK_SEPOT and (framework_date is None or framework_date >= SEPOT_CUTOFF):
        raise ValidationError({"framework": SEPOT_REFUSAL})
    if framework not in Framework.values:
        raise ValidationError({"framework": "Kies een kader: gedragsaanwijzing, bijzondere voorwaarde, schorsing "
                                            "voorlopige hechtenis, vrijwillig (lopende zaak) of vrijwillig "
                                            "(Veilig Thuis of wijkteam)."})
    if framework_date and framework_date > _today():
        raise ValidationError({"framework_date": "De datum van de beslissing ligt in de toekomst."})
    kind = framework_kind(framework)
    if trajectory.group_id and trajectory.group.framework_kind != kind:
        raise ValidationError({"framework": "Dit kader past niet bij de groep van de deelnemer: vrijwillige en "
                                            "verplichte deelnemers zitten nooit in dezelfde groep (001 §2.7)."})
    trajectory.framework, trajectory.framework_kind, trajectory.framework_date = framework, kind, framework_date
    fields = ["framework", "framework_kind", "framework_date"]
    if referred_by is not None:
        trajectory.referred_by = referred_by.strip()[:120]
        fields.append("referred_by")
    _bump(trajectory, *fields)
    _timeline(trajectory, f"BORG-kader: {trajectory.get_framework_display()}", user)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"framework": framework})
    return trajectory


@transaction.atomic
def update_dates(user, trajectory, *, incident_date=None, arrest_date=None, supervisor=None,
                 expected_version=None) -> BorgTrajectory:
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    errors = {}
    _future_check(errors, "incident_date", incident_date, "datum van het incident")
    _future_check(errors, "arrest_date", arrest_date, "datum van de aanhouding")
    if supervisor is not None and supervisor.organisation_id != user.organisation_id:
        errors["supervisor"] = "De toezichthouder moet bij uw reclasseringsorganisatie werken."
    t = timeliness(incident_date or trajectory.incident_date, arrest_date or trajectory.arrest_date,
                   trajectory.intake_date, trajectory.start_date)
    if t.problems:
        errors.setdefault("arrest_date", " ".join(t.problems))
    if errors:
        raise ValidationError(errors)
    if incident_date:
        trajectory.incident_date = incident_date
    if arrest_date:
        trajectory.arrest_date = arrest_date
    if supervisor is not None:
        trajectory.supervisor = supervisor
    _bump(trajectory, "incident_date", "arrest_date", "supervisor")
    refresh_stats(trajectory)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id, details={"dates": True})
    return trajectory


@transaction.atomic
def record_intake(user, trajectory, intake_date: date, variant: str = Variant.GROUP,
                  expected_version=None) -> BorgTrajectory:
    """The intake: eligibility (or an override) and a framework are needed. Schedules the network
    deadline `borg_start` (start within 28 days of the intake, network terms table)."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    errors = {}
    if trajectory.status != Status.SCREENING:
        errors["status"] = "De intake is al vastgelegd."
    if not trajectory.may_start:
        errors["eligibility"] = ("De deelnemer voldoet (nog) niet aan de selectiecriteria. Beoordeel de geschiktheid "
                                 "of overrule met een reden.")
    if not trajectory.framework:
        errors["framework"] = "Leg eerst het kader vast."
    if variant not in Variant.values:
        errors["variant"] = "Kies de groepsvariant of de individuele variant."
    if intake_date is None:
        errors["intake_date"] = "Geef de datum van de intake."
    else:
        _future_check(errors, "intake_date", intake_date, "datum van de intake")
        t = timeliness(trajectory.incident_date, trajectory.arrest_date, intake_date, None)
        if t.problems:
            errors.setdefault("intake_date", " ".join(t.problems))
    if errors:
        raise ValidationError(errors)
    trajectory.intake_date, trajectory.variant, trajectory.status = intake_date, variant, Status.INTAKE
    _bump(trajectory, "intake_date", "variant", "status")
    refresh_stats(trajectory)
    _schedule_start_deadline(trajectory)
    _timeline(trajectory, f"BORG-intake ({trajectory.get_variant_display()})", user)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"intake_date": intake_date.isoformat(), "variant": variant})
    return trajectory


def _schedule_start_deadline(trajectory):
    try:
        from veilignet.network.services import schedule_deadline  # noqa: PLC0415
    except ImportError:  # the network app is optional for BORG
        return None
    return schedule_deadline(trajectory.case, "borg_start", trajectory.organisation,
                             start=_aware(trajectory.intake_date, time(0, 0)), source_ref=f"borg:{trajectory.pk}",
                             title=f"BORG-start {trajectory.person.full_name}")


def _complete_start_deadline(trajectory, user):
    try:
        from veilignet.network.services import complete_deadlines  # noqa: PLC0415
    except ImportError:
        return 0
    return complete_deadlines(trajectory.case, "borg_start", source_ref=f"borg:{trajectory.pk}",
                              at=_aware(trajectory.start_date, time(12, 0)), user=user)


@transaction.atomic
def plan_individual_sessions(user, trajectory, first_at: datetime, interval_days: int = 7) -> list[BorgSession]:
    """The 3 individual sessions (both variants) and, for the individual variant, the 10 training
    sessions of 1.5 h in 4 clusters (001 §4.2). Idempotent: only what is not planned yet."""
    _own(user, trajectory)
    if trajectory.status not in (Status.INTAKE, Status.STARTED):
        raise ValidationError({"first_at": "Plan sessies na de intake."})
    if first_at is None:
        raise ValidationError({"first_at": "Geef datum en tijd van de eerste sessie."})
    if not 1 <= int(interval_days) <= 28:
        raise ValidationError({"interval_days": "Kies een interval van 1 tot 28 dagen."})
    existing = {(s.kind, s.number) for s in trajectory.own_sessions.all()}
    created = []
    plans = [(SessionKind.INDIVIDUAL, plan_series(first_at, INDIVIDUAL_SESSIONS, interval_days=interval_days,
                                                   minutes=INDIVIDUAL_SESSION_MINUTES, cycle=None))]
    if trajectory.variant == Variant.INDIVIDUAL:
        after = first_at + timedelta(days=INDIVIDUAL_SESSIONS * interval_days)
        plans.append((SessionKind.TRAINING, plan_series(after, TRAINING_SESSIONS, interval_days=interval_days,
                                                         minutes=TRAINING_SESSION_MINUTES, cycle=TRAINING_SESSIONS)))
    for kind, series in plans:
        for p in series:
            if (kind, p.number) in existing:
                continue
            created.append(BorgSession.objects.create(
                trajectory=trajectory, number=p.number, cluster=p.cluster, kind=kind, planned_at=p.at,
                duration_minutes=p.minutes, trainer=user))
    refresh_stats(trajectory)
    audit.record("create", "borg_session", trajectory.pk, case_id=trajectory.case_id,
                 details={"count": len(created)})
    return created


@transaction.atomic
def start_trajectory(user, trajectory, start_date: date, expected_version=None) -> BorgTrajectory:
    """The first training session: closes the network deadline `borg_start`."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    errors = {}
    if trajectory.status != Status.INTAKE:
        errors["status"] = "Alleen een traject na de intake kan starten."
    if trajectory.variant == Variant.GROUP and not trajectory.group_id:
        errors["group"] = "Plaats de deelnemer eerst in een groep (groepsvariant)."
    if start_date is None:
        errors["start_date"] = "Geef de startdatum."
    else:
        _future_check(errors, "start_date", start_date, "startdatum")
        if trajectory.intake_date and start_date < trajectory.intake_date:
            errors["start_date"] = "De start ligt vóór de intake."
    if errors:
        raise ValidationError(errors)
    trajectory.start_date, trajectory.status = start_date, Status.STARTED
    _bump(trajectory, "start_date", "status")
    refresh_stats(trajectory)
    _complete_start_deadline(trajectory, user)
    t = timeliness(trajectory.incident_date, trajectory.arrest_date, trajectory.intake_date, start_date)
    body = []
    if t.start_on_time is False:
        body.append("Later dan twee maanden na de aanhouding (doel: binnen één à twee maanden, 000).")
    if t.intake_start_on_time is False:
        body.append("Later dan vier weken na de intake.")
    _timeline(trajectory, "BORG-training gestart", user, body="\n".join(body))
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"start_date": start_date.isoformat()})
    return trajectory


@transaction.atomic
def complete_trajectory(user, trajectory, end_date: date, follow_up: str = "", follow_up_referral_id: str = "",
                        expected_version=None) -> BorgTrajectory:
    """Completion: every SMART goal must have been measured (001 §4.3: goals measured at the end)."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    errors = {}
    if trajectory.status != Status.STARTED:
        errors["status"] = "Alleen een gestart traject kan worden afgerond."
    goals = list(trajectory.goals.all())
    if not goals:
        errors["goals"] = "Leg ten minste één SMART-doel vast en meet het, voordat het traject wordt afgerond."
    elif any(g.result == GoalResult.OPEN for g in goals):
        errors["goals"] = "Meet eerst alle SMART-doelen (behaald, deels of niet behaald)."
    if end_date is None:
        errors["end_date"] = "Geef de einddatum."
    else:
        _future_check(errors, "end_date", end_date, "einddatum")
        if trajectory.start_date and end_date < trajectory.start_date:
            errors["end_date"] = "De einddatum ligt vóór de start."
    if errors:
        raise ValidationError(errors)
    trajectory.status, trajectory.end_date = Status.COMPLETED, end_date
    trajectory.follow_up = (follow_up or "").strip() or trajectory.follow_up
    trajectory.follow_up_referral_id = (follow_up_referral_id or "").strip() or trajectory.follow_up_referral_id
    _bump(trajectory, "status", "end_date", "follow_up", "follow_up_referral_id")
    refresh_stats(trajectory)
    _timeline(trajectory, "BORG-training afgerond", user, body=trajectory.follow_up)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"status": "afgerond"})
    return trajectory


@transaction.atomic
def drop_out(user, trajectory, end_date: date, reason: str, follow_up: str = "",
             expected_version=None) -> BorgTrajectory:
    """Dropout (after the start) or not started (before): always with a reason."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    _check_version(trajectory, expected_version)
    errors = {}
    if trajectory.status not in ACTIVE_STATUSES:
        errors["status"] = "Dit traject is al beëindigd."
    if not (reason or "").strip():
        errors["dropout_reason"] = "Geef de reden van de uitval."
    if end_date is None:
        errors["end_date"] = "Geef de einddatum."
    else:
        _future_check(errors, "end_date", end_date, "einddatum")
    if errors:
        raise ValidationError(errors)
    started = trajectory.status == Status.STARTED
    trajectory.status = Status.DROPPED_OUT if started else Status.CANCELLED
    trajectory.end_date, trajectory.dropout_reason = end_date, reason.strip()
    trajectory.follow_up = (follow_up or "").strip() or trajectory.follow_up
    _bump(trajectory, "status", "end_date", "dropout_reason", "follow_up")
    refresh_stats(trajectory)
    _timeline(trajectory, "BORG-training voortijdig beëindigd" if started else "BORG-traject niet gestart", user,
              body=trajectory.dropout_reason)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"status": trajectory.status})
    return trajectory


@transaction.atomic
def set_follow_up(user, trajectory, follow_up: str, follow_up_referral_id: str = "") -> BorgTrajectory:
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    trajectory.follow_up = (follow_up or "").strip()
    trajectory.follow_up_referral_id = (follow_up_referral_id or "").strip()
    _bump(trajectory, "follow_up", "follow_up_referral_id")
    _timeline(trajectory, "BORG: vervolg vastgelegd", user, body=trajectory.follow_up)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id, details={"follow_up": True})
    return trajectory


# --- partner --------------------------------------------------------------------------------------

@transaction.atomic
def record_partner_involvement(user, trajectory, *, safety_check_on: date | None, safe: bool, notes: str = "",
                               contact_name: str = "", contact_organisation: str = "", partner=None,
                               declined: bool = False) -> BorgTrajectory:
    """Involve the partner only after a safety check, never when intimate terror is suspected; the
    partner has an own, independent contact person (000; 001 §4.3 recommendation d)."""
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    errors = {}
    if safety_check_on is None:
        errors["safety_check_on"] = "Doe eerst een veiligheidscheck en leg de datum vast."
    else:
        _future_check(errors, "safety_check_on", safety_check_on, "datum van de veiligheidscheck")
    if not (notes or "").strip():
        errors["notes"] = "Beschrijf de uitkomst van de veiligheidscheck."
    involve = safe and not declined
    if involve and trajectory.intimate_terror_suspected:
        errors["safe"] = ("Bij een vermoeden van intieme terreur wordt de partner nooit bij de training betrokken "
                          "(001 §4.4).")
    if partner is not None and not HouseholdMember.objects.filter(household_id=trajectory.case.household_id,
                                                                  person=partner).exists():
        errors["partner"] = "Kies de partner uit het huishouden van dit dossier."
    if partner is not None and partner.pk == trajectory.person_id:
        errors["partner"] = "De partner is niet de deelnemer zelf."
    if involve:
        name = (contact_name or "").strip()
        if not name or not (contact_organisation or "").strip():
            errors["contact_name"] = "De partner heeft een eigen, onafhankelijke contactpersoon: geef naam en organisatie."
        else:
            own = {u.display_name().lower() for u in _trainers_and_supervisor(trajectory)}
            own |= {u.username.lower() for u in _trainers_and_supervisor(trajectory)}
            if name.lower() in own:
                errors["contact_name"] = ("De contactpersoon van de partner moet onafhankelijk zijn: niet de trainer "
                                          "of toezichthouder van de deelnemer.")
    if errors:
        raise ValidationError(errors)
    if declined:
        trajectory.partner_involvement = PartnerInvolvement.DECLINED
    else:
        trajectory.partner_involvement = PartnerInvolvement.INVOLVED if safe else PartnerInvolvement.NOT_SAFE
    trajectory.partner = partner or trajectory.partner
    trajectory.partner_safety_check_on, trajectory.partner_safety_check_by = safety_check_on, user
    trajectory.partner_safety_check_notes = notes.strip()
    if involve:
        trajectory.partner_contact_name = contact_name.strip()
        trajectory.partner_contact_organisation = contact_organisation.strip()
    _bump(trajectory, "partner_involvement", "partner", "partner_safety_check_on", "partner_safety_check_by",
          "partner_safety_check_notes", "partner_contact_name", "partner_contact_organisation")
    _timeline(trajectory, f"BORG: partner — {trajectory.get_partner_involvement_display()}", user)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 person_id=partner.pk if partner else None, details={"partner_involvement": trajectory.partner_involvement})
    return trajectory


def _trainers_and_supervisor(trajectory) -> list:
    users = list(trajectory.group.trainers.all()) if trajectory.group_id else []
    if trajectory.supervisor_id:
        users.append(trajectory.supervisor)
    return users


# --- goals ----------------------------------------------------------------------------------------

@transaction.atomic
def add_goal(user, trajectory, description: str, measure: str, target_date: date | None) -> Goal:
    """A SMART goal: specific (a description), measurable (how), time-bound (a date)."""
    _own(user, trajectory)
    errors = {}
    if len((description or "").strip()) < 10:
        errors["description"] = "Beschrijf het doel specifiek (ten minste 10 tekens)."
    if not (measure or "").strip():
        errors["measure"] = "Geef aan hoe het doel gemeten wordt (meetbaar)."
    if target_date is None:
        errors["target_date"] = "Geef een datum waarop het doel bereikt is (tijdgebonden)."
    elif trajectory.intake_date and target_date < trajectory.intake_date:
        errors["target_date"] = "De streefdatum ligt vóór de intake."
    if trajectory.status not in ACTIVE_STATUSES:
        errors["description"] = "Dit traject is beëindigd."
    if errors:
        raise ValidationError(errors)
    goal = Goal.objects.create(trajectory=trajectory, description=description.strip(), measure=measure.strip()[:300],
                               target_date=target_date)
    refresh_stats(trajectory)
    audit.record("create", "borg_goal", goal.pk, case_id=trajectory.case_id)
    return goal


@transaction.atomic
def measure_goal(user, goal, result: str, note: str = "", measured_on: date | None = None) -> Goal:
    trajectory = goal.trajectory
    _own(user, trajectory)
    if result not in (GoalResult.MET, GoalResult.PARTLY, GoalResult.NOT_MET):
        raise ValidationError({"result": "Kies: behaald, deels behaald of niet behaald."})
    goal.result, goal.result_note = result, (note or "").strip()
    goal.measured_on = measured_on or _today()
    goal.save(update_fields=["result", "result_note", "measured_on"])
    refresh_stats(trajectory)
    audit.record("update", "borg_goal", goal.pk, case_id=trajectory.case_id, details={"result": result})
    return goal


# --- groups ---------------------------------------------------------------------------------------

def _validate_trainers(user, trainers) -> list:
    trainers = list(trainers or [])
    if not trainers:
        raise ValidationError({"trainers": "Wijs ten minste één trainer toe."})
    wrong = [t for t in trainers if t.organisation_id != user.organisation_id]
    if wrong:
        raise ValidationError({"trainers": "Trainers moeten medewerkers van uw reclasseringsorganisatie zijn."})
    return trainers


@transaction.atomic
def create_group(user, *, name: str, framework_kind: str, trainers, location: str = "") -> BorgGroup:
    require_reclassering(user)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Geef de groep een naam."
    if framework_kind not in FrameworkKind.values:
        errors["framework_kind"] = ("Kies vrijwillig of verplicht kader: vrijwillige en verplichte deelnemers "
                                    "worden nooit gemengd (001 §2.7).")
    try:
        trainers = _validate_trainers(user, trainers)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    group = BorgGroup.objects.create(organisation=user.organisation, name=name.strip()[:120],
                                     region=user.organisation.region, framework_kind=framework_kind,
                                     location=(location or "").strip()[:200], created_by=user)
    group.trainers.set(trainers)
    audit.record("create", "borg_group", group.pk, details={"framework_kind": framework_kind})
    return group


@transaction.atomic
def set_trainers(user, group, trainers) -> BorgGroup:
    _own(user, group)
    trainers = _validate_trainers(user, trainers)
    group.trainers.set(trainers)
    for trajectory in group.participants.all():
        refresh_stats(trajectory)
    audit.record("update", "borg_group", group.pk, details={"trainers": [t.username for t in trainers]})
    return group


def group_members(group):
    return (group.participants.filter(status__in=ACTIVE_STATUSES)
            .select_related("person", "case", "supervisor").order_by("person__last_name", "person__first_name"))


def cluster_runs(group) -> list[tuple[int, date]]:
    """(cluster, first date) of every run of consecutive sessions of one cluster, in time order."""
    runs, previous = [], None
    for s in group.sessions.order_by("planned_at", "number"):
        if s.cluster is not None and s.cluster != previous:
            runs.append((s.cluster, timezone.localtime(s.planned_at).date()))
        previous = s.cluster
    return runs


def cluster_starts(group, not_before: date | None = None) -> dict[int, date]:
    """First start date per cluster, from `not_before` on (rolling intake)."""
    starts: dict[int, date] = {}
    for cluster, day in cluster_runs(group):
        if not_before is None or day >= not_before:
            starts.setdefault(cluster, day)
    return starts


@transaction.atomic
def add_participant(user, group, trajectory, cluster: int | None = None) -> list[str]:
    """Place a trajectory in a group. Refuses mixing voluntary and mandatory (001 §2.7); warns (does
    not refuse) outside 8–12 and when the joining cluster starts more than four weeks after the
    intake. Returns the Dutch warnings."""
    _own(user, group)
    _own(user, trajectory)
    trajectory = _locked(trajectory)
    errors = {}
    if not group.is_open:
        errors["group"] = "Deze groep is gesloten."
    if trajectory.status not in (Status.INTAKE, Status.STARTED):
        errors["trajectory"] = "Alleen een deelnemer na de intake kan in een groep instromen."
    elif trajectory.variant != Variant.GROUP:
        errors["trajectory"] = "Deze deelnemer volgt de individuele variant."
    if trajectory.group_id and trajectory.group_id != group.pk:
        errors["trajectory"] = f"Deze deelnemer zit al in groep {trajectory.group.name}."
    elif trajectory.group_id == group.pk:
        errors["trajectory"] = "Deze deelnemer zit al in deze groep."
    if not trajectory.framework:
        errors["trajectory"] = "Leg eerst het kader van de deelnemer vast."
    elif framework_kind(trajectory.framework) != group.framework_kind:
        label = FrameworkKind(group.framework_kind).label
        errors["trajectory"] = (f"Deze groep is voor deelnemers in het {label}; deze deelnemer volgt BORG in het "
                                f"{FrameworkKind(framework_kind(trajectory.framework)).label}. Vrijwillige en "
                                "verplichte deelnemers worden nooit in één groep geplaatst (001 §2.7).")
    if cluster is not None and not 1 <= int(cluster) <= 4:
        errors["cluster"] = "Kies cluster 1 tot en met 4."
    if errors:
        raise ValidationError(errors)
    warnings = []
    joined_cluster = joined_on = None
    choice = choose_cluster_start(cluster_starts(group, _today()), _today(), int(cluster) if cluster else None)
    if choice:
        joined_cluster, joined_on = choice
        if trajectory.intake_date and (joined_on - trajectory.intake_date).days > conf.INTAKE_TO_START_TARGET_DAYS:
            warnings.append(f"Cluster {joined_cluster} begint op {joined_on:%d-%m-%Y}: meer dan vier weken na de "
                            "intake. Deelnemers horen binnen vier weken in te stromen (001 §4.2).")
    elif cluster and any(c == int(cluster) for c, _ in cluster_runs(group)):
        # Joining a cluster that has begun already: from its latest start.
        joined_cluster = int(cluster)
        joined_on = max(d for c, d in cluster_runs(group) if c == joined_cluster)
        warnings.append(f"Cluster {joined_cluster} is op {joined_on:%d-%m-%Y} al begonnen.")
    else:
        joined_cluster = int(cluster) if cluster else None
        warnings.append("Er is (nog) geen komend cluster gepland in deze groep; plan de bijeenkomsten.")
    trajectory.group, trajectory.joined_cluster, trajectory.joined_on = group, joined_cluster, joined_on
    _bump(trajectory, "group", "joined_cluster", "joined_on")
    refresh_stats(trajectory)
    warning = size_warning(group_members(group).count(), conf.GROUP_SIZE_MIN, conf.GROUP_SIZE_MAX)
    if warning:
        warnings.append(warning)
    if trajectory.dual_role:
        warnings.append("Let op: de toezichthouder van deze deelnemer is ook trainer van deze groep (dubbelrol).")
    _timeline(trajectory, f"BORG: ingestroomd in groep {group.name}", user)
    audit.record("update", "borg_trajectory", trajectory.pk, case_id=trajectory.case_id,
                 details={"group": str(group.pk), "cluster": joined_cluster})
    return warnings


@transaction.atomic
def plan_group_sessions(user, group, first_at: datetime, *, interval_days: int = 7,
                        count: int = GROUP_SESSIONS, topic: str = "") -> list[BorgSession]:
    """Plan group sessions of 2.5 h, numbered on from what exists, in clusters of a 12-session cycle."""
    _own(user, group)
    errors = {}
    if first_at is None:
        errors["first_at"] = "Geef datum en tijd van de eerste bijeenkomst."
    try:
        interval_days, count = int(interval_days), int(count)
    except (TypeError, ValueError):
        errors["interval_days"] = "Geef hele getallen voor interval en aantal."
    else:
        if not 1 <= interval_days <= 28:
            errors["interval_days"] = "Kies een interval van 1 tot 28 dagen."
        if not 1 <= count <= 24:
            errors["count"] = "Plan 1 tot 24 bijeenkomsten tegelijk (een cyclus is 12)."
    if not group.is_open:
        errors["first_at"] = "Deze groep is gesloten."
    if errors:
        raise ValidationError(errors)
    last = group.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    trainer = group.trainers.first()
    created = [
        BorgSession.objects.create(group=group, number=p.number, cluster=p.cluster, kind=SessionKind.GROUP,
                                   planned_at=p.at, duration_minutes=p.minutes, topic=topic[:200], trainer=trainer)
        for p in plan_series(first_at, count, interval_days=interval_days, minutes=GROUP_SESSION_MINUTES,
                             cycle=GROUP_SESSIONS, first_number=last + 1)
    ]
    for trajectory in group.participants.all():
        refresh_stats(trajectory)
    audit.record("create", "borg_session", group.pk, details={"count": len(created)})
    return created


def _parse_status(value) -> str:
    if value not in AttendanceStatus.values:
        raise ValidationError({"status": f"Onbekende aanwezigheid '{value}'. Kies: aanwezig, afgemeld of afwezig."})
    return value


@transaction.atomic
def record_attendance(user, group, session_id, entries: dict, homework: str | None = None) -> BorgSession:
    """Attendance for one group session: `entries` maps trajectory id → status or (status, homework_done).
    A session that does not exist in this group, or a participant not in the group, is refused."""
    _own(user, group)
    session = None
    try:
        session = group.sessions.filter(pk=int(session_id)).first()
    except (TypeError, ValueError):
        pass
    if session is None:
        raise ValidationError({"session": "Deze bijeenkomst bestaat niet in deze groep. Plan eerst de "
                                          "bijeenkomst; aanwezigheid wordt per geplande bijeenkomst vastgelegd."})
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"session": "Deze bijeenkomst is vervallen."})
    if timezone.localtime(session.planned_at).date() > _today():
        raise ValidationError({"session": "Deze bijeenkomst ligt in de toekomst; leg de aanwezigheid achteraf vast."})
    members = {str(t.pk): t for t in group.participants.filter(status__in=(Status.INTAKE, Status.STARTED))}
    parsed = {}
    for key, value in (entries or {}).items():
        if str(key) not in members:
            raise ValidationError({"attendance": "Eén van de deelnemers zit niet in deze groep."})
        status, homework_done = (value if isinstance(value, (tuple, list)) else (value, None))
        parsed[str(key)] = (_parse_status(status), homework_done)
    if not parsed:
        raise ValidationError({"attendance": "Geef de aanwezigheid van ten minste één deelnemer."})
    return _store_attendance(user, session, [(members[k], s, h) for k, (s, h) in parsed.items()], homework)


@transaction.atomic
def record_individual_attendance(user, trajectory, session_id, status: str, homework_done=None) -> BorgSession:
    _own(user, trajectory)
    session = None
    try:
        session = trajectory.own_sessions.filter(pk=int(session_id)).first()
    except (TypeError, ValueError):
        pass
    if session is None:
        raise ValidationError({"session": "Deze sessie bestaat niet in dit traject."})
    if timezone.localtime(session.planned_at).date() > _today():
        raise ValidationError({"session": "Deze sessie ligt in de toekomst; leg de aanwezigheid achteraf vast."})
    return _store_attendance(user, session, [(trajectory, _parse_status(status), homework_done)], None)


def _store_attendance(user, session, rows, homework):
    for trajectory, status, homework_done in rows:
        Attendance.objects.update_or_create(
            session=session, trajectory=trajectory,
            defaults={"status": status, "homework_done": homework_done, "recorded_by": user,
                      "recorded_at": timezone.now()})
    session.status = SessionStatus.HELD
    fields = ["status"]
    if homework is not None:
        session.homework = homework.strip()
        fields.append("homework")
    session.save(update_fields=fields)
    for trajectory, _, _ in rows:
        refresh_stats(trajectory)
        audit.record("update", "borg_attendance", session.pk, case_id=trajectory.case_id,
                     person_id=trajectory.person_id)
    return session


@transaction.atomic
def cancel_session(user, session) -> BorgSession:
    owner = session.group or session.trajectory
    _own(user, owner)
    if session.attendance.exists():
        raise ValidationError({"session": "Voor deze bijeenkomst is al aanwezigheid vastgelegd."})
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    targets = session.group.participants.all() if session.group_id else [session.trajectory]
    for trajectory in targets:
        refresh_stats(trajectory)
    return session


@transaction.atomic
def close_group(user, group) -> BorgGroup:
    _own(user, group)
    if group_members(group).filter(status__in=(Status.INTAKE, Status.STARTED)).exists():
        raise ValidationError({"group": "Er zitten nog lopende deelnemers in deze groep."})
    group.closed_at = timezone.now()
    group.version += 1
    group.save(update_fields=["closed_at", "version"])
    audit.record("update", "borg_group", group.pk, details={"closed": True})
    return group


# --- monitor figures ------------------------------------------------------------------------------

def expected_sessions(trajectory):
    """The sessions this participant is expected at: own sessions plus the group's sessions from the
    day they joined (rolling intake) until the end of the trajectory; cancelled ones excluded."""
    sessions = list(trajectory.own_sessions.exclude(status=SessionStatus.CANCELLED))
    if trajectory.group_id:
        qs = trajectory.group.sessions.exclude(status=SessionStatus.CANCELLED)
        if trajectory.joined_on:
            qs = qs.filter(planned_at__gte=_aware(trajectory.joined_on, time(0, 0)))
        if trajectory.end_date:
            qs = qs.filter(planned_at__lte=_aware(trajectory.end_date, time(23, 59)))
        sessions.extend(qs)
    return sessions


def refresh_stats(trajectory) -> BorgTrajectory:
    """Recompute the denormalised monitor fields (README.md) from the facts."""
    sessions = expected_sessions(trajectory)
    held = [s for s in sessions if s.status == SessionStatus.HELD]
    held_ids = {s.pk for s in held}
    attended = Attendance.objects.filter(trajectory=trajectory, session_id__in=held_ids,
                                         status=AttendanceStatus.PRESENT).count()
    trajectory.sessions_planned = len(sessions)
    trajectory.sessions_held = len(held)
    trajectory.sessions_attended = attended
    trajectory.attendance_rate = round(attended / len(held), 4) if held else None
    t = timeliness(trajectory.incident_date, trajectory.arrest_date, trajectory.intake_date, trajectory.start_date,
                   target_days=conf.START_AFTER_ARREST_TARGET_DAYS, good_days=conf.START_AFTER_ARREST_GOOD_DAYS,
                   intake_target_days=conf.INTAKE_TO_START_TARGET_DAYS,
                   today=None if trajectory.start_date else _today())
    trajectory.days_incident_to_start = t.days_incident_to_start
    trajectory.days_arrest_to_start = t.days_arrest_to_start
    trajectory.days_intake_to_start = t.days_intake_to_start
    trajectory.start_on_time = t.start_on_time
    trajectory.intake_start_on_time = t.intake_start_on_time
    goals = list(trajectory.goals.values_list("result", flat=True))
    trajectory.goals_total = len(goals)
    trajectory.goals_met = sum(1 for r in goals if r == GoalResult.MET)
    trainer_ids = set(trajectory.group.trainers.values_list("pk", flat=True)) if trajectory.group_id else set()
    trajectory.dual_role = bool(trajectory.supervisor_id and trajectory.supervisor_id in trainer_ids)
    BorgTrajectory.objects.filter(pk=trajectory.pk).update(
        sessions_planned=trajectory.sessions_planned, sessions_held=trajectory.sessions_held,
        sessions_attended=attended, attendance_rate=trajectory.attendance_rate,
        days_incident_to_start=t.days_incident_to_start, days_arrest_to_start=t.days_arrest_to_start,
        days_intake_to_start=t.days_intake_to_start, start_on_time=t.start_on_time,
        intake_start_on_time=t.intake_start_on_time, goals_total=trajectory.goals_total,
        goals_met=trajectory.goals_met, dual_role=trajectory.dual_role,
    )
    return trajectory


def reclassering_users(organisation):
    return User.objects.filter(organisation=organisation, is_active=True).order_by("last_name", "username")
