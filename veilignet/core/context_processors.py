from django.conf import settings

from .registry import menu_items


def navigation(request):
    """What the base template needs: the menu items the apps offer this user."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "app_menu": [{"label": label, "url": url} for label, url in menu_items(user)] if authenticated else [],
        "site_url": settings.SITE_URL,
    }
