"""Network workflow data: terms and deadlines, legal measures, notifications, the safety plan,
network meetings and handovers (issue 6). Data only; write paths are in services.py."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workdays import DAYS, WEEKS, WORKING_DAYS


class DeadlineKind(models.TextChoices):
    VT_SAFETY_ASSESSMENT = "vt_safety_assessment", _("Veilig Thuis: eerste veiligheidsbeoordeling")
    VT_INVESTIGATION = "vt_investigation", _("Veilig Thuis: onderzoek afgerond")
    SERIOUS_FOLLOWUP = "serious_followup", _("Contact na melding van ernstig geweld")
    SPREEKUUR = "spreekuur", _("Spreekuur reclassering en Veilig Thuis na aanhouding")
    BORG_START = "borg_start", _("BORG: start na intake")
    BORG_INCIDENT_START = "borg_incident_start", _("BORG: start na incident of aanhouding")
    REASSESSMENT = "reassessment", _("Herbeoordeling risico")
    RISK_FOLLOWUP = "risk_followup", _("Opvolging hoog of zeer hoog risico")
    GEDRAGSAANWIJZING_END = "gedragsaanwijzing_end", _("Einde gedragsaanwijzing")
    HUISVERBOD_END = "huisverbod_end", _("Einde tijdelijk huisverbod")
    PLAN_AGREEMENT = "plan_agreement", _("Afspraak uit het veiligheidsplan")
    MEETING_DECISION = "meeting_decision", _("Besluit uit netwerkoverleg")
    HANDOVER_CHECK = "handover_check", _("Controle na warme overdracht")


class TermUnit(models.TextChoices):
    DAYS = DAYS, _("kalenderdagen")
    WORKING_DAYS = WORKING_DAYS, _("werkdagen")
    WEEKS = WEEKS, _("weken")


class Term(models.Model):
    """A configurable term (SYSTEM.md §6). Lookup is most specific first: (kind, region, risk level),
    (kind, region), (kind, risk level), (kind). An empty region or risk level means 'all'."""

    kind = models.CharField(_("soort termijn"), max_length=40)
    region = models.CharField(_("regio"), max_length=40, blank=True, default="")
    risk_level = models.CharField(_("risiconiveau"), max_length=10, blank=True, default="")
    amount = models.PositiveIntegerField(_("lengte"), validators=[MinValueValidator(0), MaxValueValidator(3650)])
    unit = models.CharField(_("eenheid"), max_length=16, choices=TermUnit.choices, default=TermUnit.DAYS)
    warn_hours = models.PositiveIntegerField(
        _("waarschuwen (uren vooraf)"), default=24, validators=[MaxValueValidator(24 * 60)],
    )
    source = models.CharField(_("bron"), max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["kind", "region", "risk_level"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region", "risk_level"], name="network_term_once"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.amount} {self.get_unit_display()}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("gehaald")
    MISSED = "missed", _("verlopen")
    WAIVED = "waived", _("vervallen (met reden)")


class Deadline(models.Model):
    """One term in one case with an owner organisation (and optionally a person).

    Idempotent per (case, kind, source_ref). Sweep state (`soon_notified_at`, `overdue_notified_at`)
    lives here so a rerun or a crash never sends an escalation twice."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("soort"), max_length=40)
    source_ref = models.CharField(_("bron"), max_length=100, blank=True, default="")
    title = models.CharField(_("omschrijving"), max_length=250, blank=True)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="deadlines")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="deadlines")
    start = models.DateTimeField(_("start"))
    due = models.DateTimeField(_("uiterlijk"))
    warn_at = models.DateTimeField(_("waarschuwen vanaf"))
    status = models.CharField(_("status"), max_length=8, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN)
    # Computed by the database (stored): open or missed. The worklist indexes lead with it, so a list
    # of live deadlines ordered by due walks an index instead of sorting (SQLite and PostgreSQL).
    live = models.GeneratedField(
        expression=models.Case(models.When(status__in=["open", "missed"], then=models.Value(True)),
                               default=models.Value(False), output_field=models.BooleanField()),
        output_field=models.BooleanField(), db_persist=True,
    )
    created_at = models.DateTimeField(default=timezone.now)
    missed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    waive_reason = models.TextField(_("reden vervallen"), blank=True)
    # Sweep bookkeeping: set in the same transaction that creates the notifications.
    soon_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("termijn in dossier")
        verbose_name_plural = _("termijnen in dossiers")
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "source_ref"], name="network_deadline_once"),
        ]
        indexes = [
            models.Index(fields=["status", "due"], name="deadline_status_due"),
            # Partial indexes: the sweep's work lists stay small however many deadlines exist.
            models.Index(fields=["warn_at"], condition=models.Q(status="open", soon_notified_at__isnull=True),
                         name="deadline_to_warn"),
            models.Index(fields=["id"], condition=models.Q(status="missed", overdue_notified_at__isnull=True),
                         name="deadline_to_escalate"),
            # Worklists: walked in (due, case) order; case_id last so the visibility semi-join and the
            # totals are answered from the index alone (selectors.only_visible).
            models.Index(fields=["organisation", "live", "due", "case"], name="deadline_org_live_case"),
            models.Index(fields=["owner", "live", "due", "case"], name="deadline_owner_live_case"),
            # The waiting list and its statistics (index-only aggregate).
            models.Index(fields=["organisation", "kind", "live", "start", "due", "case"], name="deadline_waiting"),
        ]

    def __str__(self):
        return f"{self.kind} {self.due:%d-%m-%Y}"

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        try:
            return str(DeadlineKind(self.kind).label)
        except ValueError:
            return self.kind

    def is_overdue(self, now=None) -> bool:
        return self.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED) and self.due < (now or timezone.now())


