from django import forms
from django.utils.translation import gettext_lazy as _

from veilignet.accounts.regions import REGIONS

from . import catalogue
from .models import Category, Effectiveness, Framework, Kind, Lvb, ReferralStatus

BLANK = [("", _("— alle —"))]
RISK_CHOICES = [("", _("geen maximum")), ("none", _("geen aanwijzing")), ("low", _("laag")), ("medium", _("gemiddeld")),
                ("high", _("hoog")), ("extreme", _("zeer hoog"))]
SEX_CHOICES = [("m", _("man")), ("v", _("vrouw")), ("x", "x")]
VT_CHOICES = [("situational", _("situationeel (common couple violence)")),
              ("intimate_terror_suspected", _("(vermoeden van) intieme terreur")), ("unclear", _("onduidelijk"))]
BLOCK_CHOICES = [("lotgenotencontact", _("lotgenotencontact zonder indicatie")),
                 ("begeleiding_wijkteam_poh", _("begeleiding wijkteam of POH")),
                 ("jeugdwet_wmo", _("hulp op grond van Jeugdwet of Wmo")), ("ggz_huisarts", _("ggz via de huisarts"))]


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    category = forms.ChoiceField(label=_("Categorie"), choices=BLANK + list(Category.choices), required=False)
    region = forms.ChoiceField(label=_("Regio"), choices=BLANK + REGIONS, required=False)
    framework = forms.ChoiceField(label=_("Kader"), choices=BLANK + list(Framework.choices), required=False)
    effectiveness = forms.ChoiceField(label=_("Effectiviteit"), choices=BLANK + list(Effectiveness.choices), required=False)
    kind = forms.ChoiceField(label=_("Soort"), choices=BLANK + list(Kind.choices), required=False)
    active = forms.ChoiceField(label=_("Actief"), choices=[("", _("— alle —")), ("1", _("actief")), ("0", _("niet actief"))],
                               required=False)


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").replace(",", "|").split("|") if p.strip()]


class OfferForm(forms.Form):
    """The edit form; domain validation is catalogue.validate via services.save_offer."""

    name = forms.CharField(label=_("Naam"), max_length=250)
    aliases = forms.CharField(label=_("Andere namen (gescheiden door |)"), required=False)
    category = forms.ChoiceField(label=_("Categorie (004 Bijlage 2)"), choices=Category.choices)
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices)
    framework = forms.ChoiceField(label=_("Kader"), choices=Framework.choices)
    frameworks = forms.MultipleChoiceField(
        label=_("Kaders bij gemengd"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[c for c in Framework.choices if c[0] != "mixed"])
    provider = forms.CharField(label=_("Aanbieder"), max_length=300, required=False)
    national = forms.BooleanField(label=_("Landelijk beschikbaar"), required=False)
    regions = forms.MultipleChoiceField(label=_("Veilig Thuis-regio's"), required=False, choices=REGIONS,
                                        widget=forms.CheckboxSelectMultiple)
    municipalities = forms.CharField(label=_("Gemeenten (gescheiden door |; leeg = hele regio)"), required=False)
    age_min = forms.IntegerField(label=_("Leeftijd vanaf"), required=False, min_value=0)
    age_max = forms.IntegerField(label=_("Leeftijd tot en met"), required=False, min_value=0)
    sexes = forms.MultipleChoiceField(label=_("Geslacht doelgroep (leeg = iedereen)"), required=False,
                                      choices=SEX_CHOICES, widget=forms.CheckboxSelectMultiple)
    violence_types = forms.MultipleChoiceField(label=_("Geweldstypen (leeg = alle)"), required=False, choices=VT_CHOICES,
                                               widget=forms.CheckboxSelectMultiple)
    lvb = forms.ChoiceField(label=_("LVB"), choices=Lvb.choices)
    languages = forms.CharField(label=_("Talen (gescheiden door |)"), required=False)
    effectiveness = forms.ChoiceField(label=_("Effectiviteit (Erkenningscommissie)"),
                                      choices=[("", _("niet vermeld"))] + list(Effectiveness.choices), required=False)
    own_contribution = forms.CharField(label=_("Eigen bijdrage"), max_length=200, required=False)
    indication_needed = forms.BooleanField(label=_("Indicatie nodig"), required=False)
    waiting_days = forms.IntegerField(label=_("Actuele wachttijd (dagen)"), required=False, min_value=0)
    contraindications = forms.CharField(label=_("Contra-indicaties"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    requires = forms.CharField(label=_("Voorwaarden (codes, gescheiden door |)"), required=False)
    max_risk = forms.ChoiceField(label=_("Hoogste risiconiveau"), choices=RISK_CHOICES, required=False)
    excludes_substance = forms.BooleanField(label=_("Niet bij ernstig middelenprobleem"), required=False)
    excludes_psychopathology = forms.BooleanField(label=_("Niet bij ernstige psychopathologie"), required=False)
    modalities = forms.CharField(label=_("Vorm en kenmerken (bijv. groep|lotgenoten|systeemtherapie)"), required=False)
    blocks = forms.MultipleChoiceField(label=_("Bouwstenen minimaal vrijwillig aanbod (004 §1.4)"), required=False,
                                       choices=BLOCK_CHOICES, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Doel en doelgroep"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label=_("Bron"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    LIST_TEXT = ("aliases", "municipalities", "languages", "requires", "modalities")

    @classmethod
    def initial_for(cls, offer) -> dict:
        data = {name: getattr(offer, name) for name in catalogue.DEFAULTS}
        for name in cls.LIST_TEXT:
            data[name] = " | ".join(data[name] or [])
        data["version"] = offer.version
        return data

    def to_data(self, keep: dict | None = None) -> dict:
        cd = self.cleaned_data
        data = dict(keep or {})
        for name in catalogue.DEFAULTS:
            if name in cd:
                data[name] = cd[name]
        for name in self.LIST_TEXT:
            data[name] = _split(cd.get(name, ""))
        data["categories"] = list(dict.fromkeys([cd["category"], *[c for c in (keep or {}).get("categories", [])
                                                                   if c != cd["category"]]]))
        if cd.get("framework") != "mixed":
            data["frameworks"] = [cd["framework"]]
        return data

    def add_service_errors(self, message_dict):
        for field, messages in message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand (kolommen als in de export, scheidingsteken ; of ,)"))


class ReferralForm(forms.Form):
    offer = forms.IntegerField(label=_("Aanbod"), widget=forms.HiddenInput)
    person = forms.ChoiceField(label=_("Pleger"), required=False)
    incident_date = forms.DateField(label=_("Datum incident"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    arrest_date = forms.DateField(label=_("Datum aanhouding (indien van toepassing)"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("— niet gekozen —"))] + [(str(p.pk), p.full_name) for p in persons]


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=ReferralStatus.choices)
    on_date = forms.DateField(label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reden (bij uitval of weigering)"), required=False)
    bridging_help = forms.CharField(label=_("Overbruggingshulp (bij wachten)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
