"""Write paths of the network app: the deadline engine first (other apps call schedule_deadline,
complete_deadlines and waive_deadline), then the safety plan, meetings, handover, notifications.

Every write is transactional and audited; case events go on the case timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from veilignet.access import audit

from . import conf
from .models import Deadline, DeadlineStatus, Term, TermUnit
from .workdays import compute_due

# ---------------------------------------------------------------------------------------------
# Terms
# ---------------------------------------------------------------------------------------------

MAX_TERM_DAYS = 3650  # a term longer than ten years is absurd


# The terms table is small and read on every report: kept in memory per process. A change through
# the ORM (set_term, the admin, a migration's save) empties it at once; a change made in a
# transaction that is still open bypasses it until that transaction is over (committed or rolled
# back, the table is then read again); other processes see a change within TERM_CACHE_SECONDS.
TERM_CACHE_SECONDS = 60
_term_cache: dict = {"terms": None, "at": 0.0, "tainted_by": None}


def _terms_changed(sender=None, **kwargs) -> None:
    from django.db import connection

    _term_cache["terms"] = None
    _term_cache["tainted_by"] = connection.atomic_blocks[0] if connection.in_atomic_block else None


def _terms_by_kind() -> dict | None:
    """{kind: [Term]} from the cache, or None while a term changed in the current transaction."""
    import time

    from django.db import connection

    taint = _term_cache["tainted_by"]
    if taint is not None:
        if connection.in_atomic_block and connection.atomic_blocks[0] is taint:
            return None
        _term_cache["tainted_by"] = _term_cache["terms"] = None
    terms = _term_cache["terms"]
    if terms is None or time.monotonic() - _term_cache["at"] > TERM_CACHE_SECONDS:
        terms = {}
        for term in Term.objects.all():
            terms.setdefault(term.kind, []).append(term)
        _term_cache.update(terms=terms, at=time.monotonic())
    return terms


def _connect_term_cache() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_terms_changed, sender=Term, dispatch_uid="network_term_cache_save")
    post_delete.connect(_terms_changed, sender=Term, dispatch_uid="network_term_cache_delete")


_connect_term_cache()


def find_term(kind: str, region: str = "", risk_level: str = "") -> Term | None:
    """Most specific first: (kind, region, risk), (kind, region, *), (kind, *, risk), (kind, *, *)."""
    cached = _terms_by_kind()
    if cached is not None:
        candidates = [t for t in cached.get(kind, ()) if t.region in (region or "", "")
                      and t.risk_level in (risk_level or "", "")]
    else:
        candidates = list(Term.objects.filter(kind=kind, region__in={region or "", ""},
                                              risk_level__in={risk_level or "", ""}))
    if not candidates:
        return None

    def rank(term):
        return (term.region == (region or "") and bool(term.region)) * 2 + (
            term.risk_level == (risk_level or "") and bool(term.risk_level))

    return max(candidates, key=rank)


def due_for(kind: str, start: datetime, *, region: str = "", risk_level: str = "") -> tuple[datetime, int]:
    """The due moment for a term of `kind` starting at `start`, and the warning window in hours."""
    term = find_term(kind, region, risk_level)
    local_start = timezone.localtime(start)
    if term is None:
        return local_start + timedelta(days=conf.FALLBACK_TERM_DAYS), 24
    return compute_due(local_start, term.amount, term.unit), term.warn_hours


def validate_term(amount, unit, warn_hours=24) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        errors["amount"] = ["Geef de lengte van de termijn als een geheel getal."]
        amount = None
    if unit not in TermUnit.values:
        errors["unit"] = ["Kies als eenheid kalenderdagen, werkdagen of weken."]
    if amount is not None:
        days = amount * (7 if unit == TermUnit.WEEKS else 1) * (1.4 if unit == TermUnit.WORKING_DAYS else 1)
        if amount < 0:
            errors["amount"] = ["Een termijn kan niet negatief zijn."]
        elif amount == 0:
            errors["amount"] = ["Een termijn van 0 is geen termijn; geef ten minste 1."]
        elif days > MAX_TERM_DAYS:
            errors["amount"] = [f"Een termijn van meer dan {MAX_TERM_DAYS} dagen (tien jaar) is niet zinvol."]
    try:
        warn_hours = int(warn_hours)
        if warn_hours < 0 or warn_hours > 24 * 60:
            errors["warn_hours"] = ["Waarschuwen kan van 0 tot 1440 uur (60 dagen) vooraf."]
    except (TypeError, ValueError):
        errors["warn_hours"] = ["Geef het aantal uren als een geheel getal."]
    return errors


@transaction.atomic
def set_term(user, *, kind: str, region: str = "", risk_level: str = "", amount, unit: str, warn_hours=24,
             source: str = "") -> Term:
    """Create or change a term (beheerder). Applies to deadlines scheduled from now on."""
    from veilignet.accounts.regions import REGION_NAMES
    from veilignet.cases.models import RiskLevel

    errors = validate_term(amount, unit, warn_hours)
    if not (kind or "").strip():
        errors["kind"] = ["Geef de soort termijn."]
    if region and region not in REGION_NAMES:
        errors["region"] = [f"Onbekende regio '{region}'."]
    if risk_level and risk_level not in RiskLevel.values:
        errors["risk_level"] = [f"Onbekend risiconiveau '{risk_level}'."]
    if errors:
        raise ValidationError(errors)
    term, created = Term.objects.update_or_create(
        kind=kind.strip(), region=region or "", risk_level=risk_level or "",
        defaults={"amount": int(amount), "unit": unit, "warn_hours": int(warn_hours), "updated_by": user,
                  **({"source": source} if source else {})},
    )
    audit.record("create" if created else "update", "term", term.pk, user=user,
                 details={"kind": term.kind, "region": term.region, "risk_level": term.risk_level,
                          "amount": term.amount, "unit": term.unit})
    return term


# ---------------------------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------------------------

def schedule_deadline(case, kind: str, organisation, *, start=None, due=None, owner=None, source_ref: str = "",
                      title: str = "") -> Deadline:
    """Create the deadline `kind` in `case` for `organisation`, or return the existing one.

    Idempotent on (case, kind, source_ref) (a unique constraint). When `due` is None it is computed
    from the terms table (per kind, region override, risk level) from `start` (default: now)."""
    existing = Deadline.objects.filter(case=case, kind=kind, source_ref=source_ref or "").first()
    if existing is not None:
        return existing
    start = start or timezone.now()
    if due is None:
        due, warn_hours = due_for(kind, start, region=case.region, risk_level=case.risk_level or "")
    else:
        if isinstance(due, datetime):
            pass
        else:  # a date: due at the end of that day, local time
            due = timezone.make_aware(datetime.combine(due, datetime.max.time().replace(microsecond=0)))
        term = find_term(kind, case.region, case.risk_level or "")
        warn_hours = term.warn_hours if term else 24
    if owner is not None and owner.organisation_id != organisation.pk:
        raise ValidationError({"owner": "De eigenaar moet werken bij de organisatie die de termijn heeft."})
    try:
        with transaction.atomic():
            deadline = Deadline.objects.create(
                case=case, kind=kind, source_ref=source_ref or "", title=(title or "")[:250],
                organisation=organisation, owner=owner, start=start, due=due,
                warn_at=due - timedelta(hours=warn_hours),
            )
            audit.record("create", "deadline", deadline.pk, case_id=case.pk,
                         details={"kind": kind, "due": due.isoformat(), "organisation": organisation.code})
    except IntegrityError:
        existing = Deadline.objects.filter(case=case, kind=kind, source_ref=source_ref or "").first()
        if existing is None:
            raise
        return existing
    return deadline


@transaction.atomic
def complete_deadlines(case, kind: str, *, source_ref: str | None = None, at=None, user=None) -> int:
    """Mark the open (or missed, i.e. late) deadlines of `kind` in `case` as met. Returns how many.

    A missed deadline that is done late becomes met too: it no longer needs action; that it was
    late stays visible in `missed_at`."""
    at = at or timezone.now()
    qs = Deadline.objects.filter(case=case, kind=kind, status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    if source_ref is not None:
        qs = qs.filter(source_ref=source_ref)
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return 0
    count = Deadline.objects.filter(pk__in=ids).update(status=DeadlineStatus.MET, closed_at=at, closed_by=user)
    audit.record("update", "deadline", ",".join(str(i) for i in ids)[:64], case_id=case.pk, user=user,
                 details={"kind": kind, "status": "met", "count": count})
    for hook in DEADLINES_UPDATED_HOOKS:
        hook(Deadline.objects.filter(pk__in=ids))
    return count


# QuerySet.update sends no model signals: apps that follow deadlines (the monitor's dashboard)
# subscribe here and get the updated deadlines as a queryset.
DEADLINES_UPDATED_HOOKS: list = []


@transaction.atomic
def complete_deadline(deadline: Deadline, user) -> Deadline:
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        raise ValidationError({"status": "Deze termijn is al afgehandeld."})
    deadline.status, deadline.closed_at, deadline.closed_by = DeadlineStatus.MET, timezone.now(), user
    deadline.save(update_fields=["status", "closed_at", "closed_by"])
    from veilignet.cases.services import add_timeline_entry

    add_timeline_entry(deadline.case, "termijn", f"Termijn gehaald: {deadline.label}", user=user, ref=deadline)
    audit.record("update", "deadline", deadline.pk, case_id=deadline.case_id, user=user,
                 details={"status": "met"})
    return deadline


@transaction.atomic
def waive_deadline(deadline: Deadline, user, reason: str) -> Deadline:
    """A deadline that no longer applies (e.g. the case was closed), with a reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Geef een reden waarom deze termijn vervalt."})
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        raise ValidationError({"reason": "Deze termijn is al afgehandeld."})
    deadline.status, deadline.closed_at, deadline.closed_by = DeadlineStatus.WAIVED, timezone.now(), user
    deadline.waive_reason = reason.strip()
    deadline.save(update_fields=["status", "closed_at", "closed_by", "waive_reason"])
    from veilignet.cases.services import add_timeline_entry

    add_timeline_entry(deadline.case, "termijn", f"Termijn vervallen: {deadline.label}", user=user,
                       body=deadline.waive_reason, ref=deadline)
    audit.record("update", "deadline", deadline.pk, case_id=deadline.case_id, user=user,
                 details={"status": "waived", "reason": deadline.waive_reason})
    return deadline