class SweepRun(models.Model):
    """One run of the deadline sweep (for the record; the exactly-once state is on Deadline)."""

    now = models.DateTimeField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    missed = models.PositiveIntegerField(default=0)
    warned = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    notifications = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"sweep {self.now:%Y-%m-%d %H:%M}"


class MeasureKind(models.TextChoices):
    AANHOUDING = "aanhouding", _("aanhouding (arrestatie)")
    HUISVERBOD = "huisverbod", _("tijdelijk huisverbod")
    GEDRAGSAANWIJZING = "gedragsaanwijzing", _("gedragsaanwijzing")


class LegalMeasure(models.Model):
    """An arrest, a tijdelijk huisverbod (10 days, extendable to 28 in all) or a gedragsaanwijzing
    (90 days, extendable by the OvJ). Drives the `spreekuur`, `huisverbod_end` and
    `gedragsaanwijzing_end` deadlines (SYSTEM.md §6; 004 Bijlage 1 §2, Bijlage 2 §4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_measures")
    kind = models.CharField(_("soort"), max_length=20, choices=MeasureKind.choices)
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("betreft"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("ingangsdatum"))
    ends_at = models.DateTimeField(_("einddatum"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("maatregel")

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%d-%m-%Y}"


class NotificationReason(models.TextChoices):
    DUE_SOON = "due_soon", _("termijn verloopt binnenkort")
    OVERDUE = "overdue", _("termijn verlopen")
    OVERDUE_HIGH_RISK = "overdue_high_risk", _("termijn verlopen bij hoog risico")
    ASSIGNED = "assigned", _("taak toegewezen")
    HANDOVER = "handover", _("dossier overgedragen")
    MEETING = "meeting", _("netwerkoverleg")
    PLAN = "plan", _("veiligheidsplan")


class Notification(models.Model):
    """An in-app notification. Title and link only: never case content (it may be e-mailed).
    `dedupe_key` makes creation idempotent (unique per recipient)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=20, choices=NotificationReason.choices)
    dedupe_key = models.CharField(max_length=120)
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)
    # False until e-mail handling is done (sent directly, put in a digest, or not wanted).
    mail_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="network_notification_once"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mail_done", "recipient"], name="notification_mail_pending"),
        ]

    def __str__(self):
        return self.title


class EmailMode(models.TextChoices):
    DIRECT = "direct", _("direct per melding")
    DIGEST = "digest", _("dagelijks overzicht")
    NONE = "none", _("geen e-mail (alleen in de applicatie)")


class NotificationPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email_mode = models.CharField(_("e-mail"), max_length=8, choices=EmailMode.choices, default=EmailMode.DIRECT)
    due_soon = models.BooleanField(_("waarschuwing vóór een termijn verloopt"), default=True)

    class Meta:
        verbose_name = _("meldingsvoorkeur")

    def __str__(self):
        return f"{self.user_id}: {self.email_mode}"


