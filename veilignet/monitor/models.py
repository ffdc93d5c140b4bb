"""Monitor data: the RCT (trials and allocations) and the research data the case registry lacks
(justice data on recidivism, BORG delivery) that generate_national fills and export_research reads.

The later indicator dashboard / BORG-monitor screens read JusticeRecord and BorgRecord (or the
borg app's trajectories) and call veilignet.monitor.recidivism for the analysis.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_arms():
    return [{"code": "borg", "label": "BORG", "ratio": 1}, {"code": "control", "label": "Controle", "ratio": 1}]


def default_multipliers():
    return [1, 2]


class Trial(models.Model):
    """A randomised trial (001 §4.3: evaluate the improved BORG in an RCT).

    ``arms``: [{"code", "label", "ratio"}]; ``strata_fields``: the stratum fields (empty: every field
    given at enrolment except the id); ``block_multipliers``: block sizes as multiples of the sum of
    the ratios, one drawn at random per block. ``seed`` is secret (never shown in UI or API); the
    trial statistician gets it through ``manage.py rct_seed`` (audited) and can reproduce every
    allocation with ``manage.py rct_reproduce``.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    arms = models.JSONField(_("armen"), default=default_arms)
    strata_fields = models.JSONField(_("stratificatievariabelen"), default=list, blank=True)
    block_multipliers = models.JSONField(_("blokgroottes (× som van de ratio's)"), default=default_multipliers)
    seed = models.CharField(max_length=128, editable=False)
    open = models.BooleanField(_("open voor inclusie"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("trial")

    def __str__(self):
        return self.code

    @property
    def arm_codes(self) -> list[str]:
        return [a["code"] for a in self.arms]


class Allocation(models.Model):
    """One randomised participant. Created only inside the enrolment transaction (services.enrol)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trial = models.ForeignKey(Trial, on_delete=models.PROTECT, related_name="allocations")
    participant_id = models.CharField(_("deelnemer"), max_length=100)
    strata = models.JSONField(default=dict)
    stratum = models.CharField(_("stratum"), max_length=500)
    arm = models.CharField(_("arm"), max_length=40)
    sequence_no = models.PositiveIntegerField(_("volgnummer in het stratum"))
    allocated_at = models.DateTimeField(default=timezone.now)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    enrolled_via = models.CharField(max_length=20, default="cli")

    class Meta:
        verbose_name = _("toewijzing")
        constraints = [
            models.UniqueConstraint(fields=["trial", "participant_id"], name="rct_once_per_participant"),
            models.UniqueConstraint(fields=["trial", "stratum", "sequence_no"], name="rct_sequence_unique"),
        ]
        indexes = [models.Index(fields=["trial", "stratum", "sequence_no"], name="rct_stratum_seq")]

    def __str__(self):
        return f"{self.trial_id}:{self.participant_id}"


class Offence(models.TextChoices):
    SIMPLE_ASSAULT = "simple_assault", _("eenvoudige mishandeling")
    THREAT = "threat", _("bedreiging")
    AGGRAVATED_ASSAULT = "aggravated_assault", _("zware mishandeling")
    OTHER = "other", _("overig")


class JusticeRecord(models.Model):
    """Justice data on an offender (as the WODC takes from the OBJD): the index offence, criminal
    history and the first new case of each type after the index date (empty = none)."""

    person = models.OneToOneField("cases.Person", on_delete=models.CASCADE, primary_key=True,
                                  related_name="justice_record")
    offence = models.CharField(max_length=20, choices=Offence.choices)
    prior_cases = models.PositiveIntegerField(default=0)
    prior_violent_cases = models.PositiveIntegerField(default=0)
    prior_dv_cases = models.PositiveIntegerField(default=0)
    age_first_case = models.PositiveIntegerField(null=True, blank=True)
    index_date = models.DateField(db_index=True)
    end_of_followup = models.DateField()
    dv_recid_date = models.DateField(null=True, blank=True)
    violent_recid_date = models.DateField(null=True, blank=True)
    any_recid_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=30, default="generated")

    def __str__(self):
        return f"justitie {self.person_id}"


class BorgRecord(models.Model):
    """A BORG trajectory as the monitor needs it (001 §4.3 delivery features). Filled by
    generate_national; the borg app's own trajectories are the source in production."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="borg_records")
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    region = models.CharField(max_length=40, db_index=True)
    framework = models.CharField(max_length=40)
    incident_date = models.DateField()
    start_date = models.DateField(db_index=True)
    completed = models.BooleanField(default=False)
    attendance_rate = models.FloatField(null=True, blank=True)
    individual = models.BooleanField(default=False)
    source = models.CharField(max_length=30, default="generated")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "start_date"], name="borg_record_once")]

    def __str__(self):
        return f"BORG {self.person_id} {self.start_date}"

from .models_dashboard import *  # noqa: E402,F401,F403
