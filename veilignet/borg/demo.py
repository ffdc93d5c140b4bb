"""Demo data: two BORG groups and a handful of trajectories on demo cases with a perpetrator.

Runs after the base data (load_demo). Uses the service layer only, so everything is audited and on
the case timelines. Skips quietly when there is no reclassering organisation or no suitable case.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from veilignet.access.models import LegalBasis, ParticipationVia
from veilignet.accounts.models import Organisation, OrganisationType
from veilignet.cases.models import Case, CaseStatus, PersonRole, ReportPerson
from veilignet.cases.services import ensure_participation

from . import services
from .models import BorgTrajectory

ELIGIBLE = {"age": 36, "risc_level": "gemiddeld", "residence_permit": True, "serious_antisocial_violence": False,
            "serious_substance_problem": False, "acknowledges_violence": True, "iq": None,
            "violence_type": "situational", "serious_psychopathology": False, "willing_to_talk": True}

GOALS = [
    ("Bij oplopende spanning een time-out nemen in plaats van door te gaan met de ruzie",
     "Logboek van spanningsmomenten, besproken in elke sessie"),
    ("De eigen risicosignalen benoemen en een signaleringsplan gebruiken", "Ingevuld signaleringsplan"),
    ("Conflicten over geld bespreken op een afgesproken moment", "Zelfrapportage en gesprek met partner"),
]


def _at(day, hour=19):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(stdout, rng) -> None:
    org = (Organisation.objects.filter(type=OrganisationType.RECLASSERING, code="reclassering-utrecht").first()
           or Organisation.objects.filter(type=OrganisationType.RECLASSERING).order_by("code").first())
    if org is None:
        stdout.write("BORG: geen reclasseringsorganisatie; overgeslagen.\n")
        return
    users = list(org.users.filter(is_active=True).order_by("username"))
    if not users:
        stdout.write("BORG: geen medewerkers bij de reclassering; overgeslagen.\n")
        return
    if BorgTrajectory.objects.filter(organisation=org).exists():
        stdout.write("BORG: demotrajecten bestaan al; overgeslagen.\n")
        return
    worker, trainer2 = users[0], users[-1]
    today = timezone.localdate()

    perpetrators = (ReportPerson.objects.filter(role=PersonRole.PLEGER, report__case__status=CaseStatus.OPEN,
                                                report__case__region=org.region)
                    .select_related("person", "report__case").order_by("report__received_at"))
    picked, seen = [], set()
    for rp in perpetrators:
        if rp.report.case_id in seen or rp.person_id in seen:
            continue
        seen.update({rp.report.case_id, rp.person_id})
        picked.append((rp.report.case, rp.person))
        if len(picked) >= 9:
            break
    if not picked:
        stdout.write("BORG: geen dossiers met een pleger in de regio; overgeslagen.\n")
        return

    mandatory = services.create_group(worker, name="Maandagavond (verplicht kader)", framework_kind="verplicht",
                                      trainers=[worker, trainer2], location="Reclassering, Utrecht-centrum")
    first_day = today - timedelta(weeks=12, days=1)
    sessions = services.plan_group_sessions(worker, mandatory, _at(first_day))
    voluntary = services.create_group(worker, name="Donderdagmiddag (vrijwillig kader)", framework_kind="vrijwillig",
                                      trainers=[trainer2], location="Wijkcentrum Overvecht")
    services.plan_group_sessions(worker, voluntary, _at(today + timedelta(days=10), 14))

    made = 0
    for i, (case, person) in enumerate(picked):
        try:
            ensure_participation(case, org, basis=LegalBasis.RECLASSERINGSTOEZICHT, purpose="BORG-training",
                                 via=ParticipationVia.MANUAL, user=worker)
            case = Case.objects.get(pk=case.pk)
            incident = first_day - timedelta(days=rng.randint(15, 150))
            arrest = incident + timedelta(days=rng.randint(0, 3))
            t = services.create_trajectory(worker, case, person, supervisor=users[i % len(users)],
                                           incident_date=incident, arrest_date=arrest,
                                           referred_by="Veilig Thuis" if i == 6 else "Openbaar Ministerie")
            inputs = dict(ELIGIBLE, age=rng.randint(22, 58))
            if i == 4:
                inputs["serious_substance_problem"] = True
            if i == 5:
                inputs["risc_level"] = "hoog"
            if i == 8:
                inputs["risc_level"] = "onbekend"
            t = services.assess_eligibility(worker, t, inputs)
            if i == 5:
                t = services.override_eligibility(worker, t, "Rechter legt BORG op als bijzondere voorwaarde; "
                                                             "intensief toezicht naast de training.")
            if i in (4, 8):
                made += 1
                continue
            framework = "vrijwillig_vt_wijkteam" if i == 6 else rng.choice(
                ["gedragsaanwijzing", "bijzondere_voorwaarde", "schorsing_voorlopige_hechtenis"])
            t = services.set_framework(worker, t, framework, arrest + timedelta(days=rng.randint(5, 20)))
            if i == 6:
                t = services.record_intake(worker, t, today - timedelta(days=3), "individueel")
                services.plan_individual_sessions(worker, t, _at(today + timedelta(days=2), 10))
                made += 1
                continue
            intake = first_day - timedelta(days=rng.randint(3, 25))
            t = services.record_intake(worker, t, max(intake, arrest), "groep")
            if i == 7:
                services.drop_out(worker, t, first_day - timedelta(days=1), "Niet verschenen bij de start; "
                                  "opnieuw aangehouden.")
                made += 1
                continue
            services.add_participant(worker, mandatory, t, cluster=1)
            t = services.start_trajectory(worker, t, first_day)
            services.add_goal(worker, t, *GOALS[i % len(GOALS)], target_date=today)
            made += 1
        except ValidationError as exc:  # a demo case that does not fit: skip it
            stdout.write(f"BORG: dossier {case.number} overgeslagen ({'; '.join(exc.messages)})\n")

    members = list(services.group_members(mandatory))
    for session in sessions:
        if timezone.localtime(session.planned_at).date() > today:
            continue
        entries = {str(m.pk): (rng.choices(["aanwezig", "afgemeld", "afwezig"], [85, 10, 5])[0], rng.random() < .8)
                   for m in members}
        if entries:
            services.record_attendance(worker, mandatory, session.pk, entries, homework="Logboek bijhouden")
    for n, member in enumerate(members):
        if n >= 2:
            break
        for g in member.goals.all():
            services.measure_goal(worker, g, rng.choice(["behaald", "behaald", "deels"]), "Eindevaluatie")
        services.complete_trajectory(worker, BorgTrajectory.objects.get(pk=member.pk), today,
                                     follow_up="Nazorg via het wijkteam")
    stdout.write(f"BORG: 2 groepen, {made} trajecten ({len(members)} deelnemers in de verplichte groep).\n")
