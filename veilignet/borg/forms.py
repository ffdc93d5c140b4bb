"""Forms of the BORG screens (Dutch labels; the domain checks are in services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AttendanceStatus, Framework, FrameworkKind, GoalResult, Variant

TRI = [("", _("onbekend")), ("ja", _("ja")), ("nee", _("nee"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class Prefixed(forms.Form):
    """Distinct element ids per form, so several forms on one page never share a label target."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def tri_value(value):
    return {"ja": True, "nee": False}.get(value)


def tri_initial(value):
    return {True: "ja", False: "nee"}.get(value, "")


class TrajectoryForm(forms.Form):
    person = forms.ChoiceField(label=_("Deelnemer (pleger)"))
    supervisor = forms.ChoiceField(label=_("Toezichthouder (reclassering)"), required=False)
    incident_date = forms.DateField(label=_("Datum incident"), required=False, widget=DATE)
    arrest_date = forms.DateField(label=_("Datum aanhouding"), required=False, widget=DATE)
    referred_by = forms.CharField(label=_("Verwezen door"), required=False, max_length=120)

    def __init__(self, *args, persons=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in persons]
        self.fields["supervisor"].choices = [("", "—")] + [(str(u.pk), u.display_name()) for u in users]


class EligibilityForm(forms.Form):
    age = forms.IntegerField(label=_("Leeftijd (jaren)"), required=False, min_value=0, max_value=130)
    risc_level = forms.ChoiceField(label=_("Recidiverisico (RISc of QuickScan)"), required=False, choices=[
        ("onbekend", _("onbekend / niet vastgesteld")), ("laag", _("laag")), ("gemiddeld", _("gemiddeld")), ("hoog", _("hoog"))])
    residence_permit = forms.ChoiceField(label=_("Verblijfsvergunning"), required=False, choices=TRI)
    serious_antisocial_violence = forms.ChoiceField(label=_("Ernstig antisociaal geweld"), required=False, choices=TRI)
    serious_substance_problem = forms.ChoiceField(label=_("Ernstig alcohol- of drugsprobleem"), required=False,
                                                  choices=TRI)
    acknowledges_violence = forms.ChoiceField(label=_("Erkent het geweld"), required=False, choices=[
        ("", _("onbekend")), ("ja", _("ja, volledig")), ("partial", _("gedeeltelijk")), ("nee", _("nee"))])
    iq = forms.IntegerField(label=_("IQ (indien gemeten)"), required=False, min_value=30, max_value=200)
    lvb_suspected = forms.BooleanField(label=_("Vermoeden van een licht verstandelijke beperking (LVB)"), required=False)
    violence_type = forms.ChoiceField(label=_("Type geweld"), required=False, choices=[
        ("", _("onbekend")), ("situational", _("situationeel partnergeweld (common couple violence)")),
        ("unclear", _("onduidelijk")), ("intimate_terror_suspected", _("vermoeden van intieme terreur"))])
    serious_psychopathology = forms.ChoiceField(label=_("Ernstige psychopathologie"), required=False, choices=TRI)
    willing_to_talk = forms.ChoiceField(label=_("Bereid over de situatie te praten"), required=False, choices=TRI)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    BOOLEANS = ("residence_permit", "serious_antisocial_violence", "serious_substance_problem",
                "serious_psychopathology", "willing_to_talk")

    def inputs(self) -> dict:
        d = self.cleaned_data
        data = {name: tri_value(d[name]) for name in self.BOOLEANS}
        ack = d["acknowledges_violence"]
        data.update({
            "age": d["age"], "risc_level": d["risc_level"] or "onbekend",
            "acknowledges_violence": "partial" if ack == "partial" else tri_value(ack),
            "iq": d["iq"], "lvb_suspected": d["lvb_suspected"], "violence_type": d["violence_type"] or None,
        })
        return data

    @classmethod
    def initial_from(cls, inputs: dict) -> dict:
        initial = {name: tri_initial(inputs.get(name)) for name in cls.BOOLEANS}
        ack = inputs.get("acknowledges_violence")
        initial.update({
            "age": inputs.get("age"), "risc_level": inputs.get("risc_level") or "onbekend",
            "acknowledges_violence": "partial" if ack == "partial" else tri_initial(ack),
            "iq": inputs.get("iq"), "lvb_suspected": bool(inputs.get("lvb_suspected")),
            "violence_type": inputs.get("violence_type") or "",
        })
        return initial


class OverrideForm(Prefixed):
    id_prefix = "ovr"
    override_reason = forms.CharField(label=_("Reden om af te wijken van de criteria"), widget=forms.Textarea)


