"""How audit entries are appended (issue 3 §4 and the "auditing adds <= 3 ms per request" figure): one
chain-head lock and one multi-row INSERT per request, no savepoints, the same canonical form as before
(existing chains keep verifying), and one chain under concurrent writers."""

import hashlib
import json
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from veilignet.access import audit
from veilignet.access.models import AuditChainHead, AuditEvent


def _old_canonical(event: AuditEvent) -> str:
    """The canonical form as the first version of audit.py computed it (json.dumps of the whole entry)."""
    payload = {
        "at": event.at.isoformat(), "user_id": event.user_id, "username": event.username,
        "organisation_code": event.organisation_code, "action": event.action, "object_type": event.object_type,
        "object_id": event.object_id, "case_id": str(event.case_id) if event.case_id else None,
        "person_id": str(event.person_id) if event.person_id else None, "purpose": event.purpose,
        "channel": event.channel, "session_ref": event.session_ref, "details": event.details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)


def _audit_sql(queries):
    return [q["sql"] for q in queries if "access_auditevent" in q["sql"] or "access_auditchainhead" in q["sql"]]


@pytest.mark.django_db
def test_hash_is_the_same_as_the_first_versions_canonical_form(vt, case):
    """Chains written before the cheaper canonical form must still verify: same bytes hashed."""
    from datetime import date

    audit.record("read", "case", case.pk, case_id=case.pk, user=vt)
    audit.record("update", "case", case.pk, case_id=str(case.pk), user=vt, purpose="Één \"doel\" \\ ü",
                 details={"z": [1, 2.5, None, True], "a": {"ä": "ß", "b": date(2026, 1, 2)}, 3: "drie"})
    audit.record("export", "person", "p", person_id=uuid.uuid4(), details={})
    audit.record("login", "user", "", user=None)
    prev = audit.GENESIS
    for event in AuditEvent.objects.order_by("id"):
        assert event.prev_hash == prev
        assert event.hash == hashlib.sha256((prev + _old_canonical(event)).encode()).hexdigest()
        assert audit.compute_hash(prev, event) == event.hash
        prev = event.hash
    stored = AuditEvent.objects.get(action="update")
    assert stored.details == {"z": [1, 2.5, None, True], "a": {"ä": "ß", "b": "2026-01-02"}, "3": "drie"}
    assert stored.purpose == "Één \"doel\" \\ ü" and stored.case_id == case.pk
    assert audit.verify_chain() is None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/dossiers/{}/", "/api/v1/dossiers/{}"])
def test_one_request_appends_its_reads_with_one_insert_and_one_head_lock(vt, case, client, api, path):
    before = AuditEvent.objects.count()
    client.force_login(vt)
    with CaptureQueriesContext(connection) as ctx:
        if path.startswith("/api/"):
            response = api(vt, "get", path.format(case.pk))
        else:
            response = client.get(path.format(case.pk))
    assert response.status_code == 200
    sql = _audit_sql(ctx.captured_queries)
    inserts = [s for s in sql if "INSERT INTO" in s]
    heads = [s for s in sql if s.startswith("SELECT") and "access_auditchainhead" in s]
    assert len(inserts) == 1 and len(heads) == 1, sql
    if connection.vendor == "postgresql":
        # Head and entries in one statement that only succeeds if the head is unchanged (no lock held
        # between the two round trips) ...
        assert len(sql) == 2 and inserts[0].startswith("WITH") and '"last_hash" = ' in inserts[0].split("INSERT")[0]
    else:
        # ... or, on SQLite, under the write lock of BEGIN IMMEDIATE: head, one INSERT, head update.
        assert len(sql) == 3 and sql[2].startswith("UPDATE")
    # The test runs inside a transaction, so the append is nested: it must not open a savepoint.
    statements = [q["sql"] for q in ctx.captured_queries]
    assert "SAVEPOINT" not in statements[statements.index(heads[0]) - 1].upper()
    # The case, each person and the reporter: several entries, all in that one insert.
    assert AuditEvent.objects.count() - before >= 3
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_purpose_looked_up_once_per_case_and_request(vt, case):
    tokens = audit.start_request_buffer()
    try:
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(5):
                audit.record("read", "person", "x", case_id=case.pk, user=vt)
        assert len(ctx.captured_queries) == 1
    finally:
        audit.end_request_buffer(tokens)
    purposes = set(AuditEvent.objects.filter(object_type="person").values_list("purpose", flat=True))
    assert purposes == {"Behandeling van de melding"}