PARTICIPATION_ENDED = "Deelname beëindigd"


@transaction.atomic
def on_participation_ended(participation, user=None) -> int:
    """access.services.PARTICIPATION_END_HOOKS: the organisation no longer takes part in the case, so
    its open and missed deadlines there no longer apply: waived with reason "Deelname beëindigd",
    one timeline entry for all of them, audited. Returns how many (0: nothing recorded)."""
    live = Deadline.objects.filter(case_id=participation.case_id, organisation_id=participation.organisation_id,
                                   status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    rows = list(live.select_for_update().order_by("due", "pk"))
    if not rows:
        return 0
    now = timezone.now()
    for deadline in rows:  # a handful per case; saved one by one so model signals (monitor) see them
        deadline.status, deadline.closed_at, deadline.closed_by = DeadlineStatus.WAIVED, now, user
        deadline.waive_reason = PARTICIPATION_ENDED
        deadline.save(update_fields=["status", "closed_at", "closed_by", "waive_reason"])
    count = len(rows)
    from veilignet.cases.services import add_timeline_entry

    organisation = participation.organisation
    labels = "\n".join(f"- {d.label} (uiterlijk {timezone.localtime(d.due):%d-%m-%Y})" for d in rows)
    add_timeline_entry(participation.case, "termijn",
                       f"{count} termijn{'en' if count != 1 else ''} van {organisation.name} vervallen",
                       user=user, body=f"{PARTICIPATION_ENDED}.\n{labels}", ref=participation)
    audit.record("update", "deadline", ",".join(str(d.pk) for d in rows)[:64], case_id=participation.case_id,
                 user=user, details={"status": "waived", "reason": PARTICIPATION_ENDED, "count": count,
                                     "organisation": organisation.code})
    return count


# ---------------------------------------------------------------------------------------------
# The engine's hook on reports
# ---------------------------------------------------------------------------------------------

def _report_term_kinds(report) -> list[str]:
    from veilignet.accounts.models import OrganisationType

    kinds = []
    if report.received_by.type == OrganisationType.VEILIG_THUIS:
        kinds += ["vt_safety_assessment", "vt_investigation"]
    if report.urgency in conf.SERIOUS_URGENCIES:
        kinds.append("serious_followup")
    return kinds


def _new_report_deadlines(reports) -> list[Deadline]:
    """Unsaved deadlines the reports start, less those that exist already (one query)."""
    wanted = [(r, kind) for r in reports for kind in _report_term_kinds(r)]
    if not wanted:
        return []
    refs = {f"report:{r.pk}" for r, _ in wanted}
    existing = set(Deadline.objects.filter(source_ref__in=refs).values_list("case_id", "kind", "source_ref"))
    out = []
    for report, kind in wanted:
        case, ref = report.case, f"report:{report.pk}"
        if (case.pk, kind, ref) in existing:
            continue
        existing.add((case.pk, kind, ref))
        due, warn_hours = due_for(kind, report.received_at, region=case.region, risk_level=case.risk_level or "")
        out.append(Deadline(case=case, kind=kind, source_ref=ref, title="", organisation=report.received_by,
                            owner=None, start=report.received_at, due=due, warn_at=due - timedelta(hours=warn_hours)))
    return out


def _audit_new_deadlines(deadlines) -> None:
    for d in deadlines:
        audit.record("create", "deadline", d.pk, case_id=d.case_id,
                     details={"kind": d.kind, "due": d.due.isoformat(), "organisation": d.organisation.code})


def on_report_registered(report, new_case) -> list[Deadline]:
    """REPORT_HOOKS entry: the terms a registered report starts (SYSTEM.md §6).

    - received by Veilig Thuis: `vt_safety_assessment` (5 working days) and `vt_investigation`
      (10 weeks), both from `received_at`, owned by the receiving Veilig Thuis;
    - urgency acuut or hoog (conf.SERIOUS_URGENCIES): `serious_followup` (7 days, 001 §4.1), owned by
      the receiving organisation.
    One deadline per report (source_ref "report:<uuid>"), so a second report in the same case
    starts its own terms and a repeated hook call changes nothing. The same as schedule_deadline
    per term, in fewer queries: one lookup of what exists, the terms from the cache, one insert and
    no savepoint (the source_ref names this report, so only a repeated call could collide, and the
    lookup sees it)."""
    created = _new_report_deadlines([report])
    _insert_deadlines(created)
    _audit_new_deadlines(created)
    return created


def _insert_deadlines(deadlines) -> None:
    """One insert; post_save is sent for each new deadline so that its subscribers (the monitor's
    dirty months) see what a save would show them."""
    from django.db.models.signals import post_save

    Deadline.objects.bulk_create(deadlines, batch_size=500)
    for deadline in deadlines:
        post_save.send(sender=Deadline, instance=deadline, created=True, update_fields=None, raw=False,
                       using=deadline._state.db)


def on_reports_registered(reports, new_case_flags) -> list[Deadline]:
    """REPORT_BATCH_HOOKS entry (cases.services.register_reports): on_report_registered for many
    reports at once — one lookup, one insert, the audit records (their purposes looked up together)."""
    created = _new_report_deadlines(reports)
    if not created:
        return []
    _insert_deadlines(created)
    audit.prefill_purposes({d.case_id for d in created})
    _audit_new_deadlines(created)
    return created


on_reports_registered.replaces = on_report_registered


def on_safety_assessment_done(case, *, at=None, user=None) -> int:
    """The first safety assessment was made (a finalised risk assessment, or the button
    'veiligheidsbeoordeling afgerond'): every live vt_safety_assessment of the case is met."""
    return complete_deadlines(case, "vt_safety_assessment", at=at, user=user)


# ---------------------------------------------------------------------------------------------
# Helpers shared by the plan, meetings and handover
# ---------------------------------------------------------------------------------------------

def _org_by_code(code: str, field: str, errors: dict):
    from veilignet.accounts.models import Organisation

    code = (code or "").strip()
    if not code:
        errors.setdefault(field, []).append("Kies een organisatie.")
        return None
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        errors.setdefault(field, []).append(f"Onbekende organisatie '{code}'.")
    return org


def _user_in_org(username: str, org, field: str, errors: dict):
    from veilignet.accounts.models import User

    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        errors.setdefault(field, []).append(f"Onbekende medewerker '{username}'.")
    elif org is not None and user.organisation_id != org.pk:
        errors.setdefault(field, []).append(f"{user.display_name()} werkt niet bij {org.name}.")
        return None
    return user


def _participates(case, org) -> bool:
    from veilignet.access.models import Participation

    return Participation.objects.filter(case=case, organisation=org, ended_at__isnull=True).exists()


def _end_of_day(day):
    from datetime import time

    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _reschedule(deadline: Deadline, *, due, organisation, owner, title) -> Deadline:
    """Keep a plan/meeting deadline in step with its agreement (only while it is live)."""
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
        return deadline
    changed = []
    if deadline.due != due:
        term = find_term(deadline.kind, deadline.case.region)
        deadline.due = due
        deadline.warn_at = due - timedelta(hours=term.warn_hours if term else 24)
        if due > timezone.now():  # a new future date: live again, warnings anew
            deadline.status, deadline.missed_at = DeadlineStatus.OPEN, None
            deadline.soon_notified_at = deadline.overdue_notified_at = None
        changed += ["due", "warn_at", "status", "missed_at", "soon_notified_at", "overdue_notified_at"]
    if deadline.organisation_id != organisation.pk or deadline.owner_id != getattr(owner, "pk", None):
        deadline.organisation, deadline.owner = organisation, owner
        changed += ["organisation", "owner"]
    if deadline.title != title[:250]:
        deadline.title = title[:250]
        changed.append("title")
    if changed:
        deadline.save(update_fields=changed)
    return deadline


def _notify_owner(deadline: Deadline, reason: str, title: str, dedupe: str):
    from .engine import teamleaders_by_org
    from .notify import notify

    recipients = [deadline.owner_id] if deadline.owner_id else teamleaders_by_org([deadline.organisation_id]).get(
        deadline.organisation_id, [])
    from django.urls import reverse

    notify(recipients, reason, title, dedupe_key=dedupe, case=deadline.case, deadline=deadline,
           link=reverse("cases:detail", kwargs={"case_id": deadline.case_id}))


# ---------------------------------------------------------------------------------------------
# The safety plan (004 §1.3): versions, three phases, stopping the perpetrator's behaviour
# ---------------------------------------------------------------------------------------------

PLAN_TEXT_FIELDS = ("direct_safety", "stable_safety", "recovery", "stop_behaviour")
PHASES = ("directe_veiligheid", "stabiele_veiligheid", "herstel")
STOP_BEHAVIOUR_MESSAGE = ("Een veiligheidsplan bevat altijd een deel over het definitief stoppen van het gedrag "
                          "van de pleger (004 §1.3): beschrijf het en leg ten minste één afspraak vast die "
                          "daarop gericht is.")


def save_plan(user, case, data: dict, *, expected_version, publish: bool = False, comment: str = ""):
    """Save the whole plan as a new immutable version. `data`:
    {"direct_safety", "stable_safety", "recovery", "stop_behaviour": str,
     "agreements": [{"key"?, "phase", "text", "organisation": code, "owner": username?, "due": date,
                     "perpetrator": bool, "referral_ref"?: str}]}.
    Raises ValidationError (Dutch, per field) — nothing is saved then."""
    from django.core.exceptions import PermissionDenied

    from veilignet.access.models import Scope
    from veilignet.access.selectors import can_see_part

    if not can_see_part(user, case, Scope.PLAN):
        raise PermissionDenied("U mag het veiligheidsplan van dit dossier niet inzien of wijzigen.")
    with transaction.atomic():
        return _save_plan(user, case, data, expected_version, publish, comment)


def _save_plan(user, case, data, expected_version, publish, comment):
    from datetime import date as date_cls

    from veilignet.cases.services import add_timeline_entry

    from .models import PlanAgreement, SafetyPlan, SafetyPlanVersion

    plan, _ = SafetyPlan.objects.get_or_create(case=case)
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = None
    if expected != plan.version:
        raise ValidationError({"version": "Het veiligheidsplan is intussen door iemand anders gewijzigd. "
                                          "Laad het opnieuw en breng uw wijziging opnieuw aan."}, code="conflict")
    texts = {name: str(data.get(name) or "").strip() for name in PLAN_TEXT_FIELDS}
    existing = {str(a.key): a for a in plan.agreements.all()}
    cleaned = []
    today = timezone.localdate()
    for i, raw in enumerate(data.get("agreements") or []):
        prefix = f"agreements[{i}]"
        text = str(raw.get("text") or "").strip()
        if not text:
            errors.setdefault(f"{prefix}.text", []).append("Beschrijf de afspraak.")
        phase = raw.get("phase") or ""
        if phase not in PHASES:
            errors.setdefault(f"{prefix}.phase", []).append("Kies een fase: directe veiligheid, stabiele "
                                                            "veiligheid of herstel.")
        org = _org_by_code(raw.get("organisation"), f"{prefix}.organisation", errors)
        if org is not None and not _participates(case, org):
            errors.setdefault(f"{prefix}.organisation", []).append(
                f"{org.name} neemt niet deel aan dit dossier; voeg de organisatie eerst toe.")
        owner = _user_in_org(raw.get("owner"), org, f"{prefix}.owner", errors)
        due = raw.get("due")
        if isinstance(due, str) and due:
            try:
                due = date_cls.fromisoformat(due)
            except ValueError:
                due = None
                errors.setdefault(f"{prefix}.due", []).append("Ongeldige datum (gebruik jjjj-mm-dd).")
        if not due:
            errors.setdefault(f"{prefix}.due", []).append("Geef een datum waarop de afspraak uitgevoerd is.")
        key = str(raw.get("key") or "")
        previous = existing.get(key)
        if due and due < today and (previous is None or previous.due != due):
            errors.setdefault(f"{prefix}.due", []).append("Deze datum ligt in het verleden.")
        cleaned.append({"key": key if previous else "", "phase": phase, "text": text, "org": org, "owner": owner,
                        "due": due, "perpetrator": bool(raw.get("perpetrator")),
                        "referral_ref": str(raw.get("referral_ref") or "").strip()[:64]})
    if publish and (not texts["stop_behaviour"] or not any(c["perpetrator"] for c in cleaned)):
        errors.setdefault("stop_behaviour", []).append(STOP_BEHAVIOUR_MESSAGE)
    if not any(texts.values()) and not cleaned:
        errors.setdefault("__all__", []).append("Het plan is leeg.")
    if errors:
        raise ValidationError(errors)

    plan.version += 1
    if publish:
        plan.published_version = plan.version
    plan.save()
    seen = set()
    agreements_out = []
    for c in cleaned:
        agreement = existing.get(c["key"]) if c["key"] else None
        if agreement is None:
            agreement = PlanAgreement(plan=plan)
        for name in ("phase", "text", "due", "perpetrator", "referral_ref"):
            setattr(agreement, name, c[name])
        agreement.organisation, agreement.owner, agreement.active = c["org"], c["owner"], True
        agreement.save()
        seen.add(str(agreement.key))
        title = f"Afspraak veiligheidsplan: {agreement.text[:120]}"
        deadline = schedule_deadline(case, "plan_agreement", agreement.organisation, owner=agreement.owner,
                                     due=_end_of_day(agreement.due), source_ref=f"plan:{agreement.key}", title=title)
        fresh = agreement.deadline_id is None
        deadline = _reschedule(deadline, due=_end_of_day(agreement.due), organisation=agreement.organisation,
                               owner=agreement.owner, title=title)
        if agreement.deadline_id != deadline.pk:
            agreement.deadline = deadline
            agreement.save(update_fields=["deadline"])
        if fresh:
            _notify_owner(deadline, "assigned", "Nieuwe afspraak in een veiligheidsplan",
                          f"deadline:{deadline.pk}:assigned")
        agreements_out.append({
            "key": str(agreement.key), "phase": agreement.phase, "text": agreement.text,
            "organisation": agreement.organisation.code, "owner": agreement.owner.username if agreement.owner else "",
            "due": agreement.due.isoformat(), "perpetrator": agreement.perpetrator,
            "referral_ref": agreement.referral_ref,
        })
    for key, agreement in existing.items():
        if key not in seen and agreement.active:
            agreement.active = False
            agreement.save(update_fields=["active"])
            if agreement.deadline_id and agreement.deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED):
                Deadline.objects.filter(pk=agreement.deadline_id).update(
                    status=DeadlineStatus.WAIVED, closed_at=timezone.now(), closed_by=user,
                    waive_reason=f"Afspraak vervallen in versie {plan.version} van het veiligheidsplan.")
    version = SafetyPlanVersion.objects.create(
        plan=plan, number=plan.version, published=publish, content={**texts, "agreements": agreements_out},
        created_by=user, organisation=user.organisation, comment=(comment or "").strip()[:300],
    )
    verb = "gepubliceerd" if publish else "opgeslagen (concept)"
    add_timeline_entry(case, "veiligheidsplan", f"Veiligheidsplan versie {version.number} {verb}", user=user,
                       body=version.comment, ref=version)
    audit.record("create", "safety_plan_version", version.pk, case_id=case.pk, user=user,
                 details={"number": version.number, "published": publish, "agreements": len(agreements_out)})
    return version


