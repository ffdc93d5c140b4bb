from django import forms

from veilignet.accounts.regions import REGIONS

from . import catalogue
from .models import Category, Effectiveness, Framework, Kind, Lvb, ReferralStatus

BLANK = [("", "— alle —")]
RISK_CHOICES = [("", "geen maximum"), ("none", "geen aanwijzing"), ("low", "laag"), ("medium", "gemiddeld"),
                ("high", "hoog"), ("extreme", "zeer hoog")]
SEX_CHOICES = [("m", "man"), ("v", "vrouw"), ("x", "x")]
VT_CHOICES = [("situational", "situationeel (common couple violence)"),
              ("intimate_terror_suspected", "(vermoeden van) intieme terreur"), ("unclear", "onduidelijk")]
BLOCK_CHOICES = [("lotgenotencontact", "lotgenotencontact zonder indicatie"),
                 ("begeleiding_wijkteam_poh", "begeleiding wijkteam of POH"),
                 ("jeugdwet_wmo", "hulp op grond van Jeugdwet of Wmo"), ("ggz_huisarts", "ggz via de huisarts")]


class OfferFilterForm(forms.Form):
    q = forms.CharField(label="Zoeken", required=False)
    category = forms.ChoiceField(label="Categorie", choices=BLANK + list(Category.choices), required=False)
    region = forms.ChoiceField(label="Regio", choices=BLANK + REGIONS, required=False)
    framework = forms.ChoiceField(label="Kader", choices=BLANK + list(Framework.choices), required=False)
    effectiveness = forms.ChoiceField(label="Effectiviteit", choices=BLANK + list(Effectiveness.choices), required=False)
    kind = forms.ChoiceField(label="Soort", choices=BLANK + list(Kind.choices), required=False)
    active = forms.ChoiceField(label="Actief", choices=[("", "— alle —"), ("1", "actief"), ("0", "niet actief")],
                               required=False)


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").replace(",", "|").split("|") if p.strip()]


class OfferForm(forms.Form):
    """The edit form; domain validation is catalogue.validate via services.save_offer."""

    name = forms.CharField(label="Naam", max_length=250)
    aliases = forms.CharField(label="Andere namen (gescheiden door |)", required=False)
    category = forms.ChoiceField(label="Categorie (004 Bijlage 2)", choices=Category.choices)
    kind = forms.ChoiceField(label="Soort", choices=Kind.choices)
    framework = forms.ChoiceField(label="Kader", choices=Framework.choices)
    frameworks = forms.MultipleChoiceField(
        label="Kaders bij gemengd", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[c for c in Framework.choices if c[0] != "mixed"])
    provider = forms.CharField(label="Aanbieder", max_length=300, required=False)
    national = forms.BooleanField(label="Landelijk beschikbaar", required=False)
    regions = forms.MultipleChoiceField(label="Veilig Thuis-regio's", required=False, choices=REGIONS,
                                        widget=forms.CheckboxSelectMultiple)
    municipalities = forms.CharField(label="Gemeenten (gescheiden door |; leeg = hele regio)", required=False)
    age_min = forms.IntegerField(label="Leeftijd vanaf", required=False, min_value=0)
    age_max = forms.IntegerField(label="Leeftijd tot en met", required=False, min_value=0)
    sexes = forms.MultipleChoiceField(label="Geslacht doelgroep (leeg = iedereen)", required=False,
                                      choices=SEX_CHOICES, widget=forms.CheckboxSelectMultiple)
    violence_types = forms.MultipleChoiceField(label="Geweldstypen (leeg = alle)", required=False, choices=VT_CHOICES,
                                               widget=forms.CheckboxSelectMultiple)
    lvb = forms.ChoiceField(label="LVB", choices=Lvb.choices)
    languages = forms.CharField(label="Talen (gescheiden door |)", required=False)
    effectiveness = forms.ChoiceField(label="Effectiviteit (Erkenningscommissie)",
                                      choices=[("", "niet vermeld")] + list(Effectiveness.choices), required=False)
    own_contribution = forms.CharField(label="Eigen bijdrage", max_length=200, required=False)
    indication_needed = forms.BooleanField(label="Indicatie nodig", required=False)
    waiting_days = forms.IntegerField(label="Actuele wachttijd (dagen)", required=False, min_value=0)
    contraindications = forms.CharField(label="Contra-indicaties", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    requires = forms.CharField(label="Voorwaarden (codes, gescheiden door |)", required=False)
    max_risk = forms.ChoiceField(label="Hoogste risiconiveau", choices=RISK_CHOICES, required=False)
    excludes_substance = forms.BooleanField(label="Niet bij ernstig middelenprobleem", required=False)
    excludes_psychopathology = forms.BooleanField(label="Niet bij ernstige psychopathologie", required=False)
    modalities = forms.CharField(label="Vorm en kenmerken (bijv. groep|lotgenoten|systeemtherapie)", required=False)
    blocks = forms.MultipleChoiceField(label="Bouwstenen minimaal vrijwillig aanbod (004 §1.4)", required=False,
                                       choices=BLOCK_CHOICES, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label="Doel en doelgroep", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label="Bron", max_length=300, required=False)
    active = forms.BooleanField(label="Actief", required=False, initial=True)
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
    file = forms.FileField(label="CSV-bestand (kolommen als in de export, scheidingsteken ; of ,)")


class ReferralForm(forms.Form):
    offer = forms.IntegerField(label="Aanbod", widget=forms.HiddenInput)
    person = forms.ChoiceField(label="Pleger", required=False)
    incident_date = forms.DateField(label="Datum incident", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    arrest_date = forms.DateField(label="Datum aanhouding (indien van toepassing)", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "— niet gekozen —")] + [(str(p.pk), p.full_name) for p in persons]


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status", choices=ReferralStatus.choices)
    on_date = forms.DateField(label="Datum", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Reden (bij uitval of weigering)", required=False)
    bridging_help = forms.CharField(label="Overbruggingshulp (bij wachten)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
