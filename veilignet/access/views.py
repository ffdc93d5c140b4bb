"""Pages of the access app under /toegang/: participants of a case, break-the-glass, the privacy
officer's screens (review queue, who saw this case / person, access log PDF) and two-factor setup."""

import base64
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from veilignet.accounts.models import Organisation

from . import audit, selectors, services
from .models import AuditEvent, BreakGlassOutcome, LegalBasis, Scope


def _visible_case(request, case_id, *, audit_read=True, purpose=""):
    from veilignet.cases.models import Case
    from veilignet.cases.selectors import get_case

    try:
        return get_case(request.user, case_id, audit_read=audit_read, purpose=purpose)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def _errors(exc: ValidationError) -> dict:
    return {k: v for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {"__all__": exc.messages}


# --- participants ---------------------------------------------------------------------------------

@login_required
def participants(request, case_id):
    case = _visible_case(request, case_id, audit_read=False)
    errors, values = {}, {}
    can_manage = services.may_manage_participants(request.user, case)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        values = {"organisatie": request.POST.get("organisatie", ""), "grondslag": request.POST.get("grondslag", ""),
                  "doel": request.POST.get("doel", ""), "reikwijdte": request.POST.getlist("reikwijdte")}
        try:
            p = services.add_participant(request.user, case, values["organisatie"], basis=values["grondslag"],
                                         purpose=values["doel"], scope=values["reikwijdte"] or None)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("%(organisation)s neemt nu deel aan dit dossier.") % {"organisation": p.organisation.name})
            return redirect("access:participants", case_id=case.pk)
    audit.record("read", "participation", "", case_id=case.pk, details={"list": True})
    rows = case.participations.select_related("organisation", "added_by", "ended_by").order_by("started_at", "id")
    active_orgs = {p.organisation_id for p in rows if p.active}
    return render(request, "access/participants.html", {
        "case": case, "rows": rows, "can_manage": can_manage, "errors": errors, "values": values,
        "own_org_id": request.user.organisation_id if request.user.has_role(*services.OPERATIONAL_ROLES) else None,
        "organisations": Organisation.objects.exclude(pk__in=active_orgs).order_by("name") if can_manage else [],
        "bases": LegalBasis.choices, "scopes": Scope.choices,
        "status": 400 if errors else 200,
    }, status=400 if errors else 200)


@login_required
@require_POST
def participant_end(request, case_id, org):
    case = _visible_case(request, case_id, audit_read=False)
    own = services.may_withdraw(request.user, case, org)
    if not (services.may_manage_participants(request.user, case) or own):
        raise Http404
    try:
        services.end_participation(request.user, case, org, request.POST.get("reden", ""))
    except ValidationError as exc:
        for msgs in _errors(exc).values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, _("De deelname is beëindigd."))
        if own and not services.may_manage_participants(request.user, case):
            return redirect("cases:worklist")
    return redirect("access:participants", case_id=case.pk)


# --- break-the-glass --------------------------------------------------------------------------------

@login_required
def break_glass_search(request):
    """Find out whether a case exists (by BSN, or last name + birth date) — nothing more."""
    if not services.may_break_glass(request.user):
        raise Http404
    results, errors, searched = [], {}, False
    values = {k: request.GET.get(k, "").strip() for k in ("bsn", "achternaam", "geboortedatum")}
    if any(values.values()):
        searched = True
        birth = None
        if values["geboortedatum"]:
            try:
                birth = datetime.strptime(values["geboortedatum"], "%Y-%m-%d").date()
            except ValueError:
                errors["geboortedatum"] = ["Ongeldige geboortedatum."]
        if not errors:
            try:
                results = services.locate_cases(request.user, bsn=values["bsn"], last_name=values["achternaam"],
                                                birth_date=birth)
            except ValidationError as exc:
                errors = _errors(exc)
    return render(request, "access/break_glass_search.html",
                  {"results": results, "errors": errors, "values": values, "searched": searched})


@login_required
def break_glass(request, case_id):
    """State the reason; then the case opens for a limited time. Shows no case data before that."""
    from veilignet.cases.models import Case

    if not services.may_break_glass(request.user):
        raise Http404
    case = Case.objects.select_related("lead_organisation").filter(pk=case_id).first()
    if case is None:
        raise Http404
    if selectors.visible_cases(request.user).filter(pk=case.pk).exists():
        return redirect("cases:detail", case_id=case.pk)
    errors, reason = {}, ""
    if request.method == "POST":
        reason = request.POST.get("reden", "")
        try:
            services.break_glass(request.user, case, reason)
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.warning(request, "Doorbraak vastgelegd. U hebt tijdelijk toegang; de privacy officer "
                                      "beoordeelt deze doorbraak.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "access/break_glass.html",
                  {"case_id": case.pk, "organisation": case.lead_organisation, "errors": errors, "reason": reason},
                  status=400 if errors else 200)


# --- privacy officer --------------------------------------------------------------------------------

def _officer_only(request):
    if not selectors.is_privacy_officer(request.user):
        raise Http404


@login_required
def officer_home(request):
    """Review queue of break-the-glass grants, and finding a case or person to inspect."""
    from veilignet.cases.selectors import _person_filter

    _officer_only(request)
    show = request.GET.get("toon", "open")
    queue = services.review_queue(request.user)
    if show == "open":
        queue = queue.filter(review_outcome="")
    q = request.GET.get("q", "").strip()
    cases, persons = [], []
    if q:
        if q.upper().startswith("VN-"):
            cases = list(selectors.officer_cases(request.user).filter(number__iexact=q)[:20])
        else:
            condition = _person_filter(q)
            if condition is not None:
                persons = list(selectors.officer_persons(request.user).filter(condition)[:50])
        audit.record("search", "audit", "", details={"q": q, "cases": len(cases), "persons": len(persons)},
                     purpose="toezicht (FG)")
    return render(request, "access/officer_home.html", {
        "queue": queue[:200], "show": show, "q": q, "cases": cases, "persons": persons,
        "outcomes": [c for c in BreakGlassOutcome.choices if c[0]],
    })