# ---------------------------------------------------------------------------------------------
# Legal measures: aanhouding → spreekuur; huisverbod; gedragsaanwijzing
# ---------------------------------------------------------------------------------------------

HUISVERBOD_MAX_DAYS = 28


@transaction.atomic
def record_measure(user, case, kind: str, starts_at, *, ends_at=None, person=None, note: str = ""):
    """Record an arrest, a tijdelijk huisverbod or a gedragsaanwijzing and schedule its term:
    aanhouding → `spreekuur` (14 days, owned by the Veilig Thuis organisation in the case, else the
    lead organisation); huisverbod → `huisverbod_end` (10 days); gedragsaanwijzing →
    `gedragsaanwijzing_end` (90 days, or the given end)."""
    from veilignet.accounts.models import OrganisationType
    from veilignet.cases.services import add_timeline_entry

    from .models import LegalMeasure, MeasureKind

    errors: dict[str, list[str]] = {}
    if kind not in MeasureKind.values:
        errors["kind"] = ["Kies aanhouding, tijdelijk huisverbod of gedragsaanwijzing."]
    if starts_at is None:
        errors["starts_at"] = ["Geef de ingangsdatum."]
    elif starts_at > timezone.now() + timedelta(minutes=5):
        errors["starts_at"] = ["De ingangsdatum ligt in de toekomst."]
    if ends_at is not None and starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = ["De einddatum ligt vóór de ingangsdatum."]
    if kind == MeasureKind.HUISVERBOD and ends_at is not None and starts_at is not None and (
            ends_at - starts_at).days > HUISVERBOD_MAX_DAYS:
        errors["ends_at"] = ["Een tijdelijk huisverbod duurt ten hoogste 28 dagen."]
    if errors:
        raise ValidationError(errors)
    org = user.organisation
    measure = LegalMeasure.objects.create(case=case, kind=kind, person=person, organisation=org, starts_at=starts_at,
                                          ends_at=ends_at, note=(note or "").strip(), created_by=user)
    ref = f"measure:{measure.pk}"
    if kind == MeasureKind.AANHOUDING:
        vt = case.participations.filter(ended_at__isnull=True,
                                        organisation__type=OrganisationType.VEILIG_THUIS).first()
        owner_org = vt.organisation if vt else case.lead_organisation
        schedule_deadline(case, "spreekuur", owner_org, start=starts_at, source_ref=ref)
    elif kind == MeasureKind.HUISVERBOD:
        d = schedule_deadline(case, "huisverbod_end", org, start=starts_at, due=ends_at, source_ref=ref)
        measure.ends_at = d.due
    else:
        d = schedule_deadline(case, "gedragsaanwijzing_end", org, start=starts_at, due=ends_at, source_ref=ref)
        measure.ends_at = d.due
    measure.save(update_fields=["ends_at"])
    add_timeline_entry(case, "maatregel", f"{measure.get_kind_display().capitalize()} vastgelegd", user=user,
                       body=measure.note, ref=measure)
    audit.record("create", "legal_measure", measure.pk, case_id=case.pk, user=user, details={"kind": kind})
    return measure


