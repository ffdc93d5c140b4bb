"""Writing and verifying the hash-chained audit trail (issue 3 §4).

Each entry's hash is sha256(previous hash + canonical form of the entry); the single AuditChainHead row
holds the newest hash and the number of entries, and is locked while appending (PostgreSQL: SELECT ...
FOR UPDATE; SQLite: the write lock taken by BEGIN IMMEDIATE), so concurrent writers form one chain.

Cost per request (bench/access_audit.py, "issue 3: auditing adds <= 3 ms p95"): reads are buffered and
appended once at the end of the request; the append is one SELECT of the head, one multi-row INSERT and
one UPDATE of the head in plain SQL (no ORM model saving, no savepoints); everything that does not depend
on the previous hash (the canonical form, the database values) is prepared before the head is locked; the
purpose and the organisation code are looked up in one query per case and cached for the request.
"""

import contextlib
import contextvars
import hashlib
import json
import uuid

from django.db import connections, router, transaction
from django.utils import timezone

from .context import current_actor
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
_SEP = (",", ":")
_dumps = json.JSONEncoder(separators=_SEP, default=str).encode
_dumps_sorted = json.JSONEncoder(sort_keys=True, separators=_SEP, default=str).encode


def canonical_details(details) -> str:
    """The details as hashed (and stored): JSON with sorted keys and no spaces."""
    if details == {}:
        return "{}"
    return _dumps_sorted(details)


def _canonical_fields(at, user_id, username, organisation_code, action, object_type, object_id, case_id,
                      person_id, purpose, channel, session_ref, details_json: str) -> str:
    """The canonical form of an entry: the JSON object of its fields with sorted keys and no spaces,
    exactly json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str) as earlier versions
    wrote it (so existing chains still verify), but with the details serialised once, not again."""
    d = _dumps
    return (
        '{"action":' + d(action)
        + ',"at":' + d(at.isoformat())
        + ',"case_id":' + d(str(case_id) if case_id else None)
        + ',"channel":' + d(channel)
        + ',"details":' + details_json
        + ',"object_id":' + d(object_id)
        + ',"object_type":' + d(object_type)
        + ',"organisation_code":' + d(organisation_code)
        + ',"person_id":' + d(str(person_id) if person_id else None)
        + ',"purpose":' + d(purpose)
        + ',"session_ref":' + d(session_ref)
        + ',"user_id":' + d(user_id)
        + ',"username":' + d(username)
        + "}"
    )


def _canonical(event: AuditEvent) -> str:
    return _canonical_fields(event.at, event.user_id, event.username, event.organisation_code, event.action,
                             event.object_type, event.object_id, event.case_id, event.person_id, event.purpose,
                             event.channel, event.session_ref, canonical_details(event.details))


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _canonical(event)).encode()).hexdigest()


# Reads are buffered per request and written in one transaction when the request ends (middleware):
# one chain-head lock and commit per request instead of one per read. Writes are recorded at once, inside
# the caller's transaction, so they roll back with the change they log (audit.batch() groups them).
READ_ACTIONS = frozenset({"read", "read_reporter", "list", "search", "export"})
_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar("veilignet_audit_buffer", default=None)
_write_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("veilignet_audit_writes", default=None)
# Per request (or batch): (user pk, case id) -> purpose, and ("org", organisation pk) -> organisation code.
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


def _as_uuid(value):
    if value is None or value == "" or isinstance(value, uuid.UUID):
        return value or None
    return uuid.UUID(str(value))


class _Entry:
    """An audit entry waiting to be chained: its canonical form and its column values (no model instance:
    building one per read cost more than the rest of record())."""

    __slots__ = ("canonical", "values")

    def __init__(self, canonical: str, values: list):
        self.canonical, self.values = canonical, values


