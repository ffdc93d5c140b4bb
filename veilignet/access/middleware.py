"""Per request: the audit actor, and two-factor enforcement for web users."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import audit, conf
from .context import actor_from_request, reset_actor, set_actor

# Paths an authenticated but not yet verified user may reach.
_EXEMPT_PREFIXES = ("/account/", "/toegang/2fa/", "/static/", "/zelftest/", "/i18n/")


class SecurityPolicyMiddleware:
    """Sets the audit actor for the request (web or API) and, when settings.REQUIRE_2FA is on, sends an
    authenticated web user without a verified TOTP device to set one up (first time) or to enter a code
    (after every login). API calls with a token (systems) are exempt; an API call on an unverified web
    session is refused (403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        blocked = self._require_2fa(request)
        if blocked is not None:
            return blocked
        token = set_actor(actor_from_request(request))
        buffered = audit.start_request_buffer()
        try:
            return self.get_response(request)
        finally:
            try:
                audit.end_request_buffer(buffered)
            finally:
                reset_actor(token)

    @staticmethod
    def _require_2fa(request):
        if not conf.require_2fa():
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if getattr(user, "is_verified", lambda: False)():
            return None
        path = request.path
        if path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None  # token users (systems) are exempt; DRF authenticates the token itself
            return JsonResponse({"status": 403, "title": "Geen toegang.",
                                 "detail": "Tweestapsverificatie is vereist voor deze sessie."}, status=403)
        if path.startswith(_EXEMPT_PREFIXES):
            return None
        from .views import user_has_device

        target = "access:totp_verify" if user_has_device(user) else "access:totp_setup"
        from urllib.parse import urlencode

        return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
