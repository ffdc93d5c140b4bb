"""BORG data: trajectories (one perpetrator in one case), groups, sessions, attendance, goals.

Data only; the write paths are in services.py. Sources: 001 §4.2 (Factsheet BORG), 001 §4.3 (WODC
evaluation), 000 (beleidsreactie), SYSTEM.md §5. The fields the monitor reads are listed in
veilignet/borg/README.md; they are kept up to date by services.refresh_stats().
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Framework(models.TextChoices):
    """The frameworks in which BORG can be followed (000; SYSTEM.md §5)."""

    GEDRAGSAANWIJZING = "gedragsaanwijzing", _("Gedragsaanwijzing bij een strafbeschikking (OM)")
    BIJZONDERE_VOORWAARDE = "bijzondere_voorwaarde", _("Bijzondere voorwaarde bij een voorwaardelijke straf (rechter)")
    SCHORSING_VH = "schorsing_voorlopige_hechtenis", _("Schorsing van de voorlopige hechtenis")
    VRIJWILLIG_LOPENDE_ZAAK = "vrijwillig_lopende_zaak", _("Vrijwillig, terwijl de strafzaak loopt")
    VRIJWILLIG_VT_WIJKTEAM = "vrijwillig_vt_wijkteam", _("Vrijwillig, na verwijzing door Veilig Thuis of wijkteam")
    # Historical only: refused for decisions from 1 March 2021 (000; Aanwijzing sepot 2020A013).
    VOORWAARDELIJK_SEPOT = "voorwaardelijk_sepot", _("Voorwaardelijk beleidssepot (alleen vóór 1 maart 2021)")


VOORWAARDELIJK_SEPOT = Framework.VOORWAARDELIJK_SEPOT
SEPOT_CUTOFF = date(2021, 3, 1)

VOLUNTARY_FRAMEWORKS = (Framework.VRIJWILLIG_LOPENDE_ZAAK, Framework.VRIJWILLIG_VT_WIJKTEAM)


class FrameworkKind(models.TextChoices):
    VOLUNTARY = "vrijwillig", _("vrijwillig kader")
    MANDATORY = "verplicht", _("verplicht (strafrechtelijk) kader")


def framework_kind(framework: str) -> str:
    return FrameworkKind.VOLUNTARY if framework in VOLUNTARY_FRAMEWORKS else FrameworkKind.MANDATORY


class Variant(models.TextChoices):
    GROUP = "groep", _("groepsvariant (3 individuele + 12 groepssessies van 2,5 uur)")
    INDIVIDUAL = "individueel", _("individuele variant (3 individuele + 10 sessies van 1,5 uur)")


class Status(models.TextChoices):
    SCREENING = "screening", _("screening")
    INTAKE = "intake", _("intake gehouden")
    STARTED = "gestart", _("gestart")
    COMPLETED = "afgerond", _("afgerond")
    DROPPED_OUT = "uitgevallen", _("voortijdig beëindigd")
    CANCELLED = "geannuleerd", _("niet gestart")


ACTIVE_STATUSES = (Status.SCREENING, Status.INTAKE, Status.STARTED)
CLOSED_STATUSES = (Status.COMPLETED, Status.DROPPED_OUT, Status.CANCELLED)


class PartnerInvolvement(models.TextChoices):
    NONE = "geen", _("(nog) niet betrokken")
    INVOLVED = "betrokken", _("betrokken na veiligheidscheck")
    NOT_SAFE = "niet_veilig", _("niet betrokken: onveilig na veiligheidscheck")
    DECLINED = "geweigerd", _("partner wil niet betrokken worden")


class BorgGroup(models.Model):
    """A BORG training group of one reclassering organisation. Voluntary and mandatory participants
    are never mixed (001 §2.7); 8–12 participants is the norm (in practice often 3–4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="borg_groups")
    name = models.CharField(_("naam"), max_length=120)
    region = models.CharField(_("regio"), max_length=40, db_index=True)
    framework_kind = models.CharField(_("kader"), max_length=12, choices=FrameworkKind.choices)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="borg_groups_trained",
                                      verbose_name=_("trainers"), blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("BORG-groep")
        verbose_name_plural = _("BORG-groepen")

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class BorgTrajectory(models.Model):
    """One perpetrator's BORG trajectory in a case: eligibility, framework, delivery, outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="borg_trajectories")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="borg_trajectories",
                               verbose_name=_("deelnemer (pleger)"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="borg_trajectories", verbose_name=_("reclasseringsorganisatie"))
    region = models.CharField(_("regio"), max_length=40, db_index=True)
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="borg_supervised", verbose_name=_("toezichthouder"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCREENING,
                              db_index=True)

    # Eligibility (the stored assessment; eligibility.decide() is the rule).
    eligibility_inputs = models.JSONField(_("invoer geschiktheid"), default=dict, blank=True)
    eligible = models.BooleanField(_("geschikt volgens de criteria"), null=True)
    eligibility_reasons = models.JSONField(_("redenen"), default=list, blank=True)
    eligibility_advice = models.JSONField(_("advies"), default=list, blank=True)
    criteria_failed = models.JSONField(_("niet voldaan"), default=list, blank=True)
    criteria_unknown = models.JSONField(_("onbekend"), default=list, blank=True)
    eligibility_assessed_at = models.DateTimeField(null=True, blank=True)
    eligibility_assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                                blank=True, related_name="+")
    overridden = models.BooleanField(_("criteria overruled"), default=False, db_index=True)
    override_reason = models.TextField(_("reden overrulen"), blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)
    intimate_terror_suspected = models.BooleanField(default=False)

    # Framework.
    framework = models.CharField(_("kader"), max_length=32, choices=Framework.choices, blank=True)
    framework_kind = models.CharField(_("soort kader"), max_length=12, choices=FrameworkKind.choices, blank=True)
    framework_date = models.DateField(_("datum beslissing kader"), null=True, blank=True)
    referred_by = models.CharField(_("verwezen door"), max_length=120, blank=True)

    # Delivery.
    variant = models.CharField(_("variant"), max_length=12, choices=Variant.choices, default=Variant.GROUP)
    group = models.ForeignKey(BorgGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="participants", verbose_name=_("groep"))
    joined_cluster = models.PositiveSmallIntegerField(_("instroom in cluster"), null=True, blank=True)
    joined_on = models.DateField(_("ingestroomd op"), null=True, blank=True)

    # Timeliness (001 §4.3: 8.5 months on average from incident to start; target 1–2 months).
    incident_date = models.DateField(_("datum incident"), null=True, blank=True)
    arrest_date = models.DateField(_("datum aanhouding"), null=True, blank=True)
    intake_date = models.DateField(_("datum intake"), null=True, blank=True)
    start_date = models.DateField(_("datum start"), null=True, blank=True)
    end_date = models.DateField(_("datum einde"), null=True, blank=True)

    # Partner involvement: only after a safety check, never when intimate terror is suspected.
    partner_involvement = models.CharField(_("betrokkenheid partner"), max_length=12,
                                           choices=PartnerInvolvement.choices, default=PartnerInvolvement.NONE)
    partner = models.ForeignKey("cases.Person", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="borg_partner_of", verbose_name=_("partner"))
    partner_safety_check_on = models.DateField(_("veiligheidscheck op"), null=True, blank=True)
    partner_safety_check_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                                blank=True, related_name="+")
    partner_safety_check_notes = models.TextField(_("uitkomst veiligheidscheck"), blank=True)
    partner_contact_name = models.CharField(_("eigen contactpersoon partner"), max_length=200, blank=True)
    partner_contact_organisation = models.CharField(_("organisatie contactpersoon partner"), max_length=200,
                                                    blank=True)

    # Outcome and follow-up.
    dropout_reason = models.TextField(_("reden uitval"), blank=True)
    follow_up = models.TextField(_("vervolg / doorverwijzing"), blank=True)
    # Soft link to veilignet.offers Referral (UUID as text; the offers app is built alongside).
    follow_up_referral_id = models.CharField(_("verwijzing (aanbod)"), max_length=64, blank=True)

    # Denormalised figures for the monitor (services.refresh_stats keeps them current).
    dual_role = models.BooleanField(_("trainer is ook toezichthouder"), default=False, db_index=True)
    sessions_planned = models.PositiveIntegerField(default=0)
    sessions_held = models.PositiveIntegerField(default=0)
    sessions_attended = models.PositiveIntegerField(default=0)
    attendance_rate = models.FloatField(null=True, blank=True)
    days_incident_to_start = models.IntegerField(null=True, blank=True)
    days_arrest_to_start = models.IntegerField(null=True, blank=True)
    days_intake_to_start = models.IntegerField(null=True, blank=True)
    start_on_time = models.BooleanField(_("start binnen 2 maanden na aanhouding"), null=True)
    intake_start_on_time = models.BooleanField(_("start binnen 4 weken na intake"), null=True)
    goals_total = models.PositiveIntegerField(default=0)
    goals_met = models.PositiveIntegerField(default=0)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("BORG-traject")
        verbose_name_plural = _("BORG-trajecten")
        indexes = [models.Index(fields=["organisation", "status"], name="borg_traj_org_status")]

    def __str__(self):
        return f"BORG {self.person}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def may_start(self) -> bool:
        return bool(self.eligible) or self.overridden

    @property
    def completed(self) -> bool:
        return self.status == Status.COMPLETED

    @property
    def partner_involved(self) -> bool:
        return self.partner_involvement == PartnerInvolvement.INVOLVED

    @property
    def follow_up_referral(self):
        """The offers Referral this trajectory's follow-up points to, if that app provides one."""
        if not self.follow_up_referral_id:
            return None
        try:
            from veilignet.offers.models import Referral  # noqa: PLC0415
        except ImportError:
            return None
        return Referral.objects.filter(pk=self.follow_up_referral_id).first()