def record(action: str, object_type: str, object_id="", *, case_id=None, person_id=None, purpose: str = "",
           details: dict | None = None, user=None, actor=None) -> None:
    """Append one audit entry for the current actor (or the given user/actor).

    A read during a request is buffered and appended when the request ends (middleware); a write inside
    audit.batch() at the end of the batch; anything else at once, inside the caller's transaction."""
    actor = actor or current_actor()
    if user is None and actor is not None:
        user = actor.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    case_id, person_id = _as_uuid(case_id), _as_uuid(person_id)
    user_id, username, organisation_code = None, "", ""
    if user is not None:
        user_id, username = user.pk, user.username
        if user.organisation_id:
            if not purpose and case_id:
                organisation_code, purpose = _context_of(user, case_id)
            else:
                organisation_code = _organisation_code(user)
    # Normalised once to what the database gives back (JSON types, string keys); the sorted JSON of it is
    # both hashed and stored, so it is not serialised again.
    details_json = canonical_details(json.loads(_dumps(details))) if details else "{}"
    at = timezone.now()
    object_id = str(object_id or "")
    purpose = purpose[:300]
    channel, session_ref = (actor.channel, actor.session_ref) if actor else ("cli", "")
    entry = _Entry(
        _canonical_fields(at, user_id, username, organisation_code, action, object_type, object_id, case_id,
                          person_id, purpose, channel, session_ref, details_json),
        [at, user_id, username, organisation_code, action, object_type, object_id, case_id, person_id, purpose,
         channel, session_ref, details_json],
    )
    pending = _buffer.get()
    if pending is not None and action in READ_ACTIONS:
        pending.append(entry)
        return
    writes = _write_batch.get()
    if writes is not None:
        writes.append(entry)
        return
    _append([entry])


_COLUMNS = ("at", "user_id", "username", "organisation_code", "action", "object_type", "object_id", "case_id",
            "person_id", "purpose", "channel", "session_ref", "details", "prev_hash", "hash")
_ROWS_PER_INSERT = 60  # 15 columns: 900 parameters, under SQLite's oldest limit of 999
_PG_ROWS_PER_INSERT = 1000
_sql_cache: dict = {}


def _sql(connection) -> dict:
    """The statements of the append and of the purpose lookup for this database, built once from the
    models' tables and columns."""
    key = connection.alias
    if key not in _sql_cache:
        from veilignet.accounts.models import Organisation

        from .models import Participation

        qn = connection.ops.quote_name

        def col(model, name):
            return qn(model._meta.get_field(name).column)

        event_table, head_table = qn(AuditEvent._meta.db_table), qn(AuditChainHead._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        org, part = qn(Organisation._meta.db_table), qn(Participation._meta.db_table)
        fields = {f.column: f for f in AuditEvent._meta.concrete_fields}
        head_sql = f"SELECT {qn('last_hash')}, {qn('count')} FROM {head_table} WHERE {qn('id')} = 1"
        columns = ", ".join(qn(c) for c in _COLUMNS)
        _sql_cache[key] = {
            "head": head_sql + lock,
            "head_unlocked": head_sql,
            # PostgreSQL: new head and entries in one statement, only if the head is still the one read.
            "append_if_head": (
                f"WITH moved AS (UPDATE {head_table} SET {qn('last_hash')} = %s, {qn('count')} = {qn('count')} + %s "
                f"WHERE {qn('id')} = 1 AND {qn('last_hash')} = %s RETURNING 1) "
                f"INSERT INTO {event_table} ({columns}) SELECT * FROM (VALUES "
            ),
            # Typed, since VALUES would make text of them; character columns as text, so that a value too
            # long fails on insert as before instead of being cut off (after it was hashed).
            "typed_row": "(" + ", ".join(
                f"CAST(%s AS {'text' if fields[c].get_internal_type() == 'CharField' else fields[c].db_type(connection)})"
                for c in _COLUMNS) + ")",
            "append_if_head_end": f") AS entry ({columns}) WHERE EXISTS (SELECT 1 FROM moved)",
            "insert": f"INSERT INTO {event_table} ({columns}) VALUES ",
            "row": "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")",
            "update": f"UPDATE {head_table} SET {qn('last_hash')} = %s, {qn('count')} = %s WHERE {qn('id')} = 1",
            # The organisation's code and the purpose of its active participation in the case, in one query.
            "context": (
                f"SELECT o.{col(Organisation, 'code')}, (SELECT p.{col(Participation, 'purpose')} FROM {part} p "
                f"WHERE p.{col(Participation, 'case')} = %s AND p.{col(Participation, 'organisation')} = "
                f"o.{col(Organisation, 'id')} AND p.{col(Participation, 'ended_at')} IS NULL "
                f"ORDER BY p.{col(Participation, 'id')} LIMIT 1) "
                f"FROM {org} o WHERE o.{col(Organisation, 'id')} = %s"
            ),
        }
    return _sql_cache[key]


