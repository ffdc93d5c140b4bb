"""Screens of the network app: worklists, waiting list, terms, notifications, the safety plan,
legal measures, handover and network meetings. Case pages take `case_id` and use get_case."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part
from veilignet.accounts.models import Organisation, OrganisationType
from veilignet.accounts.regions import REGION_NAMES
from veilignet.cases import selectors as case_selectors
from veilignet.cases.models import Case

from . import selectors, services
from .forms import (
    AgreementFormSet,
    DecisionForm,
    HandoverForm,
    MeasureForm,
    MeetingForm,
    PlanForm,
    PreferenceForm,
    ReasonForm,
    SharedInfoForm,
    TermForm,
    attach_errors,
)
from .models import (
    AgendaItem,
    Deadline,
    DeadlineKind,
    Meeting,
    NotificationPreference,
    SafetyPlan,
    SafetyPlanVersion,
    Term,
)


def _case_or_404(request, case_id, audit_read=True):
    try:
        return case_selectors.get_case(request.user, case_id, audit_read=audit_read)
    except Case.DoesNotExist as exc:
        raise Http404("Dossier niet gevonden.") from exc


# ---------------------------------------------------------------------------------------------
# Worklists
# ---------------------------------------------------------------------------------------------

@login_required
def my_tasks(request):
    """Totals and rows cover only cases the user can see now (selectors.only_visible)."""
    now = timezone.now()
    page = selectors.CountedPaginator(selectors.my_tasks(request.user), 50,
                                      total=selectors.my_tasks_count(request.user)).get_page(request.GET.get("pagina"))
    audit.record("read", "deadline_list", "mijn-taken", details={"count": page.paginator.count})
    return render(request, "network/tasks.html", {"page": page, "now": now, "title": "Mijn taken",
                                                  "kinds": dict(DeadlineKind.choices)})


@login_required
def team_overdue(request):
    now = timezone.now()
    show_all = request.GET.get("alle") == "1"
    page = selectors.CountedPaginator(
        selectors.team_deadlines(request.user, overdue_only=not show_all, now=now), 50,
        total=selectors.team_count(request.user, overdue_only=not show_all, now=now),
    ).get_page(request.GET.get("pagina"))
    audit.record("read", "deadline_list", "team", details={"count": page.paginator.count})
    return render(request, "network/tasks.html", {
        "page": page, "now": now, "team": True, "show_all": show_all,
        "title": ("Alle open termijnen" if show_all else "Verlopen termijnen") + " van mijn team",
    })


@login_required
def waiting_list(request):
    region = request.GET.get("regio") or selectors.waiting_list_region(request.user)
    if region not in REGION_NAMES:
        region = selectors.waiting_list_region(request.user)
    now = timezone.now()
    stats = selectors.waiting_stats(region, now, request.user)
    page = selectors.CountedPaginator(selectors.waiting_list(region, request.user), 50,
                                      total=stats["visible"]).get_page(request.GET.get("pagina"))
    audit.record("read", "waiting_list", region, details={"count": page.paginator.count})
    return render(request, "network/waiting_list.html", {
        "page": page, "now": now, "region": region, "region_name": REGION_NAMES.get(region, region),
        "stats": stats, "regions": sorted(REGION_NAMES.items()),
        "history": list(selectors.snapshots(region))[-14:],
    })


@login_required
def waiting_chart(request):
    """The waiting list over time (daily snapshots), matplotlib SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    region = request.GET.get("regio") or selectors.waiting_list_region(request.user)
    snaps = list(selectors.snapshots(region, days=int(request.GET.get("dagen", 90) or 90)))
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=100)
    if snaps:
        days = [s.day for s in snaps]
        ax.plot(days, [s.waiting for s in snaps], label=str(_("wachtend op veiligheidsbeoordeling")), color="#154273",
                marker="o", markersize=3)
        ax.plot(days, [s.over_term for s in snaps], label=str(_("waarvan over de termijn")), color="#d52b1e",
                marker="o", markersize=3)
        ax.legend(loc="upper left", fontsize=8)
        from matplotlib.dates import DateFormatter

        ax.xaxis.set_major_formatter(DateFormatter("%d-%m"))
        fig.autofmt_xdate()
    else:
        ax.text(0.5, 0.5, "Nog geen dagstanden", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel("meldingen")
    ax.set_title(f"Wachtlijst Veilig Thuis {REGION_NAMES.get(region, region)}", fontsize=10)
    ax.grid(alpha=0.3)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


# ---------------------------------------------------------------------------------------------
# Terms (beheerder)
# ---------------------------------------------------------------------------------------------

@login_required
def terms(request):
    can_edit = request.user.has_role("beheerder")
    form = TermForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Alleen een beheerder kan termijnen wijzigen.")
        if form.is_valid():
            try:
                services.set_term(request.user, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc.message_dict)
            else:
                messages.success(request, _("Termijn opgeslagen. Hij geldt voor termijnen die vanaf nu ingaan."))
                return redirect("network:terms")
    return render(request, "network/terms.html", {
        "terms": Term.objects.all(), "form": form, "can_edit": can_edit, "kinds": dict(DeadlineKind.choices),
        "regions": REGION_NAMES,
    })


# ---------------------------------------------------------------------------------------------
# Notifications and preferences
# ---------------------------------------------------------------------------------------------

@login_required
def notifications(request):
    items = selectors.notifications_for(request.user)
    if request.method == "POST":
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("network:notifications")
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    return render(request, "network/notifications.html", {"page": page})


@login_required
def notification(request, pk):
    item = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    if item.link:
        return redirect(item.link)
    if item.case_id:  # deadline notifications link to the case (resolved here, not in the sweep)
        return redirect("cases:detail", case_id=item.case_id)
    return redirect("network:notifications")


@login_required
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
        user=request.user)
    form = PreferenceForm(request.POST or None, initial={"email_mode": pref.email_mode, "due_soon": pref.due_soon})
    if request.method == "POST" and form.is_valid():
        pref.email_mode, pref.due_soon = form.cleaned_data["email_mode"], form.cleaned_data["due_soon"]
        pref.save()
        audit.record("update", "notification_preference", request.user.pk)
        messages.success(request, _("Voorkeuren opgeslagen."))
        return redirect("network:preferences")
    return render(request, "network/preferences.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# Deadlines in a case
# ---------------------------------------------------------------------------------------------

def _may_act_on(user, case, deadline) -> bool:
    return user.organisation_id in (deadline.organisation_id, case.lead_organisation_id)


@login_required
@require_POST
def deadline_action(request, case_id, pk):
    case = _case_or_404(request, case_id, audit_read=False)
    deadline = get_object_or_404(Deadline, case=case, pk=pk)
    if not _may_act_on(request.user, case, deadline):
        raise PermissionDenied("Alleen de eigenaar of de regievoerende organisatie handelt deze termijn af.")
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("action") == "waive":
            services.waive_deadline(deadline, request.user, form.cleaned_data.get("reason", ""))
            messages.success(request, _("Termijn vervallen verklaard."))
        else:
            services.complete_deadline(deadline, request.user)
            messages.success(request, _("Termijn afgerond."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def safety_assessment_done(request, case_id):
    """The button 'veiligheidsbeoordeling afgerond' (until the risk app reports it)."""
    case = _case_or_404(request, case_id, audit_read=False)
    if request.user.organisation_type != OrganisationType.VEILIG_THUIS:
        raise PermissionDenied("Alleen Veilig Thuis maakt de veiligheidsbeoordeling.")
    count = services.on_safety_assessment_done(case, user=request.user)
    if count:
        from veilignet.cases.services import add_timeline_entry

        add_timeline_entry(case, "termijn", "Eerste veiligheidsbeoordeling afgerond", user=request.user)
        messages.success(request, _("Veiligheidsbeoordeling afgerond; de termijn is gehaald."))
    else:
        messages.info(request, _("Er stond geen veiligheidsbeoordeling open."))
    return redirect("cases:detail", case_id=case.pk)


# ---------------------------------------------------------------------------------------------
# Safety plan
# ---------------------------------------------------------------------------------------------

def _plan_case(request, case_id):
    case = _case_or_404(request, case_id)
    if not can_see_part(request.user, case, Scope.PLAN):
        raise Http404("Dossier niet gevonden.")
    return case


def _org_choices(case):
    return [(p.organisation.code, p.organisation.name)
            for p in case.participations.filter(ended_at__isnull=True).select_related("organisation")]


def _agreement_initial(plan):
    if plan is None:
        return []
    return [{"key": str(a.key), "phase": a.phase, "text": a.text, "organisation": a.organisation.code,
             "owner": a.owner.username if a.owner else "", "due": a.due, "perpetrator": a.perpetrator,
             "referral_ref": a.referral_ref}
            for a in plan.agreements.filter(active=True).select_related("organisation", "owner")]


@login_required
def plan_edit(request, case_id):
    case = _plan_case(request, case_id)
    plan = SafetyPlan.objects.filter(case=case).first()
    latest = plan.versions.first() if plan else None
    audit.record("read", "safety_plan", plan.pk if plan else "", case_id=case.pk)
    choices = _org_choices(case)
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = AgreementFormSet(request.POST, prefix="a", form_kwargs={"org_choices": choices})
        if form.is_valid() and formset.is_valid():
            data = {k: form.cleaned_data[k] for k in services.PLAN_TEXT_FIELDS}
            index_map, agreements = {}, []
            for i, f in enumerate(formset.forms):
                if f.is_blank() or f.cleaned_data.get("remove"):
                    continue
                index_map[len(agreements)] = i
                agreements.append({k: f.cleaned_data.get(k) for k in (
                    "key", "phase", "text", "organisation", "owner", "due", "perpetrator", "referral_ref")})
            data["agreements"] = agreements
            try:
                version = services.save_plan(request.user, case, data, expected_version=form.cleaned_data["version"],
                                             publish="publish" in request.POST, comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                for name, msgs in exc.message_dict.items():
                    if name.startswith("agreements["):
                        idx = int(name[len("agreements["):name.index("]")])
                        field = name.split(".", 1)[1]
                        for m in msgs:
                            formset.forms[index_map[idx]].add_error(field, m)
                    else:
                        for m in msgs:
                            form.add_error(name if name in form.fields else None, m)
            else:
                messages.success(request, (_("Versie %(number)s opgeslagen en gepubliceerd.") if version.published
                                          else _("Versie %(number)s opgeslagen (concept).")) % {"number": version.number})
                return redirect("network:plan", case_id=case.pk)
    else:
        content = latest.content if latest else {}
        form = PlanForm(initial={"version": plan.version if plan else 0,
                                 **{k: content.get(k, "") for k in services.PLAN_TEXT_FIELDS}})
        formset = AgreementFormSet(prefix="a", initial=_agreement_initial(plan), form_kwargs={"org_choices": choices})
    return render(request, "network/plan.html", {
        "case": case, "plan": plan, "form": form, "formset": formset, "latest": latest,
        "versions": plan.versions.select_related("created_by", "organisation") if plan else [],
    })


@login_required
def plan_version(request, case_id, number):
    case = _plan_case(request, case_id)
    version = get_object_or_404(SafetyPlanVersion, plan__case=case, number=number)
    audit.record("read", "safety_plan_version", version.pk, case_id=case.pk)
    return render(request, "network/plan_version.html", {"case": case, "version": version,
                                                         "content": _content_for_display(version.content)})


def _content_for_display(content: dict) -> dict:
    names = dict(Organisation.objects.values_list("code", "name"))
    phases = {"directe_veiligheid": "Directe veiligheid", "stabiele_veiligheid": "Stabiele veiligheid",
              "herstel": "Herstel"}
    agreements = [{**a, "organisation_name": names.get(a["organisation"], a["organisation"]),
                   "phase_name": phases.get(a["phase"], a["phase"])} for a in content.get("agreements", [])]
    return {**content, "agreements": agreements}


@login_required
def plan_pdf(request, case_id):
    """The plan as PDF (WeasyPrint): the published version, else the latest concept."""
    case = _plan_case(request, case_id)
    plan = get_object_or_404(SafetyPlan, case=case)
    number = request.GET.get("versie") or plan.published_version or plan.version
    version = get_object_or_404(SafetyPlanVersion, plan=plan, number=number)
    html = render_to_string("network/plan_pdf.html", {"case": case, "version": version,
                                                      "content": _content_for_display(version.content),
                                                      "printed_at": timezone.now(), "user": request.user})
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    audit.record("export", "safety_plan_version", version.pk, case_id=case.pk, details={"format": "pdf"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="veiligheidsplan-{case.number}-v{version.number}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Legal measures and handover
# ---------------------------------------------------------------------------------------------

@login_required
def measure_add(request, case_id):
    case = _case_or_404(request, case_id, audit_read=request.method == "GET")
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measure(request.user, case, form.cleaned_data["kind"], form.cleaned_data["starts_at"],
                                    ends_at=form.cleaned_data["ends_at"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            attach_errors(form, exc.message_dict)
        else:
            messages.success(request, _("Maatregel vastgelegd; de termijn loopt."))
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "network/measure.html", {"case": case, "form": form,
                                                    "measures": case.legal_measures.all()})


@login_required
def handover(request, case_id):
    case = _case_or_404(request, case_id, audit_read=request.method == "GET")
    members = list(case_selectors.persons_of(case))
    form = HandoverForm(request.POST or None, members=members, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.handover_case(
                request.user, case, to_organisation=d["to_organisation"].strip().lower(),
                safety_pictures={str(m.person_id): d.get(f"safety_{m.person_id}", "") for m in members},
                new_concerns=d["new_concerns"], escalation=d["escalation"], meeting_held=d["meeting_held"],
                expected_version=d["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc.message_dict)
        else:
            messages.success(request, _("Dossier warm overgedragen."))
            return redirect("cases:detail", case_id=case.pk)
    wijkteams = Organisation.objects.filter(type=OrganisationType.GEMEENTE, region=case.region)
    return render(request, "network/handover.html", {"case": case, "form": form, "wijkteams": wijkteams,
                                                     "handovers": case.handovers.select_related(
                                                         "from_organisation", "to_organisation")})


# ---------------------------------------------------------------------------------------------
# Network meetings
# ---------------------------------------------------------------------------------------------

def _meetings_for(user):
    if not user.organisation_id:
        return Meeting.objects.none()
    return Meeting.objects.filter(attendees__organisation_id=user.organisation_id).distinct()


@login_required
def meetings(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        codes = [c.strip().lower() for c in (d["attendee_orgs"] or "").split(",") if c.strip()]
        try:
            meeting = services.create_meeting(request.user, kind=d["kind"], title=d["title"],
                                              scheduled_at=d["scheduled_at"], attendee_orgs=codes)
        except ValidationError as exc:
            attach_errors(form, exc.message_dict)
        else:
            messages.success(request, _("Overleg gepland."))
            return redirect("network:meeting", meeting_id=meeting.pk)
    return render(request, "network/meetings.html", {
        "meetings": _meetings_for(request.user).select_related("organiser")[:100], "form": form})


@login_required
def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(_meetings_for(request.user), pk=meeting_id)
    if request.method == "POST":
        case = _case_or_404(request, request.POST.get("case_id"), audit_read=False)
        services.add_agenda_case(request.user, meeting, case, request.POST.get("reason", ""))
        messages.success(request, _("Dossier %(number)s geagendeerd.") % {"number": case.number})
        return redirect("network:meeting", meeting_id=meeting.pk)
    from veilignet.access.selectors import visible_cases

    items = meeting.items.filter(case__in=visible_cases(request.user)).select_related("case")
    hidden = meeting.items.count() - items.count()
    return render(request, "network/meeting.html", {
        "meeting": meeting, "items": items, "hidden": hidden,
        "attendees": meeting.attendees.select_related("organisation", "user"),
        "suggestions": services.suggest_agenda(request.user, meeting),
    })


@login_required
def meeting_item(request, meeting_id, case_id):
    meeting = get_object_or_404(_meetings_for(request.user), pk=meeting_id)
    case = _case_or_404(request, case_id)
    item = get_object_or_404(AgendaItem, meeting=meeting, case=case)
    info_form = SharedInfoForm(initial={"information_shared": item.information_shared})
    decision_form = DecisionForm()
    if request.method == "POST":
        if "information_shared" in request.POST:
            info_form = SharedInfoForm(request.POST)
            if info_form.is_valid():
                try:
                    services.record_shared_information(request.user, item, info_form.cleaned_data["information_shared"])
                except ValidationError as exc:
                    attach_errors(info_form, exc.message_dict)
                else:
                    messages.success(request, _("Gedeelde informatie vastgelegd."))
                    return redirect("network:meeting_item", meeting_id=meeting.pk, case_id=case.pk)
        else:
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                d = decision_form.cleaned_data
                try:
                    services.add_decision(request.user, item, text=d["text"],
                                          organisation=(d["organisation"] or "").strip().lower(),
                                          owner=d["owner"], due=d["due"])
                except ValidationError as exc:
                    attach_errors(decision_form, exc.message_dict)
                else:
                    messages.success(request, _("Besluit vastgelegd; de taak staat bij de eigenaar."))
                    return redirect("network:meeting_item", meeting_id=meeting.pk, case_id=case.pk)
    return render(request, "network/meeting_item.html", {
        "meeting": meeting, "case": case, "item": item, "info_form": info_form, "decision_form": decision_form,
        "decisions": item.decisions.select_related("organisation", "owner", "deadline"),
        "participants": case.participations.filter(ended_at__isnull=True).select_related("organisation"),
    })
