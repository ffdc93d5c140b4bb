from .context import actor_from_request, reset_actor, set_actor


class SecurityPolicyMiddleware:
    """Sets the audit actor for the request (web or API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_actor(actor_from_request(request))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
