"""The current request's actor for the audit trail, set by middleware (web and API) or by a
management command (cli). A contextvar, so threads and async tasks do not mix actors."""

import contextvars
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user: object | None
    channel: str  # web, api, cli
    session_ref: str = ""


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("veilignet_actor", default=None)


def set_actor(actor: Actor | None):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)


def current_actor() -> Actor | None:
    return _current.get()


def actor_from_request(request) -> Actor:
    auth = getattr(request, "auth", None)
    if auth is not None and hasattr(auth, "prefix"):
        return Actor(request.user, "api", f"token:{auth.prefix}")
    key = getattr(getattr(request, "session", None), "session_key", None) or ""
    ref = "session:" + hashlib.sha256(key.encode()).hexdigest()[:16] if key else ""
    channel = "api" if request.path.startswith("/api/") else "web"
    return Actor(getattr(request, "user", None), channel, ref)
