"""Write paths of risk screening. Every write is one transaction, validated first and audited."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.cases.models import Case
from veilignet.cases.services import add_timeline_entry

from . import conf
from .instrument import LEVEL_LABELS, InstrumentError, load_instrument
from .models import Assessment, InstrumentVersion, OverrideStatus, SignalReview, TextSignal
from .scoring import RANK, OverrideError, check_override, clean_answers, fatal_floor, score
from .signals import screen

logger = logging.getLogger(__name__)


def _checksum(definition: dict) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, default=str).encode()).hexdigest()


def ensure_instrument(version: int | None = None) -> InstrumentVersion:
    """The stored InstrumentVersion for a version of the instrument file (stored on first use).
    A published version whose file changed afterwards is refused: publish a new version instead."""
    try:
        inst = load_instrument(version)
    except InstrumentError as exc:
        raise ValidationError({"instrument": str(exc)}) from exc
    definition = inst.raw
    checksum = _checksum(definition)
    row = InstrumentVersion.objects.filter(code=inst.code, version=inst.version).first()
    if row is None:
        row, _ = InstrumentVersion.objects.get_or_create(
            code=inst.code, version=inst.version,
            defaults={"status": inst.status, "title": inst.title, "definition": definition, "checksum": checksum},
        )
    if row.status == "published" and row.checksum != checksum:
        raise ValidationError({"instrument": f"Instrumentversie {inst.version} is gepubliceerd en daarna gewijzigd; "
                                             "maak een nieuwe versie."})
    return row


def _require_risk_access(user, case):
    if not can_see_part(user, case, Scope.RISICO):
        raise Case.DoesNotExist("Geen toegang tot risicotaxaties van dit dossier.")


@transaction.atomic
def save_assessment(user, case, answers: dict, *, draft: bool, final_level: str = "", override_reason: str = "",
                    instrument_version: int | None = None, assessment: Assessment | None = None,
                    from_signals=None) -> Assessment:
    """Create or update an assessment. A final assessment needs every item answered (yes, no or unknown);
    a half-filled one can only be saved as draft. Raising the level needs a reason; lowering needs a
    reason and a second professional's approval (approve_override) and never goes below high when a
    fatal red flag is present."""
    _require_risk_access(user, case)
    if not user.organisation_id:
        raise ValidationError({"__all__": "Alleen medewerkers van een organisatie kunnen taxeren."})
    if assessment is not None and not assessment.is_draft:
        raise ValidationError({"__all__": "Een definitieve taxatie kan niet meer worden gewijzigd; maak een nieuwe."})
    instrument_row = ensure_instrument(instrument_version)
    instrument = load_instrument(instrument_row.version)
    cleaned, unknown_codes, errors = clean_answers(answers or {})
    if unknown_codes:
        raise ValidationError({"answers": f"Onbekende code(s): {', '.join(unknown_codes)}."})
    if errors:
        raise ValidationError({"answers": "; ".join(errors)})
    missing = [i for i in instrument.items if i.code not in cleaned]
    if not draft and missing:
        raise ValidationError({
            "answers": f"Nog {len(missing)} vra{'ag' if len(missing) == 1 else 'gen'} niet beantwoord "
                       f"({', '.join(i.label for i in missing[:5])}{' …' if len(missing) > 5 else ''}). "
                       "Beantwoord elke vraag met ja, nee of onbekend, of sla op als concept."
        })
    days = conf.reassess_days()
    result = score(cleaned, reassess_days=days)
    computed = result.level
    requested = final_level or computed
    override_status = ""
    effective = computed
    reason = (override_reason or "").strip()
    if requested != computed:
        try:
            check_override(computed, requested, reason=reason, floor=fatal_floor(cleaned),
                           author_id=user.pk, approver_id="pending")
        except OverrideError as exc:
            if not (exc.field == "approver" and RANK[requested] < RANK[computed]):
                raise ValidationError({exc.field: exc.message}) from exc
        if RANK[requested] > RANK[computed]:
            override_status, effective = OverrideStatus.RAISED, requested
        else:
            override_status = OverrideStatus.PENDING  # computed level applies until a second professional approves
    a = assessment or Assessment(case=case, author=user, organisation=user.organisation)
    a.instrument = instrument_row
    a.answers = cleaned
    a.is_draft = draft
    a.computed_level = computed
    a.requested_level = requested
    a.final_level = effective if not draft else ""
    a.override_reason = reason
    a.override_status = override_status if not draft else ""
    a.violence_type = result.violence_type
    a.coercive_control = result.coercive_control
    a.reasons = result.reasons
    a.actions = result.actions
    a.reassess_within_days = days[effective]
    a.from_signals = list(from_signals or [])
    if not draft:
        a.finalised_at = timezone.now()
        a.reassessment_due = timezone.localdate() + timedelta(days=days[effective])
    a.save()
    audit.record("create" if assessment is None else "update", "risk_assessment", a.pk, case_id=case.pk,
                 details={"draft": draft, "computed": computed, "requested": requested,
                          "instrument": f"{instrument_row.code} v{instrument_row.version}"})
    if not draft:
        _apply_to_case(user, case, a)
    return a


def _apply_to_case(user, case, a: Assessment):
    """Final assessment: the case's risk level and re-assessment date, the timeline, and the deadlines."""
    level = a.final_level
    Case.objects.filter(pk=case.pk).update(risk_level=level, reassessment_due=a.reassessment_due)
    case.risk_level, case.reassessment_due = level, a.reassessment_due
    title = f"Risicotaxatie: {LEVEL_LABELS[level]}"
    if a.override_status == OverrideStatus.RAISED:
        title += f" (verhoogd van {LEVEL_LABELS[a.computed_level]})"
    elif a.override_status == OverrideStatus.PENDING:
        title += f" (verlaging naar {LEVEL_LABELS[a.requested_level]} wacht op goedkeuring)"
    body = "\n".join(a.reasons)
    add_timeline_entry(case, "risicotaxatie", title, user=user, body=body, ref=a)
    schedule_risk_deadlines(case, a)


