"""Monitor settings (override in settings.py or the environment-driven settings)."""

from django.conf import settings


def rct_seed_secret() -> str:
    """Secret from which a new trial's seed is derived when none is given (default: SECRET_KEY)."""
    return getattr(settings, "RCT_SEED_SECRET", settings.SECRET_KEY)


def pseudonym_key() -> str:
    return getattr(settings, "PSEUDONYM_KEY", settings.SECRET_KEY)


PSEUDONYM_LENGTH = getattr(settings, "MONITOR_PSEUDONYM_LENGTH", 20)
