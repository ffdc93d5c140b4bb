"""Screens of the case registry: worklist, register a report, the case page, notes, close/reopen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part, can_see_reporter
from veilignet.accounts.models import User
from veilignet.core.registry import case_panels

from . import selectors, services
from .forms import (
    CaseUpdateForm,
    NoteForm,
    PersonFormSet,
    ReasonForm,
    ReportForm,
    WorklistFilterForm,
    attach_service_errors,
    build_report_input,
)
from .models import Case, Note


def _case_or_404(request, case_id, audit_read=True):
    try:
        return selectors.get_case(request.user, case_id, audit_read=audit_read)
    except Case.DoesNotExist as exc:
        raise Http404("Dossier niet gevonden.") from exc


@login_required
def worklist(request):
    form = WorklistFilterForm(request.GET or {"status": "open"})
    form.is_valid()
    f = form.cleaned_data if form.is_valid() else {"status": "open"}
    rows = selectors.worklist_rows(
        request.user, q=f.get("q", ""), status=f.get("status", ""), phase=f.get("phase", ""),
        risk_level=f.get("risk_level", ""), mine=f.get("mine", False),
    )
    page = Paginator(rows, 25).get_page(request.GET.get("pagina"))
    # The list shows household names: every page view is audited, a search with its terms.
    audit.record("search" if f.get("q") else "list", "case", "",
                 details={"q": f.get("q", ""), "page": page.number, "results": page.paginator.count})
    template = "cases/_worklist_rows.html" if request.headers.get("HX-Request") else "cases/worklist.html"
    return render(request, template, {"form": form, "page": page, "query": request.GET.urlencode()})


@login_required
def report_new(request):
    if request.method == "POST":
        form, formset = ReportForm(request.POST), PersonFormSet(request.POST, prefix="p")
        if form.is_valid() and formset.is_valid():
            data, row_index = build_report_input(form, formset)
            try:
                report = services.register_report(request.user, data)
            except ValidationError as exc:
                attach_service_errors(exc.message_dict, form, formset, row_index)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                linked = report.case.reports.count() > 1
                messages.success(
                    request,
                    f"Melding geregistreerd in dossier {report.case.number}"
                    + (" (gekoppeld aan het open dossier van dit huishouden)." if linked else " (nieuw dossier)."),
                )
                return redirect("cases:detail", case_id=report.case_id)
    else:
        form = ReportForm()
        formset = PersonFormSet(prefix="p", initial=[{"role": "slachtoffer"}, {"role": "pleger"}, {}, {}])
    return render(request, "cases/report_new.html", {"form": form, "formset": formset})


@login_required
def case_detail(request, case_id):
    case = _case_or_404(request, case_id)
    user = request.user
    members = selectors.persons_of(case)
    for m in members:
        audit.record("read", "person", m.person_id, case_id=case.pk, person_id=m.person_id)
    reports = list(case.reports.select_related("received_by", "source_organisation", "reporter").prefetch_related("involved__person"))
    shown_reporters = {}
    for report in reports:
        reporter = getattr(report, "reporter", None)  # a missing one-to-one is an AttributeError
        if reporter is not None and can_see_reporter(user, report):
            shown_reporters[report.pk] = reporter
            audit.record("read_reporter", "reporter", report.pk, case_id=case.pk)
    notes = []
    if can_see_part(user, case, Scope.NOTITIES):
        notes = Note.objects.filter(case=case).select_related("author", "organisation")
        notes = [n for n in notes if not n.confidential or n.organisation_id == user.organisation_id]
    directors = User.objects.filter(
        organisation__participations__case=case, organisation__participations__ended_at__isnull=True,
        is_active=True,
    ).distinct().order_by("last_name", "username")
    context = {
        "case": case,
        "members": members,
        "reports": [(r, shown_reporters.get(r.pk)) for r in reports],
        "timeline": selectors.timeline_for(user, case)[:200],
        "notes": notes,
        "note_form": NoteForm(),
        "close_form": ReasonForm(initial={"version": case.version}, auto_id="status_%s"),
        "update_form": CaseUpdateForm(initial={"phase": case.phase, "version": case.version,
                                               "case_director": case.case_director_id or ""}, directors=directors,
                                     auto_id="upd_%s"),
        "panels": case_panels(request, case),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def note_add(request, case_id):
    case = _case_or_404(request, case_id, audit_read=False)
    form = NoteForm(request.POST)
    if not can_see_part(request.user, case, Scope.NOTITIES):
        raise Http404
    if form.is_valid():
        try:
            services.add_note(request.user, case, form.cleaned_data["body"], form.cleaned_data["confidential"])
            messages.success(request, _("Notitie toegevoegd."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Een notitie mag niet leeg zijn."))
    return redirect("cases:detail", case_id=case.pk)


def _status_change(request, case_id, action):
    case = _case_or_404(request, case_id, audit_read=False)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden."))
        return redirect("cases:detail", case_id=case.pk)
    try:
        action(request.user, case, form.cleaned_data["reason"], expected_version=form.cleaned_data["version"])
        messages.success(request, _("Dossierstatus gewijzigd."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def case_close(request, case_id):
    return _status_change(request, case_id, services.close_case)


@login_required
@require_POST
def case_reopen(request, case_id):
    return _status_change(request, case_id, services.reopen_case)


@login_required
@require_POST
def case_update(request, case_id):
    case = _case_or_404(request, case_id, audit_read=False)
    directors = User.objects.filter(organisation__participations__case=case,
                                    organisation__participations__ended_at__isnull=True).distinct()
    form = CaseUpdateForm(request.POST, directors=directors)
    if form.is_valid():
        director_id = form.cleaned_data["case_director"]
        director = directors.filter(pk=director_id).first() if director_id else None
        try:
            services.update_case(request.user, case, expected_version=form.cleaned_data["version"],
                                 phase=form.cleaned_data["phase"], case_director=director)
            messages.success(request, _("Dossier bijgewerkt."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Controleer de invoer."))
    return redirect("cases:detail", case_id=case.pk)
