from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import selectors, services


def items(user) -> list[tuple[str, str]]:
    result = []
    if services.may_break_glass(user):
        result.append((_("Doorbraak"), reverse("access:break_glass_search")))
    if selectors.is_privacy_officer(user):
        result.append((_("Privacy officer"), reverse("access:officer")))
    return result
