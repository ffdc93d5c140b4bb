from django.conf import settings


def navigation(request):
    """What the base template needs: the user's organisation and roles for the menu."""
    user = getattr(request, "user", None)
    roles = set(user.roles or []) if user is not None and user.is_authenticated else set()
    return {"nav_roles": roles, "site_url": settings.SITE_URL}