class WaitingListSnapshot(models.Model):
    """Daily snapshot of the Veilig Thuis waiting list per region (the chart's history)."""

    day = models.DateField()
    region = models.CharField(max_length=40)
    waiting = models.PositiveIntegerField(default=0)
    over_term = models.PositiveIntegerField(default=0)
    median_age_days = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["day", "region"], name="network_snapshot_once")]

    def __str__(self):
        return f"{self.region} {self.day}"


# ---------------------------------------------------------------------------------------------
# The safety plan (veiligheidsplan), 004 §1.3: one plan, three phases, always a part on stopping
# the perpetrator's behaviour.
# ---------------------------------------------------------------------------------------------

class SafetyPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="safety_plan")
    version = models.PositiveIntegerField(default=0)
    published_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("veiligheidsplan")

    def __str__(self):
        return f"Veiligheidsplan {self.case_id}"


class SafetyPlanVersion(models.Model):
    """An immutable snapshot of the whole plan. Every save adds one; none is ever changed."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published = models.BooleanField(default=False)
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+")
    comment = models.CharField(_("toelichting bij deze versie"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="network_plan_version_once")]

    def __str__(self):
        return f"versie {self.number}"


class PlanAgreement(models.Model):
    """The current agreements of a plan (the versions hold the history). `key` is stable across
    versions; each agreement is a deadline (source_ref "plan:<key>")."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="agreements")
    key = models.UUIDField(default=uuid.uuid4)
    phase = models.CharField(_("fase"), max_length=24)
    text = models.TextField(_("afspraak"))
    perpetrator = models.BooleanField(_("gericht op stoppen van het gedrag van de pleger"), default=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    due = models.DateField(_("uiterlijk"))
    # Link to a referral of the offers app, by reference (the offers app is written concurrently).
    referral_ref = models.CharField(_("verwijzing (aanbod)"), max_length=64, blank=True)
    deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["phase", "due", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="network_agreement_key_once")]

    def __str__(self):
        return self.text[:60]


# ---------------------------------------------------------------------------------------------
# Network meetings (003 §2b): Actieoverleg, Samen op in acuut, ZSM/spreekuur, MDA++
# ---------------------------------------------------------------------------------------------

class MeetingKind(models.TextChoices):
    ACTIEOVERLEG = "actieoverleg", _("Actieoverleg")
    SAMEN_OP_IN_ACUUT = "samen_op_in_acuut", _("Samen op in acuut")
    ZSM_SPREEKUUR = "zsm_spreekuur", _("ZSM / spreekuur")
    MDA = "mda_plus", _("MDA++")


class Meeting(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort overleg"), max_length=24, choices=MeetingKind.choices)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    region = models.CharField(_("regio"), max_length=40)
    scheduled_at = models.DateTimeField(_("datum en tijd"))
    organiser = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("organiserende organisatie"))
    held = models.BooleanField(_("gehouden"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("netwerkoverleg")

    def __str__(self):
        return self.title or self.get_kind_display()


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation", "user"],
                                               name="network_attendee_once")]

    def __str__(self):
        return str(self.organisation_id)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    reason = models.CharField(_("reden agendering"), max_length=300, blank=True)
    information_shared = models.TextField(_("gedeelde informatie"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="network_agenda_case_once")]

    def __str__(self):
        return f"agendapunt {self.position}"


class MeetingDecision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("eigenaar (organisatie)"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("eigenaar (persoon)"))
    due = models.DateField(_("uiterlijk"))
    deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.text[:60]


# ---------------------------------------------------------------------------------------------
# Warm handover Veilig Thuis → wijkteam
# ---------------------------------------------------------------------------------------------

class Handover(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    from_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # {"<person uuid>": "safety picture"} for every household member, perpetrator included.
    safety_pictures = models.JSONField(default=dict)
    new_concerns = models.TextField(_("wat te doen bij nieuwe zorgen"))
    escalation = models.TextField(_("wie schaalt op (en hoe)"))
    handover_meeting_held = models.BooleanField(_("overdrachtsgesprek met gezin en ontvanger gevoerd"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("overdracht")

    def __str__(self):
        return f"overdracht {self.created_at:%d-%m-%Y}"
