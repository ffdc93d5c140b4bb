"""Database triggers that make the audit table append-only (issue 3 §4).

PostgreSQL: every UPDATE and DELETE on access_auditevent is rejected (TRUNCATE, used by test
flushes, is a separate statement and not covered).
SQLite: every UPDATE is rejected; a DELETE only of the oldest remaining row (so a full flush of a
test database works). Deleting from the start is still detected by verify_audit: the first row
then no longer chains to the genesis hash.
"""

from django.db import migrations

PG_CREATE = """
CREATE OR REPLACE FUNCTION access_audit_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Auditregels zijn onveranderbaar (%).', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_audit_immutable ON access_auditevent;
CREATE TRIGGER access_audit_immutable BEFORE UPDATE OR DELETE ON access_auditevent
    FOR EACH ROW EXECUTE FUNCTION access_audit_immutable();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS access_audit_immutable ON access_auditevent;
DROP FUNCTION IF EXISTS access_audit_immutable();
"""
SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS access_audit_no_update BEFORE UPDATE ON access_auditevent
       BEGIN SELECT RAISE(ABORT, 'Auditregels zijn onveranderbaar (UPDATE).'); END;""",
    """CREATE TRIGGER IF NOT EXISTS access_audit_no_delete BEFORE DELETE ON access_auditevent
       WHEN OLD.id > (SELECT MIN(id) FROM access_auditevent)
       BEGIN SELECT RAISE(ABORT, 'Auditregels zijn onveranderbaar (DELETE).'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS access_audit_no_update;", "DROP TRIGGER IF EXISTS access_audit_no_delete;"]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
