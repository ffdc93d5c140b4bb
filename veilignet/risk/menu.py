from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    if not getattr(user, "organisation_id", None):
        return []
    return [("Herbeoordelingen", reverse("risk:due"))]
