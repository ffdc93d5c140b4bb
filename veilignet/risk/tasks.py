"""Background work of the risk app (django-tasks; `manage.py db_worker` runs it, `make run` starts one)."""

from django_tasks import task


@task()
def screen_reports(report_ids: list[str]) -> int:
    """Screen the descriptions of reports registered in bulk (cases.services.register_reports) and store
    their signals, as the single-report hook does at once. Idempotent: a rerun stores nothing twice.
    Returns the number of signals stored."""
    from .services import screen_reports_now

    return screen_reports_now(report_ids)
