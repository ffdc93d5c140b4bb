"""The shared case registry: persons, households, reports (meldingen) and cases (dossiers).

Data only; the write paths are in services.py, the read paths in selectors.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MAN = "m", _("man")
    VROUW = "v", _("vrouw")
    X = "x", _("x (anders / niet gespecificeerd)")
    ONBEKEND = "o", _("onbekend")


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=150)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    gender = models.CharField(_("geslacht"), max_length=1, choices=Gender.choices, default=Gender.ONBEKEND)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, db_index=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adres"), max_length=250, blank=True)
    # Folded names (lower case, no accents) for search and duplicate detection.
    first_name_key = models.CharField(max_length=100, editable=False, db_index=True, default="")
    last_name_key = models.CharField(max_length=150, editable=False, db_index=True, default="")
    # Last word of the surname ("de Vries" -> "vries", "El Amrani" -> "amrani"): people search that way.
    surname_key = models.CharField(max_length=150, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [models.Index(fields=["last_name_key", "birth_date"], name="person_name_birth")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def save(self, *args, **kwargs):
        from .identity import name_keys

        self.first_name_key, self.last_name_key, self.surname_key = name_keys(self.first_name, self.last_name)
        super().save(*args, **kwargs)


class Household(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self):
        return self.label or str(self.id)


class Relation(models.TextChoices):
    PARTNER = "partner", _("partner")
    EX_PARTNER = "ex_partner", _("ex-partner")
    KIND = "kind", _("kind")
    OUDER = "ouder", _("ouder")
    BROER_ZUS = "broer_zus", _("broer/zus")
    FAMILIE = "familie", _("overige familie")
    HUISGENOOT = "huisgenoot", _("huisgenoot")
    OVERIG = "overig", _("overig")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices, default=Relation.OVERIG)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="household_person_once")]
        # Covers the search's probe person -> household (the unique index above runs the other way).
        indexes = [models.Index(fields=["person", "household"], name="member_person_household")]


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "gesloten", _("gesloten")


class Phase(models.TextChoices):
    """Gefaseerd samenwerken aan veiligheid (003 Bijlage 1e, 004)."""

    DIRECTE_VEILIGHEID = "directe_veiligheid", _("directe veiligheid")
    STABIELE_VEILIGHEID = "stabiele_veiligheid", _("stabiele veiligheid")
    HERSTEL = "herstel", _("herstel")


class RiskLevel(models.TextChoices):
    """The levels of the risk instrument (risk issue); stored on the case for the worklist."""

    NONE = "none", _("geen aanwijzing")
    LOW = "low", _("laag")
    MEDIUM = "medium", _("gemiddeld")
    HIGH = "high", _("hoog")
    EXTREME = "extreme", _("zeer hoog")


class Case(models.Model):
    """A dossier: one household, one plan, one case director (1Gezin1Plan1Regisseur, 004 §1.3.1)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("dossiernummer"), max_length=20, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    phase = models.CharField(_("fase"), max_length=24, choices=Phase.choices, default=Phase.DIRECTE_VEILIGHEID)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="led_cases",
        verbose_name=_("regievoerende organisatie"),
    )
    case_director = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="directed_cases", verbose_name=_("casusregisseur"),
    )
    region = models.CharField(_("regio"), max_length=40, db_index=True)
    risk_level = models.CharField(_("risiconiveau"), max_length=10, choices=RiskLevel.choices, blank=True)
    reassessment_due = models.DateField(_("herbeoordeling uiterlijk"), null=True, blank=True)
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    close_reason = models.TextField(_("reden sluiten"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every update must name the version it read (If-Match / hidden field).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="case_status_opened"),
            # Covers the scoped worklist count: participation -> (id, status) without reading the row.
            models.Index(fields=["id", "status", "opened_at"], name="case_id_status_opened"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def region_name(self) -> str:
        from veilignet.accounts.regions import REGION_NAMES

        return REGION_NAMES.get(self.region, self.region)


class Category(models.TextChoices):
    PARTNERGEWELD = "partnergeweld", _("partnergeweld")
    EX_PARTNERGEWELD = "ex_partnergeweld", _("ex-partnergeweld / stalking")
    KINDERMISHANDELING = "kindermishandeling", _("kindermishandeling")
    OUDERENMISHANDELING = "ouderenmishandeling", _("ouderenmishandeling")
    EERGERELATEERD = "eergerelateerd_geweld", _("eergerelateerd geweld")
    OVERIG = "overig", _("overig")


class Urgency(models.TextChoices):
    ACUUT = "acuut", _("acuut (direct gevaar)")
    HOOG = "hoog", _("hoog (ernstig geweld)")
    NORMAAL = "normaal", _("normaal")
    LAAG = "laag", _("laag")


class Report(models.Model):
    """A melding: received by an organisation, from a professional organisation or a citizen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reports")
    received_at = models.DateTimeField(_("ontvangen op"), db_index=True)
    received_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="received_reports",
        verbose_name=_("ontvangen door"),
    )
    source_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="sent_reports",
        verbose_name=_("bron (organisatie)"),
    )
    source_citizen = models.BooleanField(_("bron is een burger"), default=False)
    category = models.CharField(_("categorie"), max_length=30, choices=Category.choices)
    description = models.TextField(_("omschrijving"))
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAAL)
    incident_date = models.DateField(_("datum incident"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_at"]

    def __str__(self):
        return f"Melding {self.received_at:%d-%m-%Y} ({self.get_category_display()})"


class PersonRole(models.TextChoices):
    SLACHTOFFER = "slachtoffer", _("slachtoffer")
    PLEGER = "pleger", _("pleger")
    KIND = "kind", _("kind")
    OVERIG = "overig", _("overig")


class ReportPerson(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="report_roles")
    role = models.CharField(_("rol"), max_length=12, choices=PersonRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="report_person_once")]


class Reporter(models.Model):
    """The melder's identity, kept apart from the report (reporter protection, 001 §2.3.2, §4.1).

    Only read through access.selectors.reporter_for(user, report), which checks and audits.
    """

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="reporter")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    relation = models.CharField(_("relatie tot betrokkenen"), max_length=200, blank=True)
    protect_identity = models.BooleanField(_("identiteit afschermen voor betrokkenen"), default=False)


class TimelineEntry(models.Model):
    """Everything that happened in a case, with author and organisation. Other apps add entries
    through cases.services.add_timeline_entry."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Confidential entries are visible to the author's organisation only.
    confidential = models.BooleanField(default=False)
    # Optional link to the object the entry is about ("app_label.model", primary key as text).
    ref_type = models.CharField(max_length=60, blank=True)
    ref_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="timeline_case_at")]


class Note(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("notitie"))
    confidential = models.BooleanField(_("vertrouwelijk (alleen eigen organisatie)"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notitie")
