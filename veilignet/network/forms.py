from django import forms
from django.forms import formset_factory

from veilignet.cases.models import RiskLevel

from .models import EmailMode, MeasureKind, MeetingKind, TermUnit

PHASE_CHOICES = [("directe_veiligheid", "directe veiligheid"), ("stabiele_veiligheid", "stabiele veiligheid"),
                 ("herstel", "herstel")]


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
    kind = forms.CharField(label="Soort termijn", max_length=40)
    region = forms.CharField(label="Regio (leeg = landelijk)", max_length=40, required=False)
    risk_level = forms.ChoiceField(label="Risiconiveau (leeg = alle)", required=False,
                                   choices=[("", "alle")] + list(RiskLevel.choices))
    amount = forms.CharField(label="Lengte", max_length=10)
    unit = forms.ChoiceField(label="Eenheid", choices=TermUnit.choices)
    warn_hours = forms.CharField(label="Waarschuwen (uren vooraf)", max_length=10, initial="24")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reden", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    direct_safety = forms.CharField(label="Fase 1 — directe veiligheid", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    stable_safety = forms.CharField(label="Fase 2 — stabiele veiligheid", required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    recovery = forms.CharField(label="Fase 3 — herstel", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    stop_behaviour = forms.CharField(label="Het gedrag van de pleger definitief stoppen", required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    comment = forms.CharField(label="Toelichting bij deze versie", required=False, max_length=300)


class AgreementForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    phase = forms.ChoiceField(label="Fase", choices=PHASE_CHOICES)
    text = forms.CharField(label="Afspraak", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.ChoiceField(label="Eigenaar (organisatie)", required=False)
    owner = forms.CharField(label="Eigenaar (gebruikersnaam, optioneel)", required=False, max_length=150)
    due = forms.DateField(label="Uiterlijk", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    perpetrator = forms.BooleanField(label="Gericht op stoppen van het gedrag van de pleger", required=False)
    referral_ref = forms.CharField(label="Verwijzing (aanbod), optioneel", required=False, max_length=64)
    remove = forms.BooleanField(label="Afspraak vervalt", required=False)

    def __init__(self, *args, org_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—")] + list(org_choices)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {}) or {}
        return not d.get("key") and not (d.get("text") or "").strip()


AgreementFormSet = formset_factory(AgreementForm, extra=3)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label="Soort maatregel", choices=MeasureKind.choices)
    starts_at = forms.DateTimeField(label="Ingangsdatum en -tijd",
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label="Einddatum (optioneel)", required=False,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandoverForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_organisation = forms.CharField(label="Naar (code van het wijkteam)", max_length=64)
    new_concerns = forms.CharField(label="Wat te doen bij nieuwe zorgen", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    escalation = forms.CharField(label="Wie schaalt op (en naar wie)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    meeting_held = forms.BooleanField(label="Overdrachtsgesprek met gezin en wijkteam gevoerd", required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for m in self.members:
            self.fields[f"safety_{m.person_id}"] = forms.CharField(
                label=f"Veiligheidsbeeld van {m.person.full_name} ({m.get_relation_display()})", required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    def safety_fields(self):
        return [self[f"safety_{m.person_id}"] for m in self.members]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Soort overleg", choices=MeetingKind.choices)
    title = forms.CharField(label="Titel (optioneel)", required=False, max_length=200)
    scheduled_at = forms.DateTimeField(label="Datum en tijd",
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    attendee_orgs = forms.CharField(label="Deelnemende organisaties (codes, gescheiden door komma's)",
                                    required=False, max_length=500)


class SharedInfoForm(forms.Form):
    information_shared = forms.CharField(label="Gedeelde informatie", widget=forms.Textarea(attrs={"rows": 3}),
                                         required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label="Besluit", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    organisation = forms.CharField(label="Eigenaar (code van de organisatie)", required=False, max_length=64)
    owner = forms.CharField(label="Eigenaar (gebruikersnaam, optioneel)", required=False, max_length=150)
    due = forms.DateField(label="Uiterlijk (leeg = standaardtermijn)", required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(label="E-mail", choices=EmailMode.choices, widget=forms.RadioSelect)
    due_soon = forms.BooleanField(label="Waarschuw mij vóór een termijn verloopt", required=False)
