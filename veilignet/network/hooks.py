"""Wiring to apps written concurrently, without importing them at module level.

The risk app (veilignet.risk): when a risk assessment is finalised in a case
- the first Veilig Thuis safety assessment (`vt_safety_assessment`) of that organisation is met, for
  the reports received before the assessment was finalised (a Veilig Thuis risk assessment *is* the
  safety assessment; one by the police does not meet Veilig Thuis's term);
- earlier `reassessment` deadlines of the case are met (this assessment is the re-assessment).
We find the model by shape (a model named *Assessment* with a `case` foreign key and `finalised_at`)
and connect a post_save receiver, so nothing breaks while the risk app changes. The case page also
has the button "veiligheidsbeoordeling afgerond" (panels.py) for assessments made outside VeiligNet."""

from django.apps import apps
from django.db.models.signals import post_save

_FINAL_FIELDS = ("finalised_at", "finalized_at", "completed_at")
_FINAL_STATUS = ("final", "finalised", "finalized", "definitief", "afgerond", "vastgesteld")


def _is_final(instance) -> bool:
    for name in _FINAL_FIELDS:
        if getattr(instance, name, None):
            return True
    return str(getattr(instance, "status", "")).lower() in _FINAL_STATUS


def _on_assessment_saved(sender, instance, **kwargs):
    case_id = getattr(instance, "case_id", None)
    if case_id is None or getattr(instance, "is_draft", False) or not _is_final(instance):
        return
    from django.utils import timezone

    from .models import Deadline, DeadlineStatus

    at = next((getattr(instance, n) for n in _FINAL_FIELDS if getattr(instance, n, None)), None) or timezone.now()
    live = Deadline.objects.filter(case_id=case_id, status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED])
    vt = live.filter(kind="vt_safety_assessment", start__lte=at)
    if getattr(instance, "organisation_id", None):
        vt = vt.filter(organisation_id=instance.organisation_id)
    vt.update(status=DeadlineStatus.MET, closed_at=at)
    live.filter(kind="reassessment").exclude(source_ref=f"risk:{instance.pk}").update(
        status=DeadlineStatus.MET, closed_at=at)


def risk_assessment_models():
    try:
        config = apps.get_app_config("risk")
    except LookupError:
        return []
    found = []
    for model in config.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "case" in names and "assessment" in model.__name__.lower() and (
            names & set(_FINAL_FIELDS) or "status" in names
        ):
            found.append(model)
    return found


def connect():
    for model in risk_assessment_models():
        post_save.connect(_on_assessment_saved, sender=model, dispatch_uid=f"network-vt-{model._meta.label}")