@transaction.atomic
def extend_measure(user, measure, new_end):
    """Extend a huisverbod (to 28 days in all at most) or a gedragsaanwijzing (by the OvJ)."""
    from veilignet.cases.services import add_timeline_entry

    from .models import LegalMeasure, MeasureKind

    measure = LegalMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.kind == MeasureKind.AANHOUDING:
        raise ValidationError({"ends_at": "Een aanhouding kan niet worden verlengd."})
    if measure.ends_at and new_end <= measure.ends_at:
        raise ValidationError({"ends_at": "De nieuwe einddatum moet na de huidige einddatum liggen."})
    if measure.kind == MeasureKind.HUISVERBOD and (new_end - measure.starts_at).days > HUISVERBOD_MAX_DAYS:
        raise ValidationError({"ends_at": "Een tijdelijk huisverbod duurt in totaal ten hoogste 28 dagen."})
    measure.ends_at, measure.extensions = new_end, measure.extensions + 1
    measure.save(update_fields=["ends_at", "extensions"])
    kind = "huisverbod_end" if measure.kind == MeasureKind.HUISVERBOD else "gedragsaanwijzing_end"
    deadline = Deadline.objects.filter(case=measure.case, kind=kind, source_ref=f"measure:{measure.pk}").first()
    if deadline is not None:
        _reschedule(deadline, due=new_end, organisation=deadline.organisation, owner=deadline.owner,
                    title=deadline.title)
    add_timeline_entry(measure.case, "maatregel",
                       f"{measure.get_kind_display().capitalize()} verlengd tot {timezone.localtime(new_end):%d-%m-%Y}",
                       user=user, ref=measure)
    audit.record("update", "legal_measure", measure.pk, case_id=measure.case_id, user=user,
                 details={"ends_at": new_end.isoformat()})
    return measure


