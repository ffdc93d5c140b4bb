"""The public self-check at /zelftest/: no login, nothing stored, no cookies, no third-party resources.

GET shows the questions; POST evaluates the answers in memory and shows the result. The form stores
nothing, so it is csrf_exempt (a CSRF token would set a cookie). No session is touched.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .selfcheck import QUESTIONS, evaluate

QUICK_EXIT_URL = "https://www.weeronline.nl"


def _no_trace(response):
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    # The self-check is Dutch only (no language switch, no cookie); LocaleMiddleware keeps this header.
    response["Content-Language"] = "nl"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def selfcheck(request):
    result = evaluate(request.POST) if request.method == "POST" else None
    answers = request.POST if request.method == "POST" else {}
    questions = [{"field": f, "text": q, "value": answers.get(f, "")} for f, q, _codes in QUESTIONS]
    return _no_trace(render(request, "risk/selfcheck.html", {
        "questions": questions, "result": result, "exit_url": QUICK_EXIT_URL,
    }))
