"""The tamper-evident audit trail (issue 3 §4): append-only, hash chain, verify_audit."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from veilignet.access import audit
from veilignet.access.models import AuditChainHead, AuditEvent, AuditImmutableError

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(vt):
    for i in range(5):
        audit.record("read", "case", f"obj-{i}", user=vt, details={"i": i})
    return list(AuditEvent.objects.order_by("id"))


def run_verify():
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def disable_triggers():
    """Tests tamper with the table as an attacker with database access would: triggers off (rolled
    back with the test's transaction)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE access_auditevent DISABLE TRIGGER access_audit_immutable")
        else:
            cur.execute("DROP TRIGGER IF EXISTS access_audit_no_update")
            cur.execute("DROP TRIGGER IF EXISTS access_audit_no_delete")


def test_intact_chain_ok(chain):
    code, output = run_verify()
    assert code == 0 and output.startswith("OK")
    assert chain[0].prev_hash == audit.GENESIS and chain[1].prev_hash == chain[0].hash
    assert AuditChainHead.objects.get().count == 5


def test_orm_refuses_update_and_delete(chain):
    event = chain[2]
    event.action = "niets"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "read"


def test_database_trigger_refuses_raw_update_and_delete(chain):
    for sql in (f"UPDATE access_auditevent SET action='x' WHERE id={chain[2].id}",
                f"DELETE FROM access_auditevent WHERE id={chain[2].id}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEvent.objects.get(pk=chain[2].pk).action == "read"


def test_edited_row_detected(chain):
    disable_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE access_auditevent SET username=%s WHERE id=%s", ["iemand-anders", chain[2].id])
    code, output = run_verify()
    assert code == 1
    assert f"auditregel {chain[2].id}" in output and "gewijzigd" in output


def test_edited_details_detected(chain):
    disable_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE access_auditevent SET details=%s WHERE id=%s", ['{"i": 99}', chain[3].id])
    code, output = run_verify()
    assert code == 1 and f"auditregel {chain[3].id}" in output


def test_deleted_row_detected(chain):
    disable_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM access_auditevent WHERE id=%s", [chain[1].id])
    code, output = run_verify()
    assert code == 1 and f"auditregel {chain[2].id}" in output and "verwijderd" in output


def test_deleted_tail_detected(chain):
    disable_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM access_auditevent WHERE id=%s", [chain[4].id])
    code, output = run_verify()
    assert code == 1 and "ontbreken" in output


def test_inserted_row_detected(chain, vt):
    # A forged row, inserted between existing ones with a made-up hash.
    from django.utils import timezone

    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO access_auditevent (id, at, user_id, username, organisation_code, action, object_type, "
            "object_id, purpose, channel, session_ref, details, prev_hash, hash) "
            "VALUES (%s, %s, NULL, 'x', '', 'read', 'case', '', '', 'web', '', '{}', %s, %s)",
            [chain[4].id + 10, timezone.now(), chain[4].hash, "f" * 64],
        )
    code, output = run_verify()
    assert code == 1 and f"auditregel {chain[4].id + 10}" in output


def test_appended_row_with_valid_hash_but_no_head_detected(chain):
    forged = AuditEvent(at=chain[4].at, username="x", action="read", object_type="case", details={},
                        prev_hash=chain[4].hash)
    forged.hash = audit.compute_hash(chain[4].hash, forged)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO access_auditevent (id, at, username, organisation_code, action, object_type, object_id, "
            "purpose, channel, session_ref, details, prev_hash, hash) "
            "VALUES (%s, %s, 'x', '', 'read', 'case', '', '', '', '', '{}', %s, %s)",
            [chain[4].id + 1, forged.at, forged.prev_hash, forged.hash],
        )
    code, output = run_verify()
    assert code == 1 and "toegevoegd" in output


def test_record_captures_actor_org_purpose_and_session(vt, case, client):
    client.force_login(vt)
    client.get(f"/toegang/dossier/{case.pk}/deelnemers/")
    event = AuditEvent.objects.filter(object_type="participation", action="read").latest("id")
    assert event.username == "vt1" and event.organisation_code == "vt-utrecht" and event.channel == "web"
    assert event.session_ref.startswith("session:") and event.purpose == "Behandeling van de melding"
    assert event.case_id == case.pk