class FrameworkForm(Prefixed):
    id_prefix = "fw"
    framework = forms.ChoiceField(label=_("Kader"), choices=[("", "—")] + list(Framework.choices))
    framework_date = forms.DateField(label=_("Datum beslissing (OM, rechter of verwijzing)"), required=False,
                                     widget=DATE)
    referred_by = forms.CharField(label=_("Verwezen door"), required=False, max_length=120)
    incident_date = forms.DateField(label=_("Datum incident"), required=False, widget=DATE)
    arrest_date = forms.DateField(label=_("Datum aanhouding"), required=False, widget=DATE)


class IntakeForm(Prefixed):
    id_prefix = "intake"
    intake_date = forms.DateField(label=_("Datum intake"), widget=DATE)
    variant = forms.ChoiceField(label=_("Variant"), choices=Variant.choices)


class StartForm(Prefixed):
    id_prefix = "start"
    start_date = forms.DateField(label=_("Startdatum (eerste trainingssessie)"), widget=DATE)


class IndividualSessionsForm(Prefixed):
    id_prefix = "isess"
    first_at = forms.DateTimeField(label=_("Eerste individuele sessie"), widget=DATETIME,
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    interval_days = forms.IntegerField(label=_("Interval (dagen)"), initial=7, min_value=1, max_value=28)


class GoalForm(Prefixed):
    id_prefix = "goal"
    description = forms.CharField(label=_("Doel (specifiek)"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("Hoe wordt het gemeten? (meetbaar)"), max_length=300)
    target_date = forms.DateField(label=_("Uiterlijk bereikt op (tijdgebonden)"), widget=DATE)


class GoalMeasureForm(Prefixed):
    id_prefix = "gm"
    result = forms.ChoiceField(label=_("Resultaat"), choices=[c for c in GoalResult.choices if c[0] != GoalResult.OPEN])
    note = forms.CharField(label=_("Toelichting"), required=False)


class PartnerForm(Prefixed):
    id_prefix = "partner"
    partner = forms.ChoiceField(label=_("Partner (uit het huishouden)"), required=False)
    safety_check_on = forms.DateField(label=_("Datum veiligheidscheck"), required=False, widget=DATE)
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[
        ("veilig", _("veilig: partner betrekken")), ("onveilig", _("niet veilig: partner niet betrekken")),
        ("geweigerd", _("partner wil niet betrokken worden"))])
    notes = forms.CharField(label=_("Toelichting veiligheidscheck"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    contact_name = forms.CharField(label=_("Eigen contactpersoon van de partner"), required=False, max_length=200)
    contact_organisation = forms.CharField(label=_("Organisatie van de contactpersoon"), required=False, max_length=200)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = {str(p.pk): p for p in persons}
        self.fields["partner"].choices = [("", "—")] + [(k, p.full_name) for k, p in self.persons.items()]


class CompleteForm(Prefixed):
    id_prefix = "done"
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    follow_up = forms.CharField(label=_("Vervolg / doorverwijzing"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_referral_id = forms.CharField(label=_("Verwijzing in het aanbod (id, optioneel)"), required=False,
                                            max_length=64)


class DropoutForm(Prefixed):
    id_prefix = "drop"
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    dropout_reason = forms.CharField(label=_("Reden van uitval"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label=_("Vervolg / doorverwijzing"), required=False)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Naam van de groep"), max_length=120)
    framework_kind = forms.ChoiceField(label=_("Kader van de groep"), choices=[("", "—")] + list(FrameworkKind.choices))
    trainers = forms.MultipleChoiceField(label=_("Trainers"), widget=forms.CheckboxSelectMultiple)
    location = forms.CharField(label=_("Locatie"), required=False, max_length=200)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].choices = [(str(u.pk), u.display_name()) for u in users]


class PlanSessionsForm(Prefixed):
    id_prefix = "plan"
    first_at = forms.DateTimeField(label=_("Eerste bijeenkomst"), widget=DATETIME,
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    interval_days = forms.IntegerField(label=_("Interval (dagen)"), initial=7, min_value=1, max_value=28)
    count = forms.IntegerField(label=_("Aantal bijeenkomsten"), initial=12, min_value=1, max_value=24)


class AddParticipantForm(Prefixed):
    id_prefix = "add"
    trajectory = forms.ChoiceField(label=_("Deelnemer"))
    cluster = forms.ChoiceField(label=_("Instromen in cluster"), required=False, choices=[
        ("", _("eerstvolgende cluster")), ("1", _("cluster 1")), ("2", _("cluster 2")), ("3", _("cluster 3")), ("4", _("cluster 4"))])

    def __init__(self, *args, trajectories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].choices = [("", "—")] + [
            (str(t.pk), f"{t.person.full_name} ({t.case.number}, {t.get_framework_display() or 'geen kader'})")
            for t in trajectories]


ATTENDANCE_CHOICES = AttendanceStatus.choices