class CriterionOutcome(models.TextChoices):
    MET = "met", _("voldaan")
    FAILED = "failed", _("niet voldaan")
    UNKNOWN = "unknown", _("onbekend")


class CriterionResult(models.Model):
    """One selection criterion of the latest assessment of a trajectory (rewritten on every
    assessment): lets the monitor count per criterion without JSON lookups (portable to SQLite)."""

    trajectory = models.ForeignKey(BorgTrajectory, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("criterium"), max_length=40)
    outcome = models.CharField(_("uitkomst"), max_length=8, choices=CriterionOutcome.choices)
    reason = models.CharField(_("redencode"), max_length=48, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trajectory", "criterion"], name="borg_criterion_once")]
        indexes = [models.Index(fields=["criterion", "outcome"], name="borg_criterion_outcome")]

    def __str__(self):
        return f"{self.criterion}: {self.outcome}"


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individueel_gesprek", _("individueel gesprek")
    GROUP = "groep", _("groepssessie (2,5 uur)")
    TRAINING = "training_individueel", _("individuele trainingssessie (1,5 uur)")


class SessionStatus(models.TextChoices):
    PLANNED = "gepland", _("gepland")
    HELD = "gehouden", _("gehouden")
    CANCELLED = "vervallen", _("vervallen")


class BorgSession(models.Model):
    """A planned session: of a group (group sessions) or of one trajectory (individual sessions and
    the training sessions of the individual variant). Clusters 1–4 (001 §4.2)."""

    group = models.ForeignKey(BorgGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions")
    trajectory = models.ForeignKey(BorgTrajectory, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="own_sessions")
    number = models.PositiveSmallIntegerField(_("nummer"))
    cluster = models.PositiveSmallIntegerField(_("cluster"), null=True, blank=True)
    kind = models.CharField(_("soort"), max_length=24, choices=SessionKind.choices)
    planned_at = models.DateTimeField(_("gepland op"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"))
    topic = models.CharField(_("thema"), max_length=200, blank=True)
    homework = models.TextField(_("thuisopdracht"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["planned_at", "number"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(group__isnull=False, trajectory__isnull=True)
                           | models.Q(group__isnull=True, trajectory__isnull=False)),
                name="borg_session_one_owner",
            ),
        ]

    def __str__(self):
        return f"Sessie {self.number}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "aanwezig", _("aanwezig")
    EXCUSED = "afgemeld", _("afwezig met bericht")
    ABSENT = "afwezig", _("afwezig zonder bericht")


class Attendance(models.Model):
    session = models.ForeignKey(BorgSession, on_delete=models.CASCADE, related_name="attendance")
    trajectory = models.ForeignKey(BorgTrajectory, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("aanwezigheid"), max_length=10, choices=AttendanceStatus.choices)
    homework_done = models.BooleanField(_("thuisopdracht gemaakt"), null=True, blank=True)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "trajectory"], name="borg_attendance_once")]

    def __str__(self):
        return f"{self.session}: {self.get_status_display()}"


class GoalResult(models.TextChoices):
    OPEN = "open", _("nog niet gemeten")
    MET = "behaald", _("behaald")
    PARTLY = "deels", _("deels behaald")
    NOT_MET = "niet_behaald", _("niet behaald")


class Goal(models.Model):
    """A SMART goal (000: Specifiek, Meetbaar, Acceptabel, Realistisch, Tijdgebonden), measured at the end."""

    trajectory = models.ForeignKey(BorgTrajectory, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("doel (specifiek)"))
    measure = models.CharField(_("hoe gemeten (meetbaar)"), max_length=300)
    target_date = models.DateField(_("uiterlijk (tijdgebonden)"))
    result = models.CharField(_("resultaat"), max_length=12, choices=GoalResult.choices, default=GoalResult.OPEN)
    result_note = models.TextField(_("toelichting meting"), blank=True)
    measured_on = models.DateField(_("gemeten op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.description[:60]
