import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .regions import REGIONS


class OrganisationType(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    POLITIE = "politie", _("Politie")
    OPENBAAR_MINISTERIE = "openbaar_ministerie", _("Openbaar Ministerie")
    RECLASSERING = "reclassering", _("Reclassering")
    RAAD_KINDERBESCHERMING = "raad_kinderbescherming", _("Raad voor de Kinderbescherming")
    GEMEENTE = "gemeente", _("Gemeente (lokaal team / wijkteam)")
    VROUWENOPVANG = "vrouwenopvang", _("Vrouwenopvang")
    GGZ = "ggz", _("GGZ")
    FORENSISCHE_ZORG = "forensische_zorg", _("Forensische zorg")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    HUISARTS = "huisarts", _("Huisarts")
    SLACHTOFFERHULP = "slachtofferhulp", _("Slachtofferhulp")
    ZORG_EN_VEILIGHEIDSHUIS = "zorg_en_veiligheidshuis", _("Zorg- en Veiligheidshuis")
    OTHER = "other", _("Overig")


class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("Medewerker")
    CASUSREGISSEUR = "casusregisseur", _("Casusregisseur")
    TEAMLEIDER = "teamleider", _("Teamleider")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer (FG)")
    BEHEERDER = "beheerder", _("Beheerder")


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    region = models.CharField(_("Veilig Thuis-regio"), max_length=40, choices=REGIONS)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
        verbose_name=_("organisatie"),
    )
    # A small fixed set of role codes; a JSON list keeps it portable between SQLite and PostgreSQL.
    roles = models.JSONField(_("rollen"), default=list, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def has_role(self, *codes: str) -> bool:
        return any(code in (self.roles or []) for code in codes)

    @property
    def organisation_type(self) -> str | None:
        return self.organisation.type if self.organisation_id else None

    def display_name(self) -> str:
        return self.get_full_name() or self.username


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """An API token for a system or user. Only the hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="first characters, to recognise the token in the audit")
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        raw = secrets.token_hex(20)
        token = cls.objects.create(user=user, key_hash=_hash_token(raw), prefix=raw[:8], name=name)
        return token, raw

    @classmethod
    def lookup(cls, raw: str) -> "ApiToken | None":
        return (
            cls.objects.select_related("user", "user__organisation")
            .filter(key_hash=_hash_token(raw), revoked_at__isnull=True)
            .first()
        )

    def __str__(self):
        return f"{self.prefix}… ({self.user})"