# ---------------------------------------------------------------------------------------------
# Network meetings (003 §2b)
# ---------------------------------------------------------------------------------------------

@transaction.atomic
def create_meeting(user, *, kind: str, scheduled_at, title: str = "", region: str = "",
                   attendee_orgs=(), attendee_users=()):
    from veilignet.accounts.models import Organisation, User
    from veilignet.accounts.regions import REGION_NAMES

    from .models import Meeting, MeetingAttendee, MeetingKind

    errors: dict[str, list[str]] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = ["Kies Actieoverleg, Samen op in acuut, ZSM / spreekuur of MDA++."]
    if scheduled_at is None:
        errors["scheduled_at"] = ["Geef datum en tijd van het overleg."]
    region = region or (user.organisation.region if user.organisation_id else "")
    if region not in REGION_NAMES:
        errors["region"] = [f"Onbekende regio '{region}'."]
    orgs = []
    for code in attendee_orgs:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            errors.setdefault("attendee_orgs", []).append(f"Onbekende organisatie '{code}'.")
        else:
            orgs.append(org)
    users = list(User.objects.filter(pk__in=[getattr(u, "pk", u) for u in attendee_users]))
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(kind=kind, title=(title or "").strip()[:200], region=region,
                                     scheduled_at=scheduled_at, organiser=user.organisation, created_by=user)
    for org in {o.pk: o for o in [user.organisation, *orgs, *[u.organisation for u in users if u.organisation_id]]}.values():
        MeetingAttendee.objects.get_or_create(meeting=meeting, organisation=org, user=None)
    for u in users:
        if u.organisation_id:
            MeetingAttendee.objects.get_or_create(meeting=meeting, organisation=u.organisation, user=u)
    audit.record("create", "meeting", meeting.pk, user=user, details={"kind": kind, "region": region})
    return meeting


