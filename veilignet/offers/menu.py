from django.urls import reverse


def items(user):
    return [("Sociale kaart", reverse("offers:list"))]