@pytest.mark.django_db
def test_write_inside_callers_transaction_has_no_savepoint_and_rolls_back_with_it(vt, case):
    count = AuditChainHead.objects.get().count
    with CaptureQueriesContext(connection) as ctx:
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.record("update", "case", case.pk, case_id=case.pk, user=vt)
            raise RuntimeError("change failed")
    savepoints = [q["sql"] for q in ctx.captured_queries if q["sql"].upper().startswith("SAVEPOINT")]
    assert len(savepoints) == 1  # the block's own (the test runs in a transaction); none for the entry
    assert not AuditEvent.objects.filter(action="update", object_type="case").exists()
    assert AuditChainHead.objects.get().count == count
    audit.record("update", "case", case.pk, case_id=case.pk, user=vt)
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_batch_appends_many_entries_in_chunks(vt):
    with audit.batch():
        for i in range(150):  # more than one INSERT's worth of rows
            audit.record("create", "thing", i, user=vt, details={"i": i})
    assert AuditEvent.objects.filter(object_type="thing").count() == 150
    assert AuditChainHead.objects.get().count == AuditEvent.objects.count()
    assert audit.verify_chain() is None


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers with BEGIN IMMEDIATE; the in-memory test database "
                           "(shared cache) refuses a second writer instead of letting it wait")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_two_connections_form_one_chain(vt):
    """A writer that appends while another transaction holds the chain head waits for it and then
    chains onto its entry; without the lock both would point at the same previous hash (a fork)."""
    audit.record("update", "case", "vooraf", user=vt)  # the chain head exists before the race
    holding, release = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                audit.record("update", "case", "eerste", user=vt)
                holding.set()
                release.wait(10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def other(name):
        try:
            audit.record("update", "case", name, user=vt)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(10)
    second = threading.Thread(target=other, args=("tweede",))
    second.start()
    second.join(1.0)  # give it time to reach the chain head (it must wait there)
    release.set()
    a.join(10)
    second.join(10)
    more = [threading.Thread(target=other, args=(f"n{i}",)) for i in range(6)]
    for t in more:
        t.start()
    for t in more:
        t.join(20)
    assert not errors, errors
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.object_id for r in rows[:3]] == ["vooraf", "eerste", "tweede"]
    assert rows[2].prev_hash == rows[1].hash
    assert len(rows) == 9 == AuditChainHead.objects.get().count
    assert len({r.prev_hash for r in rows}) == 9  # no two entries share a predecessor
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_locked_append_when_the_head_keeps_moving(vt, monkeypatch):
    """PostgreSQL falls back to SELECT ... FOR UPDATE when the head moved under it repeatedly (SQLite
    always appends that way); the chain stays whole either way."""
    monkeypatch.setattr(audit, "_append_if_head_unchanged", lambda *a, **k: False)
    audit.record("update", "case", "a", user=vt)
    with CaptureQueriesContext(connection) as ctx, audit.batch():
        audit.record("update", "case", "b", user=vt)
        audit.record("update", "case", "c", user=vt, details={"x": 1})
    heads = [q["sql"] for q in ctx.captured_queries if "access_auditchainhead" in q["sql"] and "SELECT" in q["sql"]]
    assert len(heads) == 1
    if connection.vendor == "postgresql":
        assert heads[0].rstrip().endswith("FOR UPDATE")
    assert list(AuditEvent.objects.order_by("id").values_list("object_id", flat=True)) == ["a", "b", "c"]
    assert AuditChainHead.objects.get().count == 3
    assert audit.verify_chain() is None


@pytest.mark.django_db
def test_prefilled_purposes_are_what_each_record_would_look_up(vt, police, case):
    from veilignet.access import services

    services.break_glass(police, case, "Melding van acuut geweld, agenten ter plaatse, dreiging met mes")
    expected = {u.username: audit._context_of(u, case.pk)[1] for u in (vt, police)}
    assert expected[vt.username] == "Behandeling van de melding"
    assert expected[police.username].startswith("doorbraak: ")
    with transaction.atomic(), audit.batch():
        for user in (vt, police):
            audit.prefill_purposes([case.pk], user=user)
        with CaptureQueriesContext(connection) as ctx:
            for user in (vt, police):
                audit.record("create", "deadline", user.username, case_id=case.pk, user=user)
        assert len(ctx.captured_queries) == 0
    got = dict(AuditEvent.objects.filter(object_type="deadline", object_id__in=expected)
               .values_list("username", "purpose"))
    assert got == expected
