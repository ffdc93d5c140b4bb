"""The scoped worklist from one index (issue 3: scoping adds <= 20 % to the worklist p95).

Participation gets copies of its case's status and opened_at and an index (organisation, ended_at,
-case_opened_at, case_status, case): an organisation's worklist (count, status filter, order, page)
is then a range of this index, as cheap as the unscoped list on cases (status, -opened_at), instead of
one case lookup per participation. The copies are kept by triggers, whatever writes them (services,
queryset.update, bulk_create, SQL): on insert or update of a participation they are read from the case;
on an update of a case's status or opened_at they are pushed to its participations.
"""

from django.db import migrations, models

PG_CREATE = """
CREATE OR REPLACE FUNCTION access_participation_case_copy() RETURNS trigger AS $$
BEGIN
    SELECT status, opened_at INTO NEW.case_status, NEW.case_opened_at FROM cases_case WHERE id = NEW.case_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_participation_case_copy ON access_participation;
CREATE TRIGGER access_participation_case_copy BEFORE INSERT OR UPDATE ON access_participation
    FOR EACH ROW EXECUTE FUNCTION access_participation_case_copy();
CREATE OR REPLACE FUNCTION access_case_to_participation() RETURNS trigger AS $$
BEGIN
    UPDATE access_participation SET case_status = NEW.status, case_opened_at = NEW.opened_at
        WHERE case_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS access_case_to_participation ON cases_case;
CREATE TRIGGER access_case_to_participation AFTER UPDATE OF status, opened_at ON cases_case
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.opened_at IS DISTINCT FROM NEW.opened_at)
    EXECUTE FUNCTION access_case_to_participation();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS access_case_to_participation ON cases_case;
DROP FUNCTION IF EXISTS access_case_to_participation();
DROP TRIGGER IF EXISTS access_participation_case_copy ON access_participation;
DROP FUNCTION IF EXISTS access_participation_case_copy();
"""
_SQLITE_COPY = """UPDATE access_participation
       SET case_status = (SELECT status FROM cases_case WHERE id = NEW.case_id),
           case_opened_at = (SELECT opened_at FROM cases_case WHERE id = NEW.case_id)
       WHERE id = NEW.id;"""
# SQLite's recursive_triggers is off (the default): the copy's own UPDATE does not fire it again.
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS access_participation_copy_insert AFTER INSERT ON access_participation
       BEGIN {_SQLITE_COPY} END;""",
    f"""CREATE TRIGGER IF NOT EXISTS access_participation_copy_update AFTER UPDATE ON access_participation
       BEGIN {_SQLITE_COPY} END;""",
    """CREATE TRIGGER IF NOT EXISTS access_case_to_participation AFTER UPDATE OF status, opened_at ON cases_case
       WHEN OLD.status IS NOT NEW.status OR OLD.opened_at IS NOT NEW.opened_at
       BEGIN UPDATE access_participation SET case_status = NEW.status, case_opened_at = NEW.opened_at
             WHERE case_id = NEW.id; END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS access_participation_copy_insert;",
    "DROP TRIGGER IF EXISTS access_participation_copy_update;",
    "DROP TRIGGER IF EXISTS access_case_to_participation;",
]
BACKFILL = """UPDATE access_participation
    SET case_status = (SELECT status FROM cases_case WHERE cases_case.id = access_participation.case_id),
        case_opened_at = (SELECT opened_at FROM cases_case WHERE cases_case.id = access_participation.case_id)"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
    schema_editor.execute(BACKFILL)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_audit_triggers"), ("cases", "0003_worklist_and_search_covering_indexes")]

    operations = [
        migrations.AddField(
            model_name="participation", name="case_status",
            field=models.CharField(blank=True, default="", editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name="participation", name="case_opened_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(fields=["organisation", "ended_at", "-case_opened_at", "case_status", "case"],
                               name="participation_org_worklist"),
        ),
    ]