def schedule_risk_deadlines(case, a: Assessment):
    """Re-assessment deadline (due from our own terms) and, for high and extreme, a follow-up task
    whose term the network's terms table gives."""
    try:
        from veilignet.network.services import schedule_deadline
    except ImportError:  # the deadline engine is not installed: the case fields still carry the date
        return
    ref = f"risk:{a.pk}"
    schedule_deadline(case, "reassessment", a.organisation, due=a.reassessment_due, source_ref=ref,
                      owner=a.author if a.author.organisation_id == a.organisation_id else None,
                      title=f"Herbeoordeling risico (nu {LEVEL_LABELS[a.final_level]})")
    if a.final_level in ("high", "extreme"):
        schedule_deadline(case, "risk_followup", a.organisation, source_ref=ref,
                          title=f"Opvolging risico {LEVEL_LABELS[a.final_level]}: veiligheidsplan en overleg")


@transaction.atomic
def approve_override(user, a: Assessment, *, approve: bool = True, note: str = "") -> Assessment:
    """A second professional approves (or rejects) lowering the level below the computed one."""
    a = Assessment.objects.select_for_update().get(pk=a.pk)
    _require_risk_access(user, a.case)
    if a.override_status != OverrideStatus.PENDING:
        raise ValidationError({"__all__": "Deze taxatie wacht niet op goedkeuring."})
    if user.pk == a.author_id:
        raise ValidationError({"approver": "De tweede professional moet een ander zijn dan de opsteller."})
    try:
        check_override(a.computed_level, a.requested_level, reason=a.override_reason,
                       floor=fatal_floor(a.answers), author_id=a.author_id, approver_id=user.pk)
    except OverrideError as exc:
        raise ValidationError({exc.field: exc.message}) from exc
    a.approver, a.approved_at = user, timezone.now()
    case = a.case
    if approve:
        a.override_status = OverrideStatus.APPROVED
        a.final_level = a.requested_level
        days = conf.reassess_days()
        a.reassess_within_days = days[a.final_level]
        a.reassessment_due = timezone.localdate() + timedelta(days=days[a.final_level])
    else:
        a.override_status = OverrideStatus.REJECTED
    a.save()
    latest = latest_final(case)
    if approve and latest is not None and latest.pk == a.pk:
        Case.objects.filter(pk=case.pk).update(risk_level=a.final_level, reassessment_due=a.reassessment_due)
    verdict = "goedgekeurd" if approve else "afgewezen"
    add_timeline_entry(case, "risicotaxatie",
                       f"Verlaging risiconiveau naar {LEVEL_LABELS[a.requested_level]} {verdict}",
                       user=user, body=(note or "").strip() or a.override_reason, ref=a)
    audit.record("update", "risk_assessment", a.pk, case_id=case.pk,
                 details={"override": a.override_status, "approver": user.username})
    return a


def latest_final(case):
    return Assessment.objects.filter(case=case, is_draft=False).order_by("-finalised_at", "-created_at").first()


# --- text signals ---------------------------------------------------------------------------------

def _context(text: str, start: int, end: int, width: int = 80) -> str:
    s = max(0, start - width)
    e = min(len(text), end + width)
    return ("…" if s > 0 else "") + text[s:e] + ("…" if e < len(text) else "")