def _connection():
    return connections[router.db_for_write(AuditEvent)]


def _append(entries: list) -> None:
    """Chain the entries onto the head and insert them, holding the chain head only for that.

    The canonical forms are made when the entries are recorded and the database values here, before the
    head is read. PostgreSQL: per chunk, read the head and write the entries and the new head in one
    statement that only succeeds if the head is still the one read (else read it again); outside a
    transaction that is two round trips and one commit. SQLite (and the fallback): in one transaction,
    or inside the caller's without a savepoint: lock and read the head, one multi-row INSERT, update the
    head."""
    connection = _connection()
    adapt_at = connection.ops.adapt_datetimefield_value
    prep_uuid = AuditEvent._meta.get_field("case_id").get_db_prep_value
    rows = []
    for entry in entries:
        v = entry.values
        rows.append([adapt_at(v[0]), *v[1:7], prep_uuid(v[7], connection), prep_uuid(v[8], connection), *v[9:]])
    if connection.vendor == "postgresql":
        for start in range(0, len(rows), _PG_ROWS_PER_INSERT):
            end = start + _PG_ROWS_PER_INSERT
            if not _append_if_head_unchanged(connection, entries[start:end], rows[start:end]):
                _append_locked(connection, entries[start:end], rows[start:end])
        return
    _append_locked(connection, entries, rows)


def _chain(entries, rows, last: str) -> list:
    """The rows with prev_hash and hash, chained onto `last`."""
    chained = []
    for entry, row in zip(entries, rows):
        prev, last = last, hashlib.sha256((last + entry.canonical).encode()).hexdigest()
        chained.append([*row, prev, last])
    return chained


def _read_head(cursor, connection, sql: str):
    cursor.execute(sql)
    head = cursor.fetchone()
    if head is None:
        AuditChainHead.objects.using(connection.alias).get_or_create(pk=1, defaults={"last_hash": GENESIS})
        cursor.execute(sql)
        head = cursor.fetchone()
    return head


def _append_locked(connection, entries, rows) -> None:
    sql = _sql(connection)
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        last, count = _read_head(cursor, connection, sql["head"])
        chained = _chain(entries, rows, last)
        for start in range(0, len(chained), _ROWS_PER_INSERT):
            chunk = chained[start:start + _ROWS_PER_INSERT]
            cursor.execute(sql["insert"] + ", ".join([sql["row"]] * len(chunk)),
                           [value for row in chunk for value in row])
        cursor.execute(sql["update"], [chained[-1][-1], count + len(chained)])


def _append_if_head_unchanged(connection, entries, rows, attempts: int = 3) -> bool:
    """PostgreSQL: UPDATE the head WHERE it still has the hash read, and INSERT the entries only if that
    UPDATE hit the row, in one statement. A concurrent appender that got there first changes the hash,
    so this one inserts nothing and tries again on the new head: one chain, never a fork. The UPDATE
    keeps the head's row lock until the commit (at once outside a transaction)."""
    sql = _sql(connection)
    with connection.cursor() as cursor:
        for _ in range(attempts):
            last, _count = _read_head(cursor, connection, sql["head_unlocked"])
            chained = _chain(entries, rows, last)
            cursor.execute(sql["append_if_head"] + ", ".join([sql["typed_row"]] * len(chained))
                           + sql["append_if_head_end"],
                           [chained[-1][-1], len(chained), last, *(value for row in chained for value in row)])
            if cursor.rowcount == len(chained):
                return True
    return False


