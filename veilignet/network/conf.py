"""Settings of the network app (override in settings.py; defaults here)."""

from django.conf import settings

# Base URL for links in e-mails (never case content, only a link).
SITE_URL = getattr(settings, "VEILIGNET_SITE_URL", "http://localhost:8000")
# Urgencies that make a report "serious violence" (001 §4.1: contact within one week).
SERIOUS_URGENCIES = tuple(getattr(settings, "NETWORK_SERIOUS_URGENCIES", ("acuut", "hoog")))
# Risk levels that escalate an overdue deadline to the case director and the lead organisation.
HIGH_RISK_LEVELS = tuple(getattr(settings, "NETWORK_HIGH_RISK_LEVELS", ("high", "extreme")))
# Fallback when no term is configured for a kind (days) — a term should always be configured.
FALLBACK_TERM_DAYS = getattr(settings, "NETWORK_FALLBACK_TERM_DAYS", 14)
# Sweep batch size for escalation processing.
SWEEP_BATCH = getattr(settings, "NETWORK_SWEEP_BATCH", 5000)
