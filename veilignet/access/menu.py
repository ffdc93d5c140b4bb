from django.urls import reverse

from . import selectors, services


def items(user) -> list[tuple[str, str]]:
    result = []
    if services.may_break_glass(user):
        result.append(("Doorbraak", reverse("access:break_glass_search")))
    if selectors.is_privacy_officer(user):
        result.append(("Privacy officer", reverse("access:officer")))
    return result
