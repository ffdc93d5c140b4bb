"""The social map of perpetrator services (004 §1.4, Bijlage 2), its history, and referrals.

Data only; write paths are in services.py, read paths in selectors.py, matching in matching.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The six groups of the inventory in 004 Bijlage 2."""

    LAAGDREMPELIG = "laagdrempelig", _("Laagdrempelig (systeemgericht) vrijwillig hulpaanbod aan plegers")
    SPECIALISTISCH = "specialistisch_systeemgericht", _("Specialistisch systeemgericht plegeraanbod")
    ERVARINGSDESKUNDIGEN = "ervaringsdeskundigen", _("Plegeraanbod in samenwerking met ervaringsdeskundigen")
    ZORG_EN_STRAF = "zorg_en_straf", _("Interventies (bij afweging) samenloop zorg en straf")
    EFFECTIVITEIT = "effectiviteit", _("Interventies (en hulpaanbod) ingedeeld op basis van effectiviteit")
    OVERIG = "overig", _("Overige initiatieven plegeraanpak")


class Kind(models.TextChoices):
    AANBOD = "aanbod", _("aanbod (verwijsbaar)")
    HULPMIDDEL = "hulpmiddel", _("hulpmiddel binnen een behandeling")
    MAATREGEL = "maatregel", _("bestuurlijke maatregel")
    WERKWIJZE = "werkwijze", _("werkwijze / overleg voor professionals")
    PROJECT = "project", _("project / initiatief")


class Framework(models.TextChoices):
    VRIJWILLIG = "vrijwillig", _("vrijwillig")
    BESTUURLIJK = "bestuurlijk", _("bestuurlijk")
    CIVIELRECHTELIJK = "civielrechtelijk", _("civielrechtelijk")
    STRAFRECHTELIJK = "strafrechtelijk", _("strafrechtelijk")
    MIXED = "mixed", _("gemengd")


class Effectiveness(models.TextChoices):
    """As rated by the Erkenningscommissie (004 Bijlage 2, note 13). Blank: the source says nothing."""

    GOED_BESCHREVEN = "goed_beschreven", _("goed beschreven")
    GOED_ONDERBOUWD = "goed_onderbouwd", _("goed onderbouwd")
    EFFECTIEF_EERSTE = "effectief_eerste", _("effectief volgens eerste aanwijzingen")
    EFFECTIEF_GOEDE = "effectief_goede", _("effectief volgens goede aanwijzingen")
    EFFECTIEF_STERKE = "effectief_sterke", _("effectief volgens sterke aanwijzingen")
    NIET_BEOORDEELD = "niet_beoordeeld", _("niet beoordeeld")
    NIET_GETOETST = "niet_getoetst", _("niet getoetst")
    NVT = "nvt", _("n.v.t.")


class Lvb(models.TextChoices):
    GESCHIKT = "geschikt", _("geen beperking genoemd")
    AANGEPAST = "aangepast", _("ook (aangepast) voor mensen met een LVB")
    ALLEEN_LVB = "alleen_lvb", _("alleen voor mensen met een LVB")
    NIET_GESCHIKT = "niet_geschikt", _("niet geschikt bij LVB (IQ < 80)")


