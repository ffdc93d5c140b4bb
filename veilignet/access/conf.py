"""Settings of the access app (override in settings.py or the environment)."""

from datetime import timedelta

from django.conf import settings


def break_glass_duration() -> timedelta:
    """How long a break-the-glass grant lasts (issue 3: default 24 hours)."""
    return timedelta(hours=getattr(settings, "BREAK_GLASS_HOURS", 24))


def require_2fa() -> bool:
    return bool(getattr(settings, "REQUIRE_2FA", True))


# Organisation types whose users may break the glass (police and Veilig Thuis; issue 3 §3).
BREAK_GLASS_ORG_TYPES = tuple(getattr(settings, "BREAK_GLASS_ORG_TYPES", ("politie", "veilig_thuis")))
