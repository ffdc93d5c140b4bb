from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from veilignet.cases.models import RiskLevel

from .models import EmailMode, MeasureKind, MeetingKind, TermUnit

PHASE_CHOICES = [("directe_veiligheid", _("directe veiligheid")), ("stabiele_veiligheid", _("stabiele veiligheid")),
                 ("herstel", _("herstel"))]


def attach_errors(form, message_dict: dict, prefix_map=None):
    """Put a service's ValidationError messages at the form fields (unknown names: non-field)."""
    for name, messages in message_dict.items():
        field = (prefix_map or {}).get(name, name)
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            else:
                form.add_error(None, message)


class TermForm(forms.Form):
    kind = forms.CharField(label=_("Soort termijn"), max_length=40)
    region = forms.CharField(label=_("Regio (leeg = landelijk)"), max_length=40, required=False)
    risk_level = forms.ChoiceField(label=_("Risiconiveau (leeg = alle)"), required=False,
                                   choices=[("", _("alle"))] + list(RiskLevel.choices))
    amount = forms.CharField(label=_("Lengte"), max_length=10)
    unit = forms.ChoiceField(label=_("Eenheid"), choices=TermUnit.choices)
    warn_hours = forms.CharField(label=_("Waarschuwen (uren vooraf)"), max_length=10, initial="24")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    direct_safety = forms.CharField(label=_("Fase 1 — directe veiligheid"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    stable_safety = forms.CharField(label=_("Fase 2 — stabiele veiligheid"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    recovery = forms.CharField(label=_("Fase 3 — herstel"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    stop_behaviour = forms.CharField(label=_("Het gedrag van de pleger definitief stoppen"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    comment = forms.CharField(label=_("Toelichting bij deze versie"), required=False, max_length=300)


class AgreementForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    phase = forms.ChoiceField(label=_("Fase"), choices=PHASE_CHOICES)
    text = forms.CharField(label=_("Afspraak"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.ChoiceField(label=_("Eigenaar (organisatie)"), required=False)
    owner = forms.CharField(label=_("Eigenaar (gebruikersnaam, optioneel)"), required=False, max_length=150)
    due = forms.DateField(label=_("Uiterlijk"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    perpetrator = forms.BooleanField(label=_("Gericht op stoppen van het gedrag van de pleger"), required=False)
    referral_ref = forms.CharField(label=_("Verwijzing (aanbod), optioneel"), required=False, max_length=64)
    remove = forms.BooleanField(label=_("Afspraak vervalt"), required=False)

    def __init__(self, *args, org_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + list(org_choices)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {}) or {}
        return not d.get("key") and not (d.get("text") or "").strip()


AgreementFormSet = formset_factory(AgreementForm, extra=3)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort maatregel"), choices=MeasureKind.choices)
    starts_at = forms.DateTimeField(label=_("Ingangsdatum en -tijd"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Einddatum (optioneel)"), required=False,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandoverForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_organisation = forms.CharField(label=_("Naar (code van het wijkteam)"), max_length=64)
    new_concerns = forms.CharField(label=_("Wat te doen bij nieuwe zorgen"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    escalation = forms.CharField(label=_("Wie schaalt op (en naar wie)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    meeting_held = forms.BooleanField(label=_("Overdrachtsgesprek met gezin en wijkteam gevoerd"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"safety_{m.person_id}"] = forms.CharField(
                label=_("Veiligheidsbeeld van %(name)s (%(relation)s)") % {
                    "name": m.person.full_name, "relation": m.get_relation_display()}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    def safety_fields(self):
        return [self[f"safety_{m.person_id}"] for m in self.members]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort overleg"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Titel (optioneel)"), required=False, max_length=200)
    scheduled_at = forms.DateTimeField(label=_("Datum en tijd"),
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    attendee_orgs = forms.CharField(label=_("Deelnemende organisaties (codes, gescheiden door komma's)"),
                                    required=False, max_length=500)


class SharedInfoForm(forms.Form):
    information_shared = forms.CharField(label=_("Gedeelde informatie"), widget=forms.Textarea(attrs={"rows": 3}),
                                         required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    organisation = forms.CharField(label=_("Eigenaar (code van de organisatie)"), required=False, max_length=64)
    owner = forms.CharField(label=_("Eigenaar (gebruikersnaam, optioneel)"), required=False, max_length=150)
    due = forms.DateField(label=_("Uiterlijk (leeg = standaardtermijn)"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(label=_("E-mail"), choices=EmailMode.choices, widget=forms.RadioSelect)
    due_soon = forms.BooleanField(label=_("Waarschuw mij vóór een termijn verloopt"), required=False)
