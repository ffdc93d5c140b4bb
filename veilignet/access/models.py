"""Who may see a case, on which legal basis and for which purpose; and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    WMO_VEILIG_THUIS = "wmo_veilig_thuis", _("Taak Veilig Thuis (Wmo 2015)")
    MELDCODE = "meldcode", _("Meldcode huiselijk geweld en kindermishandeling")
    STRAFRECHT = "strafrecht", _("Strafrechtelijke taak")
    RECLASSERINGSTOEZICHT = "reclasseringstoezicht", _("Reclasseringstoezicht")
    KINDERBESCHERMING = "kinderbescherming", _("Kinderbescherming")
    TOESTEMMING = "toestemming", _("Toestemming van de betrokkene")
    VITAAL_BELANG = "vitaal_belang", _("Acute veiligheid / vitaal belang")


class Scope(models.TextChoices):
    """Parts of a case a participant may see."""

    BASIS = "basis", _("huishouden, meldingen en tijdlijn")
    NOTITIES = "notities", _("notities")
    RISICO = "risico", _("risicotaxaties")
    PLAN = "plan", _("veiligheidsplan")
    PLEGER = "pleger", _("plegeraanpak")
    MELDER = "melder", _("identiteit van de melder")


DEFAULT_SCOPE = [Scope.BASIS, Scope.NOTITIES, Scope.RISICO, Scope.PLAN, Scope.PLEGER]


class ParticipationVia(models.TextChoices):
    CREATION = "aanmaak", _("dossier aangemaakt")
    REPORT = "melding", _("melding")
    MANUAL = "toegevoegd", _("toegevoegd door regievoerder")
    HANDOVER = "overdracht", _("overdracht")
    REFERRAL = "verwijzing", _("verwijzing")


class Participation(models.Model):
    """An organisation's participation (deelname) in a case; access follows it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="participations")
    is_lead = models.BooleanField(default=False)
    basis = models.CharField(_("grondslag"), max_length=30, choices=LegalBasis.choices)
    purpose = models.CharField(_("doel"), max_length=300)
    scope = models.JSONField(_("reikwijdte"), default=list)
    via = models.CharField(max_length=20, choices=ParticipationVia.choices)
    started_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    end_reason = models.CharField(max_length=300, blank=True)
    # Copies of the case's status and opened_at, kept by database triggers (migration 0003), never by
    # the application: the scoped worklist counts and pages from the index below without reading cases.
    case_status = models.CharField(max_length=10, blank=True, default="", editable=False)
    case_opened_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("deelname")
        indexes = [
            models.Index(fields=["organisation", "ended_at", "case"], name="participation_org_active"),
            models.Index(fields=["organisation", "ended_at", "-case_opened_at", "case_status", "case"],
                         name="participation_org_worklist"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"], condition=models.Q(ended_at__isnull=True),
                name="one_active_participation_per_org",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} in {self.case_id}"

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def allows(self, part: str) -> bool:
        return part in (self.scope or [])


class AuditImmutableError(Exception):
    """Raised when code tries to change or delete an audit entry (append-only)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Auditregels kunnen niet worden gewijzigd.")

    def delete(self):
        raise AuditImmutableError("Auditregels kunnen niet worden verwijderd.")


class AuditEvent(models.Model):
    """Append-only, hash-chained audit entry. Never updated or deleted by the application;
    manage.py verify_audit recomputes the chain and reports the first broken link."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # DO_NOTHING without a database constraint: the entry (and its hash) outlives the user account.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, null=True, related_name="+",
                             db_constraint=False)
    username = models.CharField(max_length=150, blank=True)
    organisation_code = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=40)  # read, create, update, delete, read_reporter, login, ...
    object_type = models.CharField(max_length=40)  # case, person, report, reporter, note, ...
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.UUIDField(null=True, blank=True, db_index=True)
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, blank=True)  # web, api, cli
    session_ref = models.CharField(max_length=64, blank=True)  # hash of the session key, or API token prefix
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("auditregel")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        """Insert only: an existing entry is never saved again (append-only)."""
        if not self._state.adding:
            raise AuditImmutableError("Auditregels kunnen niet worden gewijzigd.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Auditregels kunnen niet worden verwijderd.")


class AuditChainHead(models.Model):
    """One row: the hash of the newest audit entry. Locked while appending, so concurrent writers
    form one chain (PostgreSQL SELECT ... FOR UPDATE; SQLite serialises writers itself)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return self.last_hash


class BreakGlassOutcome(models.TextChoices):
    PENDING = "", _("nog te beoordelen")
    JUSTIFIED = "gerechtvaardigd", _("gerechtvaardigd")
    NOT_JUSTIFIED = "niet_gerechtvaardigd", _("niet gerechtvaardigd")


class BreakGlassAccess(models.Model):
    """Emergency access (break-the-glass) by a police or Veilig Thuis user to a case their organisation
    does not participate in: time-limited, on the timeline, reviewed by the privacy officer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("reden"))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    review_outcome = models.CharField(_("beoordeling"), max_length=24, choices=BreakGlassOutcome.choices,
                                      blank=True, default="")
    review_note = models.TextField(_("toelichting beoordeling"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("doorbraak (break-the-glass)")
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expires")]

    def __str__(self):
        return f"doorbraak {self.user_id} → {self.case_id}"

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()
