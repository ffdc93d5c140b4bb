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