@login_required
@require_POST
def officer_review(request, grant_id):
    _officer_only(request)
    try:
        services.review_break_glass(request.user, grant_id, request.POST.get("uitkomst", ""),
                                    request.POST.get("toelichting", ""))
    except ValidationError as exc:
        for msgs in _errors(exc).values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, _("De beoordeling is vastgelegd."))
    return redirect("access:officer")


def _filter_events(request, events):
    f = {k: request.GET.get(k, "").strip() for k in ("organisatie", "gebruiker", "actie", "van", "tot")}
    if f["organisatie"]:
        events = events.filter(organisation_code=f["organisatie"])
    if f["gebruiker"]:
        events = events.filter(username__icontains=f["gebruiker"])
    if f["actie"]:
        events = events.filter(action=f["actie"])
    for key, lookup in (("van", "at__date__gte"), ("tot", "at__date__lte")):
        if f[key]:
            try:
                events = events.filter(**{lookup: datetime.strptime(f[key], "%Y-%m-%d").date()})
            except ValueError:
                f[key] = ""
    return events, f


@login_required
def officer_case(request, case_id):
    """Who saw or changed this case."""
    from veilignet.cases.models import Case

    _officer_only(request)
    try:
        case, events = selectors.audit_for_case(request.user, case_id)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    audit.record("read", "audit", case.pk, case_id=case.pk, purpose="toezicht (FG)")
    events, filters = _filter_events(request, events)
    page = Paginator(events, 100).get_page(request.GET.get("pagina"))
    grants = case.break_glass.select_related("user", "user__organisation")
    return render(request, "access/officer_case.html", {
        "case": case, "page": page, "filters": filters, "grants": grants,
        "actions": AuditEvent.objects.filter(case_id=case.pk).values_list("action", flat=True).distinct(),
        "organisations": AuditEvent.objects.filter(case_id=case.pk).exclude(organisation_code="")
        .values_list("organisation_code", flat=True).distinct(),
    })


@login_required
def officer_person(request, person_id):
    """Who saw this person (and the cases of their households within the officer's scope)."""
    from veilignet.cases.models import Person

    _officer_only(request)
    try:
        person, events = selectors.audit_for_person(request.user, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    audit.record("read", "audit", person.pk, person_id=person.pk, purpose="toezicht (FG)")
    events, filters = _filter_events(request, events)
    page = Paginator(events, 100).get_page(request.GET.get("pagina"))
    return render(request, "access/officer_person.html", {"person": person, "page": page, "filters": filters})


def access_log_rows(events):
    """Group audit entries per purpose → organisation → moments (AVG inzageverzoek, art. 15)."""
    codes = set(events.values_list("organisation_code", flat=True))
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
    grouped: dict[str, dict[str, list]] = {}
    for e in events.order_by("at").only("at", "organisation_code", "purpose", "action", "object_type"):
        purpose = e.purpose or "(geen doel vastgelegd)"
        org = names.get(e.organisation_code, e.organisation_code or "systeem")
        grouped.setdefault(purpose, {}).setdefault(org, []).append(e)
    return [(purpose, sorted(orgs.items())) for purpose, orgs in sorted(grouped.items())]


@login_required
def officer_person_pdf(request, person_id):
    """The person's access log as a PDF: which organisations saw their data, when, per purpose."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from veilignet.cases.models import Person

    _officer_only(request)
    try:
        person, events = selectors.audit_for_person(request.user, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    rows = access_log_rows(events)
    html = render_to_string("access/access_log_pdf.html", {
        "person": person, "rows": rows, "generated_at": timezone.now(), "officer": request.user,
        "total": events.count(),
    })
    pdf = HTML(string=html, base_url=None).write_pdf()
    audit.record("export", "audit", person.pk, person_id=person.pk, purpose="AVG inzageverzoek",
                 details={"format": "pdf", "entries": sum(len(m) for _, orgs in rows for _, m in orgs)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{person.pk}.pdf"'
    return response


# --- two-factor authentication ------------------------------------------------------------------------

def _safe_next(request, default="cases:worklist"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


@login_required
def totp_setup(request):
    """Set up a TOTP device (authenticator app): QR code as inline SVG, then confirm with a code."""
    import qrcode
    import qrcode.image.svg
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(reverse("access:totp_verify") + f"?next={_safe_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator-app", confirmed=False)
    error = ""
    if request.method == "POST":
        token = request.POST.get("code", "").replace(" ", "")
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.record("2fa_setup", "user", request.user.pk)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return redirect(_safe_next(request))
        error = "De code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer de nieuwste code."
    svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "access/totp_setup.html", {
        "qr_svg": svg.to_string(encoding="unicode"), "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "error": error, "next": _safe_next(request),
    }, status=400 if error else 200)


@login_required
def totp_verify(request):
    """Ask for the current code of the user's authenticator app (after every login)."""
    from django_otp import login as otp_login
    from django_otp import match_token

    if not user_has_device(request.user):
        return redirect(reverse("access:totp_setup") + f"?next={_safe_next(request)}")
    error = ""
    if request.method == "POST":
        device = match_token(request.user, request.POST.get("code", "").replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        error = "De code klopt niet of is verlopen. Probeer de nieuwste code."
        audit.record("2fa_failed", "user", request.user.pk)
    return render(request, "access/totp_verify.html", {"error": error, "next": _safe_next(request)},
                  status=400 if error else 200)


def user_has_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
