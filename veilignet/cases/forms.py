import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veilignet.accounts.models import Organisation

from . import services
from .identity import bsn_is_valid, normalise_bsn
from .models import Category, Gender, PersonRole, Phase, Relation, Urgency

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    received_at = forms.DateTimeField(label=_("Ontvangen op"), widget=DATETIME_WIDGET,
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"])
    source = forms.ChoiceField(label=_("Bron van de melding"))
    category = forms.ChoiceField(label=_("Categorie"), choices=Category.choices)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAAL)
    incident_date = forms.DateField(label=_("Datum incident (als bekend)"), required=False, widget=DATE_WIDGET)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea, required=False)
    reporter_name = forms.CharField(label=_("Naam melder"), required=False, max_length=200)
    reporter_phone = forms.CharField(label=_("Telefoon melder"), required=False, max_length=30)
    reporter_email = forms.EmailField(label=_("E-mail melder"), required=False)
    reporter_relation = forms.CharField(label=_("Relatie tot betrokkenen"), required=False, max_length=200)
    reporter_protect = forms.BooleanField(
        label=_("Identiteit van de melder afschermen voor de betrokkenen"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.order_by("name").values_list("code", "name")
        self.fields["source"].choices = [(services.CITIZEN_SOURCE, _("Burger (niet-professional)"))] + list(orgs)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=[("", "—")] + list(PersonRole.choices), required=False)
    first_name = forms.CharField(label=_("Voornaam"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), required=False, max_length=150)
    birth_date = forms.DateField(label=_("Geboortedatum"), required=False, widget=DATE_WIDGET)
    gender = forms.ChoiceField(label=_("Geslacht"), choices=Gender.choices, initial=Gender.ONBEKEND)
    bsn = forms.CharField(label="BSN", required=False, max_length=20)
    relation = forms.ChoiceField(label=_("Relatie"), choices=Relation.choices, initial=Relation.OVERIG)

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(k) for k in ("first_name", "last_name", "birth_date", "bsn"))

    def clean_bsn(self):
        bsn = normalise_bsn(self.cleaned_data.get("bsn"))
        if bsn and not bsn_is_valid(bsn):
            raise ValidationError(_("Dit is geen geldig BSN (de elfproef klopt niet)."))
        return bsn

    def clean(self):
        data = super().clean()
        if not self.is_empty() and not data.get("role"):
            self.add_error("role", _("Kies de rol van deze persoon."))
        return data


PersonFormSet = forms.formset_factory(PersonForm, extra=0, min_num=4, max_num=12)

# Service error keys (API field names) -> form field names.
_FIELD_MAP = {"ontvangen_op": "received_at", "bron": "source", "omschrijving": "description",
              "incident_op": "incident_date", "categorie": "category", "urgentie": "urgency"}
_PERSON_FIELD_MAP = {"voornaam": "first_name", "achternaam": "last_name", "geboortedatum": "birth_date",
                     "bsn": "bsn", "rol": "role"}


def build_report_input(form: ReportForm, formset) -> tuple[services.ReportInput, list[int]]:
    """The service input and, per person in it, the index of its form row (to put errors back)."""
    d = form.cleaned_data
    rows = [(i, f) for i, f in enumerate(formset.forms) if not f.is_empty()]
    persons = [
        services.PersonInput(
            role=f.cleaned_data["role"], first_name=f.cleaned_data["first_name"], last_name=f.cleaned_data["last_name"],
            birth_date=f.cleaned_data["birth_date"], gender=f.cleaned_data["gender"] or Gender.ONBEKEND,
            bsn=f.cleaned_data["bsn"], relation=f.cleaned_data["relation"],
        )
        for _, f in rows
    ]
    data = services.ReportInput(
        received_at=d["received_at"], source=d["source"], category=d["category"], description=d["description"],
        urgency=d["urgency"], persons=persons, incident_date=d.get("incident_date"),
        reporter=services.ReporterInput(name=d["reporter_name"], phone=d["reporter_phone"],
                                        email=d["reporter_email"], relation=d["reporter_relation"],
                                        protect_identity=d["reporter_protect"]),
    )
    return data, [i for i, _ in rows]


def attach_service_errors(errors: dict, form: ReportForm, formset, row_index: list[int]) -> None:
    """Put the service's per-field messages on the right form field or person row."""
    for key, messages in errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        match = re.match(r"personen\[(\d+)\]\.(\w+)", key)
        if match:
            row = formset.forms[row_index[int(match.group(1))]]
            field = _PERSON_FIELD_MAP.get(match.group(2), None)
            for message in messages:
                row.add_error(field if field in row.fields else None, message)
        elif key == "personen":
            for message in messages:
                form.add_error(None, message)
        else:
            field = _FIELD_MAP.get(key, key)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 4}))
    confidential = forms.BooleanField(label=_("Vertrouwelijk: alleen zichtbaar voor mijn organisatie"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseUpdateForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices)
    case_director = forms.ChoiceField(label=_("Casusregisseur"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, directors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_director"].choices = [("", _("— geen —"))] + [(str(u.pk), u.display_name()) for u in directors]


class WorklistFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken (naam, geboortedatum, BSN of dossiernummer)"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, initial="open",
                               choices=[("open", _("open")), ("gesloten", _("gesloten")), ("", _("alle"))])
    phase = forms.ChoiceField(label=_("Fase"), required=False, choices=[("", _("alle"))] + list(Phase.choices))
    risk_level = forms.ChoiceField(label=_("Risico"), required=False,
                                   choices=[("", _("alle")), ("extreme", _("zeer hoog")), ("high", _("hoog")),
                                            ("medium", _("gemiddeld")), ("low", _("laag")), ("none", _("geen aanwijzing"))])
    mine = forms.BooleanField(label=_("Alleen mijn dossiers (casusregisseur)"), required=False)
