"""Writing and verifying the hash-chained audit trail."""

import hashlib
import json

from django.db import transaction

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


def record(action: str, object_type: str, object_id="", *, case_id=None, person_id=None, purpose: str = "",
           details: dict | None = None, user=None, actor=None) -> AuditEvent:
    """Append one audit entry for the current actor (or the given user/actor)."""
    actor = actor or current_actor()
    if user is None and actor is not None:
        user = actor.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    from django.utils import timezone

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
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
            head = AuditChainHead.objects.select_for_update().get(pk=1)
        event.prev_hash = head.last_hash
        event.hash = compute_hash(head.last_hash, event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=head.count + 1)
    return event


def verify_chain(batch_size: int = 5000):
    """Return None when the chain is intact, else (event_id, explanation) of the first broken link."""
    prev = GENESIS
    last_id = 0
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
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        return last_id, "de laatste regel(s) ontbreken (keten korter dan de kop)"
    return None