class MinimumBlock(models.Model):
    """A building block of the minimum voluntary offer a municipality should have (004 §1.4)."""

    code = models.SlugField(primary_key=True, max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"))
    requires_no_indication = models.BooleanField(_("zonder indicatie"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("bouwsteen minimaal vrijwillig aanbod")

    def __str__(self):
        return self.name


class Offer(models.Model):
    """One entry of the social map. List fields are JSON lists of codes (portable SQLite/PostgreSQL)."""

    name = models.CharField(_("naam"), max_length=250, unique=True)
    aliases = models.JSONField(_("andere namen"), default=list, blank=True)
    category = models.CharField(_("categorie"), max_length=40, choices=Category.choices)
    categories = models.JSONField(_("ook genoemd in"), default=list, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.AANBOD)
    framework = models.CharField(_("kader"), max_length=20, choices=Framework.choices, default=Framework.VRIJWILLIG)
    frameworks = models.JSONField(_("kaders (bij gemengd)"), default=list, blank=True)
    provider = models.CharField(_("aanbieder"), max_length=300, blank=True)
    national = models.BooleanField(_("landelijk beschikbaar"), default=False)
    regions = models.JSONField(_("Veilig Thuis-regio's"), default=list, blank=True)
    municipalities = models.JSONField(_("gemeenten"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("leeftijd vanaf"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("leeftijd tot en met"), null=True, blank=True)
    sexes = models.JSONField(_("geslacht doelgroep"), default=list, blank=True)
    violence_types = models.JSONField(_("geweldstypen"), default=list, blank=True)
    lvb = models.CharField(_("LVB"), max_length=20, choices=Lvb.choices, default=Lvb.GESCHIKT)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    effectiveness = models.CharField(_("effectiviteit (Erkenningscommissie)"), max_length=20,
                                     choices=Effectiveness.choices, blank=True)
    own_contribution = models.CharField(_("eigen bijdrage"), max_length=200, blank=True)
    indication_needed = models.BooleanField(_("indicatie nodig"), default=False)
    waiting_days = models.PositiveIntegerField(_("actuele wachttijd (dagen)"), null=True, blank=True)
    waiting_updated_on = models.DateField(_("wachttijd bijgewerkt op"), null=True, blank=True)
    contraindications = models.TextField(_("contra-indicaties"), blank=True)
    requires = models.JSONField(_("voorwaarden"), default=list, blank=True)
    max_risk = models.CharField(_("hoogste risiconiveau"), max_length=10, blank=True)
    excludes_substance = models.BooleanField(_("niet bij ernstig middelenprobleem"), default=False)
    excludes_psychopathology = models.BooleanField(_("niet bij ernstige psychopathologie"), default=False)
    modalities = models.JSONField(_("vorm en kenmerken"), default=list, blank=True)
    blocks = models.JSONField(_("bouwstenen 004 §1.4"), default=list, blank=True)
    ghnt = models.BooleanField(_("gesteund door Geweld hoort nergens thuis (*)"), default=False)
    generic = models.BooleanField(_("landelijke route (lokaal in te vullen)"), default=False)
    borg = models.BooleanField(_("BORG"), default=False)
    description = models.TextField(_("doel en doelgroep"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")

    def __str__(self):
        return self.name


class OfferVersion(models.Model):
    """Every change of an offer: a full snapshot plus what changed (history)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="history")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20)  # seed, create, update, import
    data = models.JSONField()
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["offer", "version"], name="offer_version_once")]

    def __str__(self):
        return f"{self.offer_id} v{self.version} ({self.action})"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("verzonden")
    ACCEPTED = "accepted", _("geaccepteerd")
    WAITING = "waiting", _("wachtend (met overbruggingshulp)")
    STARTED = "started", _("gestart")
    COMPLETED = "completed", _("afgerond")
    DROPPED_OUT = "dropped_out", _("uitgevallen")
    REFUSED = "refused", _("geweigerd")


CLOSED_STATUSES = (ReferralStatus.COMPLETED, ReferralStatus.DROPPED_OUT, ReferralStatus.REFUSED)


class Referral(models.Model):
    """A referral of the perpetrator in a case's household to an offer (issue 5 §4)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="offer_referrals")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("pleger"))
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("aanbod"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("verwijzende organisatie"))
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    reason = models.TextField(_("reden (uitval / weigering)"), blank=True)
    bridging_help = models.TextField(_("overbruggingshulp"), blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    incident_date = models.DateField(_("datum incident"), null=True, blank=True)
    arrest_date = models.DateField(_("datum aanhouding"), null=True, blank=True)
    sent_on = models.DateField(_("verzonden op"))
    accepted_on = models.DateField(_("geaccepteerd op"), null=True, blank=True)
    waiting_since = models.DateField(_("wachtend sinds"), null=True, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    days_incident_to_start = models.IntegerField(_("dagen incident → start"), null=True, blank=True)
    days_arrest_to_start = models.IntegerField(_("dagen aanhouding → start"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        indexes = [models.Index(fields=["case", "-created_at"], name="referral_case_created")]

    def __str__(self):
        return f"Verwijzing naar {self.offer} ({self.get_status_display()})"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ReferralStatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    on_date = models.DateField()
    reason = models.TextField(blank=True)
    bridging_help = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status} op {self.on_date}"