def _organisation_code(user) -> str:
    """The code of the user's organisation: from the user object if loaded, else one query per request."""
    if user._meta.get_field("organisation").is_cached(user):
        return user.organisation.code
    cache = _purposes.get()
    key = ("org", user.organisation_id)
    if cache is not None and key in cache:
        return cache[key]
    from veilignet.accounts.models import Organisation

    code = Organisation.objects.filter(pk=user.organisation_id).values_list("code", flat=True).first() or ""
    if cache is not None:
        cache[key] = code
    return code


def _context_of(user, case_id) -> tuple[str, str]:
    """(organisation code, purpose) for an entry about a case: the purpose the user's organisation
    participates for, or the break-the-glass reason. One query (organisation code and participation
    together), cached for the request; the break-the-glass lookup only when there is no participation."""
    cache = _purposes.get()
    key = (user.pk, case_id)
    org_key = ("org", user.organisation_id)
    if cache is not None and key in cache and org_key in cache:
        return cache[org_key], cache[key]
    connection = _connection()
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection)["context"], [
            AuditEvent._meta.get_field("case_id").get_db_prep_value(case_id, connection), user.organisation_id])
        row = cursor.fetchone()
    code, found = row or ("", None)
    if not found:
        from .models import BreakGlassAccess

        reason = (BreakGlassAccess.objects.filter(case_id=case_id, user=user, expires_at__gt=timezone.now())
                  .values_list("reason", flat=True).first())
        found = f"doorbraak: {reason}" if reason else ""
    if cache is not None:
        cache[key], cache[org_key] = found, code
    return code, found


def prefill_purposes(case_ids, user=None) -> None:
    """Inside audit.batch() or a request: look up, for many cases at once, what _context_of would look up per
    case (the purpose the user's organisation participates for, else a break-the-glass reason), so that the
    audit.record calls of a batch use the cache. Two or three queries instead of one or two per case."""
    cache = _purposes.get()
    if user is None:
        actor = current_actor()
        user = actor.user if actor is not None else None
    if cache is None or user is None or not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return
    ids = {_as_uuid(c) for c in case_ids} - {k[1] for k in cache if k[0] == user.pk}
    if not ids:
        return
    from .models import BreakGlassAccess, Participation

    cache[("org", user.organisation_id)] = _organisation_code(user)
    found = dict(Participation.objects.filter(case_id__in=ids, organisation_id=user.organisation_id,
                                              ended_at__isnull=True).values_list("case_id", "purpose"))
    missing = ids - set(found)
    if missing:
        for case_id, reason in (BreakGlassAccess.objects.filter(case_id__in=missing, user=user,
                                                                 expires_at__gt=timezone.now())
                                .order_by("-created_at").values_list("case_id", "reason")):
            found.setdefault(case_id, f"doorbraak: {reason}")
    for case_id in ids:
        cache[(user.pk, case_id)] = found.get(case_id, "")


_VERIFY_FIELDS = ("id", "at", "user_id", "username", "organisation_code", "action", "object_type", "object_id",
                  "case_id", "person_id", "purpose", "channel", "session_ref", "details", "prev_hash", "hash")


def verify_chain(batch_size: int = 5000):
    """Return None when the chain is intact, else (event_id, explanation) of the first broken link.

    Detects an edited row (hash mismatch), a deleted or inserted row (prev_hash mismatch) and a cut-off
    or appended tail (the chain head, updated with every append, no longer matches)."""
    prev = GENESIS
    last_id = 0
    seen = 0
    sha256 = hashlib.sha256
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id").values_list(*_VERIFY_FIELDS)
                    [:batch_size])
        if not rows:
            break
        for (event_id, at, user_id, username, organisation_code, action, object_type, object_id, case_id,
             person_id, purpose, channel, session_ref, details, prev_hash, stored_hash) in rows:
            if prev_hash != prev:
                return event_id, "prev_hash wijst niet naar de vorige regel (regel verwijderd of ingevoegd)"
            canonical = _canonical_fields(at, user_id, username, organisation_code, action, object_type, object_id,
                                          case_id, person_id, purpose, channel, session_ref,
                                          canonical_details(details))
            if sha256((prev + canonical).encode()).hexdigest() != stored_hash:
                return event_id, "inhoud komt niet overeen met de hash (regel gewijzigd)"
            prev = stored_hash
            last_id = event_id
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