def suggest_agenda(user, meeting, limit: int = 50):
    """Cases to put on the agenda: open cases in the meeting's region that the user can see, with a
    high or extreme risk level or an overdue deadline, not yet on the agenda."""
    from django.db.models import Exists, OuterRef, Q

    from veilignet.access.selectors import visible_cases

    overdue = Deadline.objects.filter(case=OuterRef("pk"), status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED],
                                      due__lt=timezone.now())
    return (visible_cases(user).filter(status="open", region=meeting.region)
            .filter(Q(risk_level__in=conf.HIGH_RISK_LEVELS) | Exists(overdue))
            .exclude(pk__in=meeting.items.values("case_id")).order_by("-risk_level", "opened_at")[:limit])


@transaction.atomic
def add_agenda_case(user, meeting, case, reason: str = ""):
    """Put a case (that the user can see: the caller fetched it with get_case) on the agenda."""
    from veilignet.cases.services import add_timeline_entry

    from .models import AgendaItem

    item, created = AgendaItem.objects.get_or_create(
        meeting=meeting, case=case,
        defaults={"reason": (reason or "").strip()[:300], "added_by": user,
                  "position": meeting.items.count() + 1},
    )
    if created:
        add_timeline_entry(case, "overleg", f"Geagendeerd voor {meeting.get_kind_display()} van "
                                            f"{timezone.localtime(meeting.scheduled_at):%d-%m-%Y %H:%M}",
                           user=user, body=item.reason, ref=meeting)
        audit.record("create", "agenda_item", item.pk, case_id=case.pk, user=user)
    return item


