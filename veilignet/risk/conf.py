"""Settings of the risk app: getattr(settings, NAME, default)."""

from django.conf import settings

from .instrument import DEFAULT_REASSESS_DAYS


def reassess_days() -> dict:
    """Days until re-assessment per level (RISK_REASSESS_DAYS overrides any of them)."""
    days = dict(DEFAULT_REASSESS_DAYS)
    days.update(getattr(settings, "RISK_REASSESS_DAYS", {}) or {})
    return days


def repeat_incident_threshold() -> tuple[int, int]:
    """(count, days): this many reports within this many days flags repeated incidents (MARAC)."""
    return (getattr(settings, "RISK_REPEAT_COUNT", 3), getattr(settings, "RISK_REPEAT_DAYS", 365))


def signal_model_enabled() -> bool:
    """RISK_SIGNAL_MODEL (default True): the sentence model adds what the term lists miss (sentence_model.py)."""
    return bool(getattr(settings, "RISK_SIGNAL_MODEL", True))


def batch_screening() -> str:
    """RISK_BATCH_SCREENING: "task" (default; reports registered in bulk are screened by a background
    task, tasks.screen_reports) or "inline" (screened in the batch's transaction)."""
    return getattr(settings, "RISK_BATCH_SCREENING", "task")