def _signal_rows(case, source_type: str, source_id, text: str, *, organisation=None,
                 confidential: bool = False) -> list[TextSignal]:
    """Unsaved signals of a text, one per (code, start) (the first, as get_or_create kept it)."""
    rows, seen = [], set()
    for s in screen(text or ""):
        if (s.code, s.start) in seen:
            continue
        seen.add((s.code, s.start))
        rows.append(TextSignal(source_type=source_type, source_id=str(source_id), code=s.code, start=s.start,
                               case=case, organisation=organisation, confidential=confidential, status=s.status,
                               end=s.end, text=s.text[:500], context=_context(text, s.start, s.end)[:600]))
    return rows


def _insert_signals(rows: list[TextSignal]) -> list[TextSignal]:
    """Insert in one statement; a signal stored before (same source, code and position) is kept as
    it is — its review included — and its primary key is set on the row (the upsert only rewrites
    the key column with its own value)."""
    if rows:
        TextSignal.objects.bulk_create(rows, batch_size=1000, update_conflicts=True,
                                       unique_fields=["source_type", "source_id", "code", "start"],
                                       update_fields=["source_type"])
    return rows


def store_signals(case, source_type: str, source_id, text: str, *, organisation=None,
                  confidential: bool = False) -> list[TextSignal]:
    """Screen a text and store its signals (idempotent per source, code and position)."""
    return _insert_signals(_signal_rows(case, source_type, source_id, text, organisation=organisation,
                                        confidential=confidential))


def _report_signal_rows(report) -> list[TextSignal]:
    """A report's signals; screening never blocks a report: a failure is logged and nothing stored."""
    try:
        return _signal_rows(report.case, "report", report.pk, report.description, organisation=report.received_by)
    except Exception:  # noqa: BLE001 - registering the report matters more than its signals
        logger.exception("Signalen in melding %s konden niet worden bepaald", report.pk)
        return []


def on_report(report, new_case):
    """cases.services.REPORT_HOOKS: screen a report's description. Screening never blocks a report:
    a failure is logged and the report is registered all the same. The screening (pure Python) is
    what can fail on odd text; the insert is one statement that cannot conflict, so no savepoint."""
    _insert_signals(_report_signal_rows(report))


def screen_reports_now(report_ids) -> int:
    """Screen these reports and store their signals (one query to read, one to insert)."""
    from veilignet.cases.models import Report

    reports = Report.objects.filter(pk__in=list(report_ids)).select_related("case", "received_by")
    return len(_insert_signals([row for report in reports for row in _report_signal_rows(report)]))


def on_reports(reports, new_case_flags):
    """cases.services.REPORT_BATCH_HOOKS: on_report for many reports. Screening costs milliseconds of
    CPU per text (the term lists, the context rules, the sentence model), more than registering the
    report itself, so a batch (an import) hands it to a background task (tasks.screen_reports),
    enqueued in the batch's own transaction: it exists exactly when the reports do. With
    RISK_BATCH_SCREENING = "inline" the batch screens at once, as register_report always does."""
    if conf.batch_screening() == "inline":
        _insert_signals([row for report in reports for row in _report_signal_rows(report)])
        return
    from .tasks import screen_reports

    screen_reports.enqueue([str(r.pk) for r in reports])


on_reports.replaces = on_report


def on_note(note):
    """cases.services.NOTE_HOOKS: screen a note (a failure is logged, the note is kept)."""
    try:
        with transaction.atomic():
            store_signals(note.case, "note", note.pk, note.body, organisation=note.organisation,
                          confidential=note.confidential)
    except Exception:  # noqa: BLE001
        logger.exception("Signalen in notitie %s konden niet worden bepaald", note.pk)


@transaction.atomic
def review_signal(user, signal: TextSignal, decision: str) -> TextSignal:
    """The professional confirms or rejects a signal. Confirmed ones are offered on the assessment form."""
    _require_risk_access(user, signal.case)
    if decision not in (SignalReview.CONFIRMED, SignalReview.REJECTED, SignalReview.OPEN):
        raise ValidationError({"decision": "Kies bevestigen of afwijzen."})
    if signal.confidential and signal.organisation_id != user.organisation_id:
        raise ValidationError({"decision": "Dit signaal is vertrouwelijk voor een andere organisatie."})
    signal.review, signal.reviewed_by, signal.reviewed_at = decision, user, timezone.now()
    signal.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    audit.record("update", "risk_signal", signal.pk, case_id=signal.case_id,
                 details={"code": signal.code, "review": decision})
    return signal
