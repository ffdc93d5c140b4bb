"""BORG screens for the reclassering: trajectories (per case, `case_id` in the URL, read through
cases.selectors.get_case) and groups (scoped to the user's own reclassering organisation)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from veilignet.access import audit
from veilignet.access.models import Scope
from veilignet.access.selectors import can_see_part, visible_cases
from veilignet.accounts.models import OrganisationType
from veilignet.cases.models import Case, PersonRole, ReportPerson
from veilignet.cases.selectors import get_case, persons_of

from . import selectors, services
from .delivery import timeliness
from .eligibility import advice_label, reason_label
from .forms import (
    AddParticipantForm,
    CompleteForm,
    DropoutForm,
    EligibilityForm,
    FrameworkForm,
    GoalForm,
    GoalMeasureForm,
    GroupForm,
    IndividualSessionsForm,
    IntakeForm,
    OverrideForm,
    PartnerForm,
    PlanSessionsForm,
    StartForm,
    TrajectoryForm,
)
from .models import Attendance, AttendanceStatus, BorgTrajectory, Goal, SessionStatus, Status, Variant


def _is_reclassering(user) -> bool:
    return bool(user.organisation_id and user.organisation.type == OrganisationType.RECLASSERING)


def reclassering_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _is_reclassering(request.user):
            raise PermissionDenied("Alleen voor medewerkers van de reclassering.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _require_reclassering(request):
    """After the case has been resolved (404 first: reveal nothing), writes need the reclassering."""
    if not _is_reclassering(request.user):
        raise PermissionDenied("Alleen voor medewerkers van de reclassering.")


def _require_post(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _case(request, case_id):
    try:
        case = get_case(request.user, case_id, purpose="BORG")
    except Case.DoesNotExist as exc:
        raise Http404("Dossier niet gevonden.") from exc
    if not can_see_part(request.user, case, Scope.PLEGER):
        raise Http404("Dossier niet gevonden.")
    return case


def _trajectory(request, case_id, trajectory_id):
    case = _case(request, case_id)
    trajectory = (BorgTrajectory.objects.select_related("person", "group", "supervisor", "organisation", "partner")
                  .filter(pk=trajectory_id, case=case).first())
    if trajectory is None:
        raise Http404("BORG-traject niet gevonden.")
    audit.record("read", "borg_trajectory", trajectory.pk, case_id=case.pk, person_id=trajectory.person_id)
    return case, trajectory


def _group(request, group_id):
    group = selectors.groups_for(request.user).filter(pk=group_id).first()
    if group is None:
        raise Http404("Groep niet gevonden.")
    return group


def _attach(form, exc: ValidationError):
    """Put a service's per-field Dutch messages at the form's fields (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- overview -------------------------------------------------------------------------------------

@reclassering_required
def index(request):
    status = request.GET.get("status", "actief")
    trajectories = selectors.trajectories_for(request.user, status=status)
    groups = selectors.groups_for(request.user).prefetch_related("trainers")
    audit.record("read", "borg_trajectory", "", details={"list": True, "status": status})
    return render(request, "borg/index.html", {
        "trajectories": trajectories[:200], "groups": groups, "status": status,
        "statuses": [("actief", "lopend"), ("afgesloten", "afgesloten"), ("alle", "alle")],
    })


# --- trajectories ---------------------------------------------------------------------------------

def _perpetrators_first(case):
    members = [m.person for m in persons_of(case)]
    perpetrators = set(ReportPerson.objects.filter(report__case=case, role=PersonRole.PLEGER)
                       .values_list("person_id", flat=True))
    return sorted(members, key=lambda p: (p.pk not in perpetrators, p.last_name, p.first_name))


@login_required
def trajectory_new(request, case_id):
    case = _case(request, case_id)
    _require_reclassering(request)
    persons = _perpetrators_first(case)
    users = services.reclassering_users(request.user.organisation)
    form = TrajectoryForm(request.POST or None, persons=persons, users=users)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = next((p for p in persons if str(p.pk) == d["person"]), None)
        supervisor = next((u for u in users if str(u.pk) == d["supervisor"]), None)
        try:
            trajectory = services.create_trajectory(
                request.user, case, person, supervisor=supervisor, incident_date=d["incident_date"],
                arrest_date=d["arrest_date"], referred_by=d["referred_by"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("BORG-traject geopend. Beoordeel nu de geschiktheid."))
            return redirect("borg:eligibility", case_id=case.pk, trajectory_id=trajectory.pk)
    return render(request, "borg/trajectory_new.html", {"case": case, "form": form})


def _detail_context(request, case, trajectory, **forms):
    t = timeliness(trajectory.incident_date, trajectory.arrest_date, trajectory.intake_date, trajectory.start_date)
    marks = {a.session_id: a for a in trajectory.attendance.all()}
    context = {
        "case": case, "t": trajectory, "timeliness": t,
        "reasons": [(r, reason_label(r)) for r in trajectory.eligibility_reasons],
        "advice": [(a, advice_label(a)) for a in trajectory.eligibility_advice],
        "goals": list(trajectory.goals.all()),
        "own_rows": [(s, marks.get(s.pk)) for s in trajectory.own_sessions.all()],
        "group_rows": [(s, marks.get(s.pk)) for s in services.expected_sessions(trajectory) if s.group_id],
        "can_edit": _is_reclassering(request.user) and trajectory.organisation_id == request.user.organisation_id,
        "today": timezone.localdate(),
        "override_form": OverrideForm(),
        "framework_form": FrameworkForm(initial={"framework": trajectory.framework,
                                                 "framework_date": trajectory.framework_date,
                                                 "referred_by": trajectory.referred_by,
                                                 "incident_date": trajectory.incident_date,
                                                 "arrest_date": trajectory.arrest_date}),
        "intake_form": IntakeForm(initial={"intake_date": timezone.localdate(), "variant": trajectory.variant}),
        "start_form": StartForm(initial={"start_date": trajectory.joined_on or timezone.localdate()}),
        "sessions_form": IndividualSessionsForm(),
        "goal_form": GoalForm(),
        "measure_form": GoalMeasureForm(),
        "partner_form": PartnerForm(persons=_partner_candidates(trajectory),
                                    initial={"safety_check_on": timezone.localdate(),
                                             "partner": str(trajectory.partner_id or "")}),
        "complete_form": CompleteForm(initial={"end_date": timezone.localdate(), "follow_up": trajectory.follow_up}),
        "dropout_form": DropoutForm(initial={"end_date": timezone.localdate()}),
        "attendance_choices": AttendanceStatus.choices,
        "Status": Status, "Variant": Variant,
    }
    context.update(forms)
    return context


@login_required
def trajectory_detail(request, case_id, trajectory_id):
    case, trajectory = _trajectory(request, case_id, trajectory_id)
    return render(request, "borg/trajectory_detail.html", _detail_context(request, case, trajectory))


@login_required
def eligibility(request, case_id, trajectory_id):
    case, trajectory = _trajectory(request, case_id, trajectory_id)
    _require_reclassering(request)
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        if form.is_valid():
            try:
                trajectory = services.assess_eligibility(request.user, trajectory, form.inputs(),
                                                         expected_version=form.cleaned_data.get("version"))
            except ValidationError as exc:
                _attach(form, exc)
            else:
                if trajectory.eligible:
                    messages.success(request, _("De deelnemer voldoet aan alle selectiecriteria."))
                else:
                    messages.warning(request, _("De deelnemer komt (nog) niet in aanmerking; zie de redenen en het advies."))
                return redirect("borg:eligibility", case_id=case.pk, trajectory_id=trajectory.pk)
    else:
        initial = EligibilityForm.initial_from(trajectory.eligibility_inputs)
        if initial.get("age") is None and trajectory.person.birth_date:
            today, born = timezone.localdate(), trajectory.person.birth_date
            initial["age"] = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        initial["version"] = trajectory.version
        form = EligibilityForm(initial=initial)
    return render(request, "borg/eligibility.html", {
        "case": case, "t": trajectory, "form": form, "override_form": OverrideForm(),
        "reasons": [(r, reason_label(r)) for r in trajectory.eligibility_reasons],
        "advice": [(a, advice_label(a)) for a in trajectory.eligibility_advice],
    })


def _partner_candidates(trajectory):
    return [m.person for m in persons_of(trajectory.case) if m.person_id != trajectory.person_id]


FORM_KWARGS = {"PartnerForm": lambda t: {"persons": _partner_candidates(t)}}


def _action(form_class, form_name, call, success):
    """A POST on the trajectory page: validate the form, call the service, re-render on errors."""

    @login_required
    def view(request, case_id, trajectory_id, **kwargs):
        case, trajectory = _trajectory(request, case_id, trajectory_id)
        not_allowed = _require_post(request)
        if not_allowed:
            return not_allowed
        _require_reclassering(request)
        extra = FORM_KWARGS.get(form_class.__name__, lambda t: {})(trajectory)
        form = form_class(request.POST, **extra)
        if form.is_valid():
            try:
                result = call(request, trajectory, form.cleaned_data | {"_form": form}, **kwargs)
            except ValidationError as exc:
                _attach(form, exc)
            else:
                message = success(result) if callable(success) else success
                if isinstance(message, list):
                    for m in message:
                        messages.warning(request, m)
                elif message:
                    messages.success(request, message)
                return redirect("borg:trajectory", case_id=case.pk, trajectory_id=trajectory.pk)
        trajectory.refresh_from_db()
        messages.error(request, _("Niet opgeslagen: controleer de invoer hieronder."))
        response = render(request, "borg/trajectory_detail.html",
                          _detail_context(request, case, trajectory, **{form_name: form}))
        response.status_code = 400
        return response

    return view


override = _action(OverrideForm, "override_form",
                   lambda r, t, d: services.override_eligibility(r.user, t, d["override_reason"]),
                   "Selectiecriteria overruled; dit telt mee in de BORG-monitor.")
@transaction.atomic
def _framework(request, trajectory, d):
    if (d["incident_date"] and d["incident_date"] != trajectory.incident_date) or (
            d["arrest_date"] and d["arrest_date"] != trajectory.arrest_date):
        trajectory = services.update_dates(request.user, trajectory, incident_date=d["incident_date"],
                                           arrest_date=d["arrest_date"])
    return services.set_framework(request.user, trajectory, d["framework"], d["framework_date"],
                                  referred_by=d["referred_by"])


framework = _action(FrameworkForm, "framework_form", _framework, "Kader en data vastgelegd.")
intake = _action(IntakeForm, "intake_form",
                 lambda r, t, d: services.record_intake(r.user, t, d["intake_date"], d["variant"]),
                 "Intake vastgelegd; de termijn 'start binnen vier weken' loopt.")
start = _action(StartForm, "start_form", lambda r, t, d: services.start_trajectory(r.user, t, d["start_date"]),
                "Training gestart.")
plan_individual = _action(IndividualSessionsForm, "sessions_form",
                          lambda r, t, d: services.plan_individual_sessions(r.user, t, d["first_at"],
                                                                            d["interval_days"]),
                          lambda created: f"{len(created)} sessie(s) gepland.")
goal_add = _action(GoalForm, "goal_form",
                   lambda r, t, d: services.add_goal(r.user, t, d["description"], d["measure"], d["target_date"]),
                   "SMART-doel toegevoegd.")


def _partner(request, trajectory, d):
    outcome = d["outcome"]
    return services.record_partner_involvement(
        request.user, trajectory, safety_check_on=d["safety_check_on"], safe=outcome == "veilig",
        declined=outcome == "geweigerd", notes=d["notes"], contact_name=d["contact_name"],
        contact_organisation=d["contact_organisation"], partner=d["_form"].persons.get(d["partner"]))


partner = _action(PartnerForm, "partner_form", _partner, "Betrokkenheid van de partner vastgelegd.")
complete = _action(CompleteForm, "complete_form",
                   lambda r, t, d: services.complete_trajectory(r.user, t, d["end_date"], d["follow_up"],
                                                                d["follow_up_referral_id"]),
                   "Traject afgerond.")
dropout = _action(DropoutForm, "dropout_form",
                  lambda r, t, d: services.drop_out(r.user, t, d["end_date"], d["dropout_reason"], d["follow_up"]),
                  "Traject beëindigd.")


def _measure(request, trajectory, d, goal_id):
    goal = Goal.objects.filter(pk=goal_id, trajectory=trajectory).first()
    if goal is None:
        raise ValidationError({"result": "Dit doel bestaat niet in dit traject."})
    return services.measure_goal(request.user, goal, d["result"], d["note"])


goal_measure = _action(GoalMeasureForm, "measure_form", _measure, "Doel gemeten.")


@login_required
def individual_attendance(request, case_id, trajectory_id, session_id):
    case, trajectory = _trajectory(request, case_id, trajectory_id)
    not_allowed = _require_post(request)
    if not_allowed:
        return not_allowed
    _require_reclassering(request)
    try:
        services.record_individual_attendance(request.user, trajectory, session_id, request.POST.get("status"))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Aanwezigheid vastgelegd."))
    return redirect("borg:trajectory", case_id=case.pk, trajectory_id=trajectory.pk)


# --- groups ---------------------------------------------------------------------------------------

@reclassering_required
def group_new(request):
    users = services.reclassering_users(request.user.organisation)
    form = GroupForm(request.POST or None, users=users, initial={"trainers": [str(request.user.pk)]})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        trainers = [u for u in users if str(u.pk) in d["trainers"]]
        try:
            group = services.create_group(request.user, name=d["name"], framework_kind=d["framework_kind"],
                                          trainers=trainers, location=d["location"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Groep %(name)s aangemaakt. Plan nu de bijeenkomsten.") % {"name": group.name})
            return redirect("borg:group", group_id=group.pk)
    return render(request, "borg/group_new.html", {"form": form})


def _members(request, group):
    """Active participants; names only where the user can still see the case (else a neutral label)."""
    members = list(services.group_members(group))
    visible = set(visible_cases(request.user).filter(pk__in={m.case_id for m in members}).values_list("pk", flat=True))
    for m in members:
        m.visible = m.case_id in visible
        m.label = m.person.full_name if m.visible else f"Deelnemer {str(m.pk)[:6]} (dossier niet zichtbaar)"
    return members


def _group_context(request, group, **forms):
    members = _members(request, group)
    candidates = selectors.group_candidates(request.user, group)
    sessions = list(group.sessions.all())
    marks = {}
    for a in Attendance.objects.filter(session__group=group):
        marks[(a.session_id, a.trajectory_id)] = a
    rows = []
    for s in sessions:
        rows.append({"session": s, "marks": [marks.get((s.pk, m.pk)) for m in members]})
    context = {
        "group": group, "members": members, "session_rows": rows, "today": timezone.localdate(),
        "size_warning": services.size_warning(len(members), services.conf.GROUP_SIZE_MIN,
                                              services.conf.GROUP_SIZE_MAX) if members else "",
        "add_form": AddParticipantForm(trajectories=candidates),
        "plan_form": PlanSessionsForm(initial={"interval_days": 7, "count": 12}),
        "trainers_form": GroupForm(users=services.reclassering_users(group.organisation),
                                   initial={"trainers": [str(u.pk) for u in group.trainers.all()]}),
        "attendance_choices": AttendanceStatus.choices,
        "HELD": SessionStatus.HELD,
    }
    context.update(forms)
    return context


@reclassering_required
def group_detail(request, group_id):
    group = _group(request, group_id)
    audit.record("read", "borg_group", group.pk)
    return render(request, "borg/group_detail.html", _group_context(request, group))


def _group_error(request, group, **forms):
    messages.error(request, _("Niet opgeslagen: controleer de invoer hieronder."))
    response = render(request, "borg/group_detail.html", _group_context(request, group, **forms))
    response.status_code = 400
    return response


@reclassering_required
@require_POST
def group_plan(request, group_id):
    group = _group(request, group_id)
    form = PlanSessionsForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            created = services.plan_group_sessions(request.user, group, d["first_at"], interval_days=d["interval_days"],
                                                   count=d["count"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("%(count)s bijeenkomst(en) gepland in clusters van drie.") % {"count": len(created)})
            return redirect("borg:group", group_id=group.pk)
    return _group_error(request, group, plan_form=form)


@reclassering_required
@require_POST
def group_add(request, group_id):
    group = _group(request, group_id)
    candidates = selectors.group_candidates(request.user, group)
    form = AddParticipantForm(request.POST, trajectories=candidates)
    if form.is_valid():
        trajectory = next((t for t in candidates if str(t.pk) == form.cleaned_data["trajectory"]), None)
        try:
            if trajectory is None:
                raise ValidationError({"trajectory": "Kies een deelnemer."})
            warnings = services.add_participant(request.user, group, trajectory, form.cleaned_data["cluster"] or None)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("%(name)s is ingestroomd.") % {"name": trajectory.person.full_name})
            for w in warnings:
                messages.warning(request, w)
            return redirect("borg:group", group_id=group.pk)
    return _group_error(request, group, add_form=form)


@reclassering_required
@require_POST
def group_trainers(request, group_id):
    group = _group(request, group_id)
    users = services.reclassering_users(group.organisation)
    trainers = [u for u in users if str(u.pk) in request.POST.getlist("trainers")]
    try:
        services.set_trainers(request.user, group, trainers)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Trainers bijgewerkt."))
    return redirect("borg:group", group_id=group.pk)


@reclassering_required
def session_attendance(request, group_id, session_id):
    """Attendance for one session: a form per session; with htmx only the session block is swapped."""
    group = _group(request, group_id)
    session = group.sessions.filter(pk=session_id).first()
    members = _members(request, group)
    errors = []
    if request.method == "POST":
        entries = {}
        for m in members:
            status = request.POST.get(f"status_{m.pk}")
            if status:
                homework = request.POST.get(f"homework_{m.pk}")
                entries[str(m.pk)] = (status, {"ja": True, "nee": False}.get(homework))
        try:
            services.record_attendance(request.user, group, session_id, entries, homework=request.POST.get("homework"))
        except ValidationError as exc:
            errors = exc.messages
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Aanwezigheid vastgelegd."))
                return redirect("borg:group", group_id=group.pk)
            session.refresh_from_db()
    if session is None:
        if request.method == "POST" and not request.headers.get("HX-Request"):
            for m in errors:
                messages.error(request, m)
            return redirect("borg:group", group_id=group.pk)
        raise Http404("Bijeenkomst niet gevonden.")
    marks = {a.trajectory_id: a for a in session.attendance.all()}
    context = {"group": group, "session": session, "rows": [(m, marks.get(m.pk)) for m in members],
               "errors": errors, "attendance_choices": AttendanceStatus.choices, "saved": request.method == "POST"
               and not errors}
    template = "borg/_attendance.html" if request.headers.get("HX-Request") else "borg/session_attendance.html"
    response = render(request, template, context)
    if errors:
        response.status_code = 400 if not request.headers.get("HX-Request") else 200
    return response
