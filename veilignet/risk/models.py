"""Risk screening data: instrument versions, assessments and text signals. Data only; the write paths
are in services.py, the read paths in selectors.py, the logic in scoring.py / signals.py."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilignet.cases.models import RiskLevel


class InstrumentVersion(models.Model):
    """One version of the instrument, stored by code + version. Immutable once published: the
    definition (and its checksum) never changes; a change is a new version."""

    code = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=[("draft", _("concept")), ("published", _("gepubliceerd"))],
                              default="published")
    title = models.CharField(max_length=200, blank=True)
    definition = models.JSONField()
    checksum = models.CharField(max_length=64)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instrumentversie")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="risk_instrument_code_version")]
        ordering = ["code", "-version"]

    def __str__(self):
        return f"{self.code} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk:
            old = InstrumentVersion.objects.filter(pk=self.pk).values("status", "checksum").first()
            if old and old["status"] == "published" and (
                old["checksum"] != self.checksum or self.status != "published"
            ):
                raise ValidationError("Een gepubliceerde instrumentversie kan niet meer worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == "published":
            raise ValidationError("Een gepubliceerde instrumentversie kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)


class OverrideStatus(models.TextChoices):
    NONE = "", _("geen afwijking")
    RAISED = "raised", _("verhoogd")
    PENDING = "pending", _("verlaging wacht op goedkeuring")
    APPROVED = "approved", _("verlaging goedgekeurd")
    REJECTED = "rejected", _("verlaging afgewezen")


class Assessment(models.Model):
    """A safety assessment (risicotaxatie) in a case, by a professional of an organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="risk_assessments")
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="assessments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    is_draft = models.BooleanField(_("concept"), default=True)
    answers = models.JSONField(_("antwoorden"), default=dict)  # code -> true / false / null (unknown)
    computed_level = models.CharField(_("berekend niveau"), max_length=10, choices=RiskLevel.choices, blank=True)
    requested_level = models.CharField(_("gevraagd niveau"), max_length=10, choices=RiskLevel.choices, blank=True)
    final_level = models.CharField(_("vastgesteld niveau"), max_length=10, choices=RiskLevel.choices, blank=True)
    override_reason = models.TextField(_("reden afwijking"), blank=True)
    override_status = models.CharField(max_length=10, choices=OverrideStatus.choices, blank=True, default="")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("tweede professional"))
    approved_at = models.DateTimeField(null=True, blank=True)
    violence_type = models.CharField(max_length=30, blank=True)
    coercive_control = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    actions = models.JSONField(default=list)
    reassess_within_days = models.PositiveIntegerField(null=True, blank=True)
    reassessment_due = models.DateField(null=True, blank=True)
    from_signals = models.JSONField(default=list, blank=True)  # ids of confirmed signals the author accepted
    created_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("risicotaxatie")
        verbose_name_plural = _("risicotaxaties")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"], name="risk_assessment_case")]

    def __str__(self):
        return f"Risicotaxatie {self.created_at:%d-%m-%Y} ({self.get_final_level_display() or 'concept'})"


class SignalReview(models.TextChoices):
    OPEN = "open", _("te beoordelen")
    CONFIRMED = "confirmed", _("bevestigd")
    REJECTED = "rejected", _("afgewezen")


class TextSignal(models.Model):
    """A signal found in a report description or a note, linked to its text span."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="risk_signals")
    source_type = models.CharField(max_length=10, choices=[("report", _("melding")), ("note", _("notitie"))])
    source_id = models.CharField(max_length=64)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, null=True,
                                     related_name="+")
    confidential = models.BooleanField(default=False)
    code = models.CharField(max_length=40)
    status = models.CharField(max_length=16)  # present, negated, hypothetical, other_person, historical
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    context = models.CharField(max_length=600, blank=True)
    review = models.CharField(max_length=10, choices=SignalReview.choices, default=SignalReview.OPEN)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["source_type", "source_id", "code", "start"],
                                               name="risk_signal_once")]
        indexes = [models.Index(fields=["case", "code"], name="risk_signal_case_code")]

    def __str__(self):
        return f"{self.code} ({self.status}): {self.text}"
