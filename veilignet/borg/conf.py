"""Settings of the BORG app (override in settings.py; defaults here, sources in the comments)."""

from django.conf import settings

# Start within one or two months of the arrest (000; 001 §4.3 recommendation h).
START_AFTER_ARREST_TARGET_DAYS = getattr(settings, "BORG_START_AFTER_ARREST_TARGET_DAYS", 61)
START_AFTER_ARREST_GOOD_DAYS = getattr(settings, "BORG_START_AFTER_ARREST_GOOD_DAYS", 31)
# Rolling intake: new participants can join any cluster within four weeks (001 §4.2).
INTAKE_TO_START_TARGET_DAYS = getattr(settings, "BORG_INTAKE_TO_START_TARGET_DAYS", 28)
# Group size norm 8–12 (001 §4.2; in practice often 3–4): warn outside, do not refuse.
GROUP_SIZE_MIN = getattr(settings, "BORG_GROUP_SIZE_MIN", 8)
GROUP_SIZE_MAX = getattr(settings, "BORG_GROUP_SIZE_MAX", 12)
# The WODC baseline the timeliness figures are compared with (001 §4.3): 8.5 months on average.
WODC_MEAN_MONTHS_INCIDENT_TO_START = 8.5
