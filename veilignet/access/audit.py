"""Writing and verifying the hash-chained audit trail."""

import contextlib
import contextvars
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from .context import current_actor
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    payload = {
        "at": event.at.isoformat(),
        "user_id": event.user_id,
        "username": event.username,
        "organisation_code": event.organisation_code,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "case_id": str(event.case_id) if event.case_id else None,
        "person_id": str(event.person_id) if event.person_id else None,
        "purpose": event.purpose,
        "channel": event.channel,
        "session_ref": event.session_ref,
        "details": event.details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _canonical(event)).encode()).hexdigest()


# Reads are buffered per request and written in one transaction when the request ends (middleware):
# one chain-head lock and commit per request instead of one per read (bench/access_audit.py). Writes
# are recorded at once, inside the caller's transaction, so they roll back with the change they log.
READ_ACTIONS = frozenset({"read", "read_reporter", "list", "search", "export"})
_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar("veilignet_audit_buffer", default=None)
_write_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("veilignet_audit_writes", default=None)
_purposes: contextvars.ContextVar[dict | None] = contextvars.ContextVar("veilignet_audit_purposes", default=None)


def start_request_buffer():
    """Begin buffering reads for this request; returns tokens for end_request_buffer()."""
    return _buffer.set([]), _purposes.set({})


def end_request_buffer(tokens) -> None:
    """Write the buffered reads (also when the request failed) and stop buffering."""
    try:
        pending = _buffer.get()
        if pending:
            _append(pending)
    finally:
        _buffer.reset(tokens[0])
        _purposes.reset(tokens[1])


@contextlib.contextmanager
def batch():
    """Inside one use case's transaction: collect its audit writes and append them together at the end
    of the block (one chain-head lock, one insert), still inside the transaction, so they commit or
    roll back with the change. Nested batches join the outer one."""
    if _write_batch.get() is not None:
        yield
        return
    token = _write_batch.set([])
    purposes = _purposes.set({}) if _purposes.get() is None else None
    try:
        yield
        pending = _write_batch.get()
        if pending:
            _append(pending)
    finally:
        _write_batch.reset(token)
        if purposes is not None:
            _purposes.reset(purposes)


def record(action: str, object_type: str, object_id="", *, case_id=None, person_id=None, purpose: str = "",
           details: dict | None = None, user=None, actor=None) -> AuditEvent:
    """Append one audit entry for the current actor (or the given user/actor)."""
    actor = actor or current_actor()
    if user is None and actor is not None:
        user = actor.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if not purpose and case_id and user is not None and user.organisation_id:
        purpose = _purpose_of(user, case_id)
    event = AuditEvent(
        at=timezone.now(),
        user=user,
        username=user.username if user else "",
        organisation_code=user.organisation.code if user is not None and user.organisation_id else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        case_id=case_id,
        person_id=person_id,
        purpose=purpose[:300],
        channel=actor.channel if actor else "cli",
        session_ref=actor.session_ref if actor else "",
        details=json.loads(json.dumps(details or {}, default=str)),
    )
    pending = _buffer.get()
    if pending is not None and action in READ_ACTIONS:
        pending.append(event)
        return event
    writes = _write_batch.get()
    if writes is not None:
        writes.append(event)
        return event
    _append([event])
    return event


def _append(events: list) -> None:
    """Chain and insert the events in one transaction, holding the chain head."""
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        last = head.last_hash
        for event in events:
            event.prev_hash = last
            event.hash = compute_hash(last, event)
            last = event.hash
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(pk=1).update(last_hash=last, count=head.count + len(events))


def _purpose_of(user, case_id) -> str:
    """The purpose the user's organisation participates for (or the break-the-glass reason)."""
    from .models import BreakGlassAccess, Participation

    cache = _purposes.get()
    key = (user.pk, str(case_id))
    if cache is not None and key in cache:
        return cache[key]
    found = (Participation.objects.filter(case_id=case_id, organisation_id=user.organisation_id, ended_at__isnull=True)
             .values_list("purpose", flat=True).first())
    if not found:
        reason = (BreakGlassAccess.objects.filter(case_id=case_id, user=user, expires_at__gt=timezone.now())
                  .values_list("reason", flat=True).first())
        found = f"doorbraak: {reason}" if reason else ""
    if cache is not None:
        cache[key] = found
    return found


def verify_chain(batch_size: int = 5000):
    """Return None when the chain is intact, else (event_id, explanation) of the first broken link.

    Detects an edited row (hash mismatch), a deleted or inserted row (prev_hash mismatch) and a cut-off
    or appended tail (the chain head, updated with every append, no longer matches)."""
    prev = GENESIS
    last_id = 0
    seen = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                return event.id, "prev_hash wijst niet naar de vorige regel (regel verwijderd of ingevoegd)"
            if compute_hash(prev, event) != event.hash:
                return event.id, "inhoud komt niet overeen met de hash (regel gewijzigd)"
            prev = event.hash
            last_id = event.id
            seen += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if seen:
            return last_id, "de kop van de keten ontbreekt"
        return None
    if head.last_hash != prev:
        if seen > head.count:
            return last_id, "regel(s) achter de laatst vastgelegde regel toegevoegd"
        return last_id, "de laatste regel(s) ontbreken (keten korter dan de kop)"
    return None
