"""Shared API conventions: pagination, Dutch error bodies (problem+json style), idempotency keys,
and the audit actor for token-authenticated requests."""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from veilignet.access.context import actor_from_request, set_actor

from .models import IdempotencyKey


class Pagination(PageNumberPagination):
    page_size_query_param = "pageSize"
    max_page_size = 200

    def get_paginated_response(self, data):
        return Response({"count": self.page.paginator.count, "next": self.get_next_link(),
                         "previous": self.get_previous_link(), "results": data})


_TITLES = {
    400: _("Ongeldige invoer."),
    401: _("Niet geauthenticeerd."),
    403: _("Geen toegang."),
    404: _("Niet gevonden."),
    405: _("Methode niet toegestaan."),
    409: _("Conflict."),
    412: _("De gegevens zijn intussen door iemand anders gewijzigd."),
    415: _("Niet-ondersteund mediatype."),
    429: _("Te veel verzoeken."),
}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    # Titles follow the request's language (LocaleMiddleware: Accept-Language; Dutch by default).
    body = {"status": response.status_code, "title": str(_TITLES.get(response.status_code, _("Fout.")))}
    if isinstance(data, dict) and set(data) != {"detail"}:
        body["invalidParams"] = data  # per-field Dutch messages
    elif isinstance(data, dict):
        body["detail"] = str(data["detail"])
    elif isinstance(data, list):
        body["detail"] = " ".join(str(d) for d in data)
    if response.status_code == 404:
        body.pop("detail", None)  # reveal nothing about what exists
    response.data = body
    return response


class AuditActorMixin:
    """DRF authenticates inside the view; refresh the audit actor once it has."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        set_actor(actor_from_request(request))


class IdempotentCreateMixin:
    """A POST with an `Idempotency-Key` header is done once per user and key; a retry gets the
    first response. The same key with a different body is a 409. Views implement `do_create`."""

    def do_create(self, request):  # pragma: no cover - each view implements it
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if not key:
            return self.do_create(request)
        body_hash = hashlib.sha256(json.dumps(request.data, sort_keys=True, default=str).encode()).hexdigest()
        previous = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if previous is not None:
            return self._replay(previous, body_hash, request)
        try:
            with transaction.atomic():
                response = self.do_create(request)
                if response.status_code < 500:
                    IdempotencyKey.objects.create(
                        user=request.user, key=key, method=request.method, path=request.path,
                        request_hash=body_hash, status_code=response.status_code,
                        response_body=json.loads(json.dumps(response.data, default=str)),
                    )
                return response
        except IntegrityError:
            # A concurrent retry with the same key won the race: answer with its result.
            previous = IdempotencyKey.objects.filter(user=request.user, key=key).first()
            if previous is None:
                raise
            return self._replay(previous, body_hash, request)

    @staticmethod
    def _replay(previous, body_hash, request):
        if previous.request_hash != body_hash or previous.path != request.path:
            return Response(
                {"status": 409, "title": str(_("Conflict.")),
                 "detail": str(_("Deze Idempotency-Key is al gebruikt voor een ander verzoek."))},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(previous.response_body, status=previous.status_code, headers={"Idempotent-Replayed": "true"})