@transaction.atomic
def record_shared_information(user, item, text: str):
    from veilignet.cases.services import add_timeline_entry

    text = (text or "").strip()
    if not text:
        raise ValidationError({"information_shared": "Beschrijf welke informatie is gedeeld."})
    item.information_shared = text
    item.save(update_fields=["information_shared"])
    add_timeline_entry(item.case, "overleg", f"{item.meeting.get_kind_display()}: gedeelde informatie", user=user,
                       body=text, ref=item.meeting)
    audit.record("update", "agenda_item", item.pk, case_id=item.case_id, user=user)
    return item


def add_decision(user, item, *, text: str, organisation: str, owner: str = "", due=None):
    """A decision of a network meeting about one case: it always has an owner organisation (and
    optionally a person) and becomes a deadline (`meeting_decision`). Nothing saved on an error."""
    from datetime import date as date_cls

    from veilignet.cases.services import add_timeline_entry

    from .models import MeetingDecision

    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = ["Beschrijf het besluit."]
    if not (organisation or "").strip():
        errors["organisation"] = ["Een besluit zonder eigenaar wordt niet vastgelegd: kies de organisatie die "
                                  "het uitvoert."]
        org = None
    else:
        org = _org_by_code(organisation, "organisation", errors)
    person = _user_in_org(owner, org, "owner", errors)
    if isinstance(due, str):
        try:
            due = date_cls.fromisoformat(due) if due else None
        except ValueError:
            errors["due"] = ["Ongeldige datum (gebruik jjjj-mm-dd)."]
            due = None
    if due is not None and due < timezone.localdate():
        errors["due"] = ["Deze datum ligt in het verleden."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not _participates(item.case, org):
            from veilignet.access.models import ParticipationVia
            from veilignet.cases.services import basis_for, ensure_participation

            ensure_participation(item.case, org, basis=basis_for(org), via=ParticipationVia.MANUAL, user=user,
                                 purpose=f"Uitvoeren besluit {item.meeting.get_kind_display()}")
        decision = MeetingDecision.objects.create(item=item, text=text, organisation=org, owner=person,
                                                  due=due or timezone.localdate(), created_by=user)
        deadline = schedule_deadline(
            item.case, "meeting_decision", org, owner=person, due=_end_of_day(due) if due else None,
            source_ref=f"meeting:{decision.pk}", title=f"Besluit {item.meeting.get_kind_display()}: {text[:120]}",
        )
        decision.deadline = deadline
        decision.due = timezone.localtime(deadline.due).date()
        decision.save(update_fields=["deadline", "due"])
        add_timeline_entry(item.case, "overleg", f"Besluit {item.meeting.get_kind_display()}: {text[:150]}",
                           user=user, body=f"Eigenaar: {org.name}{' / ' + person.display_name() if person else ''}; "
                                           f"uiterlijk {decision.due:%d-%m-%Y}.", ref=decision)
        audit.record("create", "meeting_decision", decision.pk, case_id=item.case_id, user=user,
                     details={"organisation": org.code, "owner": person.username if person else ""})
        _notify_owner(deadline, "meeting", "Nieuwe taak uit een netwerkoverleg", f"deadline:{deadline.pk}:assigned")
    return decision


# ---------------------------------------------------------------------------------------------
# Warm handover Veilig Thuis → wijkteam
# ---------------------------------------------------------------------------------------------

def handover_case(user, case, *, to_organisation: str, safety_pictures: dict, new_concerns: str,
                  escalation: str, meeting_held: bool = False, expected_version=None):
    """Hand the lead (regie) over to a wijkteam (gemeente) with the warm-handover checklist:
    a safety picture of every household member (the perpetrator included), what to do when new
    concerns arise, and who escalates. The receiving organisation participates (via overdracht)
    and becomes the lead; the handing-over organisation stays a participant. Timeline + audit."""
    from veilignet.access.models import Participation, ParticipationVia
    from veilignet.accounts.models import OrganisationType
    from veilignet.cases.models import Case
    from veilignet.cases.selectors import persons_of
    from veilignet.cases.services import add_timeline_entry, basis_for, ensure_participation

    from .models import Handover

    errors: dict[str, list[str]] = {}
    target = _org_by_code(to_organisation, "to_organisation", errors)
    if target is not None:
        if target.pk == case.lead_organisation_id:
            errors.setdefault("to_organisation", []).append("Deze organisatie heeft de regie al.")
        elif target.type != OrganisationType.GEMEENTE:
            errors.setdefault("to_organisation", []).append(
                "Een warme overdracht gaat naar een lokaal team / wijkteam (gemeente).")
    if user.organisation_id != case.lead_organisation_id:
        errors.setdefault("__all__", []).append("Alleen de regievoerende organisatie kan het dossier overdragen.")
    pictures = {}
    for member in persons_of(case):
        text = str((safety_pictures or {}).get(str(member.person_id)) or "").strip()
        if not text:
            errors.setdefault(f"safety_{member.person_id}", []).append(
                f"Beschrijf het veiligheidsbeeld van {member.person.full_name}.")
        pictures[str(member.person_id)] = text
    if not (new_concerns or "").strip():
        errors["new_concerns"] = ["Spreek af wat er gebeurt bij nieuwe zorgen."]
    if not (escalation or "").strip():
        errors["escalation"] = ["Leg vast wie opschaalt (en naar wie)."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and int(expected_version) != locked.version:
            raise ValidationError({"version": "Het dossier is intussen door iemand anders gewijzigd. Laad het "
                                              "opnieuw en probeer het nog eens."}, code="conflict")
        previous = locked.lead_organisation
        handover = Handover.objects.create(
            case=locked, from_organisation=previous, to_organisation=target, safety_pictures=pictures,
            new_concerns=new_concerns.strip(), escalation=escalation.strip(), handover_meeting_held=meeting_held,
            created_by=user,
        )
        ensure_participation(locked, target, basis=basis_for(target), purpose="Regie na warme overdracht",
                             via=ParticipationVia.HANDOVER, user=user, is_lead=True)
        Participation.objects.filter(case=locked, ended_at__isnull=True).exclude(organisation=target).update(
            is_lead=False)
        Participation.objects.filter(case=locked, ended_at__isnull=True, organisation=target).update(is_lead=True)
        fields = {"lead_organisation": target, "version": locked.version + 1}
        if locked.case_director_id and locked.case_director.organisation_id != target.pk:
            fields["case_director"] = None
        Case.objects.filter(pk=locked.pk).update(**fields)
        add_timeline_entry(locked, "overdracht", f"Warme overdracht: regie van {previous.name} naar {target.name}",
                           user=user, body=f"Bij nieuwe zorgen: {handover.new_concerns}\nOpschalen: "
                                           f"{handover.escalation}", ref=handover)
        audit.record("create", "handover", handover.pk, case_id=locked.pk, user=user,
                     details={"from": previous.code, "to": target.code})
        deadline = schedule_deadline(locked, "handover_check", target, start=timezone.now(),
                                     source_ref=f"handover:{handover.pk}", title="Controle na warme overdracht")
        _notify_owner(deadline, "handover", "Een dossier is aan uw organisatie overgedragen",
                      f"handover:{handover.pk}")
    return handover
