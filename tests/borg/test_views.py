"""BORG screens: access (case_id in the URL, 404 outside), Dutch errors at the field, the walk-through."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from veilignet.borg import services
from veilignet.borg.models import Attendance, BorgGroup, BorgTrajectory

from .conftest import ELIGIBLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def rc_client(client, rc_user):
    client.force_login(rc_user)
    return client


def test_menu_only_for_reclassering(rc_user, vt_user):
    from veilignet.borg.menu import items

    assert items(rc_user) == [("BORG", "/borg/")]
    assert items(vt_user) == []


def test_index_lists_own_groups_only(rc_client, rc_user, make_user):
    services.create_group(rc_user, name="Eigen groep", framework_kind="verplicht", trainers=[rc_user])
    other = make_user("rc-x", org="rn-twente", type_="reclassering", region="twente")
    services.create_group(other, name="Andermans groep", framework_kind="verplicht", trainers=[other])
    html = rc_client.get("/borg/").content.decode()
    assert "Eigen groep" in html and "Andermans groep" not in html


def test_other_organisations_group_is_404(rc_client, make_user):
    other = make_user("rc-x", org="rn-twente", type_="reclassering", region="twente")
    group = services.create_group(other, name="Andermans groep", framework_kind="verplicht", trainers=[other])
    assert rc_client.get(reverse("borg:group", args=[group.pk])).status_code == 404


def test_non_reclassering_refused(client, vt_user):
    client.force_login(vt_user)
    assert client.get("/borg/").status_code == 403


def test_trajectory_of_invisible_case_is_404(client, make_trajectory, make_user):
    t = make_trajectory(intake=False)
    outsider = make_user("rc-x", org="rn-twente", type_="reclassering", region="twente")
    client.force_login(outsider)
    assert client.get(reverse("borg:trajectory", args=[t.case_id, t.pk])).status_code == 404
    assert client.get(reverse("borg:eligibility", args=[t.case_id, t.pk])).status_code == 404


def test_trajectory_under_wrong_case_is_404(rc_client, make_trajectory, second_perpetrator):
    t = make_trajectory(intake=False)
    other_case, _ = second_perpetrator
    assert rc_client.get(reverse("borg:trajectory", args=[other_case.pk, t.pk])).status_code == 404


def test_eligibility_screen_shows_dutch_reasons_and_advice(rc_client, make_trajectory):
    t = make_trajectory(intake=False, inputs=False)
    url = reverse("borg:eligibility", args=[t.case_id, t.pk])
    page = rc_client.get(url)
    today = timezone.localdate()
    age = today.year - 1987 - ((today.month, today.day) < (5, 6))  # Mark de Vries, born 6 May 1987
    assert page.status_code == 200 and f'value="{age}"' in page.content.decode()  # prefilled from birth date
    data = {"age": "30", "risc_level": "laag", "residence_permit": "ja", "serious_antisocial_violence": "nee",
            "serious_substance_problem": "ja", "acknowledges_violence": "partial", "iq": "72",
            "violence_type": "situational", "serious_psychopathology": "nee", "willing_to_talk": "ja",
            "version": str(t.version)}
    response = rc_client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Ernstig alcohol- of drugsprobleem" in html and "IQ lager dan 80" in html
    assert "Verslavingszorg" in html and "licht verstandelijke beperking" in html
    t.refresh_from_db()
    assert t.eligibility_reasons == ["serious_substance_problem", "iq_below_80"]
    assert t.eligibility_inputs["acknowledges_violence"] == "partial"


def test_unknown_answers_are_not_yet_eligible(rc_client, make_trajectory):
    t = make_trajectory(intake=False, inputs=False)
    url = reverse("borg:eligibility", args=[t.case_id, t.pk])
    rc_client.post(url, {"risc_level": "onbekend", "version": str(t.version)})
    t.refresh_from_db()
    assert t.eligible is False and "risk_unknown" in t.eligibility_reasons and "age_unknown" in t.eligibility_reasons


def test_sepot_refused_at_the_field(rc_client, make_trajectory):
    t = make_trajectory(intake=False, framework=None)
    response = rc_client.post(reverse("borg:framework", args=[t.case_id, t.pk]),
                              {"framework": "voorwaardelijk_sepot", "framework_date": "2024-01-10"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 maart 2021" in html and 'id="fw_framework_errors"' in html


def test_mixed_group_refused_in_ui(rc_client, rc_user, make_trajectory):
    group = services.create_group(rc_user, name="Verplicht 1", framework_kind="verplicht", trainers=[rc_user])
    t = make_trajectory(framework="vrijwillig_vt_wijkteam")
    response = rc_client.post(reverse("borg:group_add", args=[group.pk]), {"trajectory": str(t.pk)})
    assert response.status_code == 400
    assert "nooit in één groep" in response.content.decode()
    t.refresh_from_db()
    assert t.group_id is None


def test_attendance_for_missing_session_is_dutch_error(rc_client, rc_user, make_trajectory):
    group = services.create_group(rc_user, name="G", framework_kind="verplicht", trainers=[rc_user])
    response = rc_client.post(reverse("borg:attendance", args=[group.pk, 424242]), {}, follow=True)
    assert "bestaat niet" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_group_walkthrough_with_htmx_attendance(rc_client, rc_user, make_trajectory):
    response = rc_client.post(reverse("borg:group_new"), {"name": "Dinsdaggroep", "framework_kind": "verplicht",
                                                          "trainers": [str(rc_user.pk)], "location": "Utrecht"})
    group = BorgGroup.objects.get(name="Dinsdaggroep")
    assert response.status_code == 302
    first = timezone.localtime() - timedelta(days=1)
    rc_client.post(reverse("borg:group_plan", args=[group.pk]),
                   {"first_at": first.strftime("%Y-%m-%dT%H:%M"), "interval_days": "7", "count": "12"})
    assert group.sessions.count() == 12
    t = make_trajectory()
    response = rc_client.post(reverse("borg:group_add", args=[group.pk]), {"trajectory": str(t.pk), "cluster": "1"},
                              follow=True)
    assert "norm is 8–12" in response.content.decode()
    session = group.sessions.get(number=1)
    response = rc_client.post(reverse("borg:attendance", args=[group.pk, session.pk]),
                              {f"status_{t.pk}": "aanwezig", f"homework_{t.pk}": "ja", "homework": "Signaleringsplan"},
                              HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "opgeslagen" in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment for htmx
    a = Attendance.objects.get(session=session, trajectory=t)
    assert a.status == "aanwezig" and a.homework_done is True
    # start, goal, measure, complete through the trajectory page
    base = [t.case_id, t.pk]
    rc_client.post(reverse("borg:start", args=base), {"start_date": (timezone.localdate() - timedelta(days=1)).isoformat()})
    rc_client.post(reverse("borg:goal_add", args=base), {"description": "Time-out nemen bij spanning",
                                                         "measure": "Logboek", "target_date": timezone.localdate().isoformat()})
    goal = t.goals.get()
    rc_client.post(reverse("borg:goal_measure", args=[*base, goal.pk]), {"result": "behaald", "note": "ok"})
    response = rc_client.post(reverse("borg:complete", args=base), {"end_date": timezone.localdate().isoformat(),
                                                                    "follow_up": "Geen vervolg nodig"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.status == "afgerond" and t.sessions_attended == 1
    page = rc_client.get(reverse("borg:trajectory", args=base)).content.decode()
    assert "Afgerond" in page or "afgerond" in page


def test_trajectory_new_from_case(rc_client, borg_case, perpetrator):
    url = reverse("borg:trajectory_new", args=[borg_case.pk])
    page = rc_client.get(url).content.decode()
    assert "Mark de Vries" in page
    response = rc_client.post(url, {"person": str(perpetrator.pk), "supervisor": "",
                                    "arrest_date": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "toekomst" in response.content.decode()
    response = rc_client.post(url, {"person": str(perpetrator.pk), "supervisor": "",
                                    "arrest_date": (timezone.localdate() - timedelta(days=3)).isoformat()})
    t = BorgTrajectory.objects.get()
    assert response.status_code == 302 and str(t.pk) in response["Location"]


def test_panel_on_case(rc_user, make_trajectory, rf):
    from veilignet.borg.panels import case_panels

    t = make_trajectory(intake=False, inputs=dict(ELIGIBLE, serious_psychopathology=True))
    request = rf.get("/")
    request.user = rc_user
    (html,) = case_panels(request, t.case)
    assert "Mark de Vries" in html and "Ernstige psychopathologie" in html and "BORG-traject openen" in html


def test_api_lists_case_trajectories(rc_client, make_trajectory, client, make_user):
    t = make_trajectory(intake=False, inputs=dict(ELIGIBLE, serious_substance_problem=True))
    response = rc_client.get(f"/api/v1/dossiers/{t.case_id}/borg-trajecten")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["redenen"] == ["serious_substance_problem"] and row["advies"] == ["addiction_care"]
    outsider = make_user("rc-x", org="rn-twente", type_="reclassering", region="twente")
    client.force_login(outsider)
    assert client.get(f"/api/v1/dossiers/{t.case_id}/borg-trajecten").status_code == 404


def test_case_page_shows_borg_panel(rc_client, make_trajectory):
    t = make_trajectory(intake=False)
    html = rc_client.get(f"/dossiers/{t.case_id}/").content.decode()
    assert 'id="h-borg"' in html and reverse("borg:trajectory", args=[t.case_id, t.pk]) in html


def test_get_on_action_is_405_after_case_check(rc_client, make_trajectory, client, make_user):
    t = make_trajectory(intake=False)
    url = reverse("borg:framework", args=[t.case_id, t.pk])
    assert rc_client.get(url).status_code == 405
    outsider = make_user("vt-x", org="vt-twente", type_="veilig_thuis", region="twente")
    client.force_login(outsider)
    assert client.get(url).status_code == 404 and client.post(url, {}).status_code == 404


def test_visible_non_reclassering_user_reads_but_cannot_write(client, vt_user, make_trajectory):
    t = make_trajectory(intake=False)
    client.force_login(vt_user)
    assert client.get(reverse("borg:trajectory", args=[t.case_id, t.pk])).status_code == 200
    response = client.post(reverse("borg:framework", args=[t.case_id, t.pk]), {"framework": "gedragsaanwijzing"})
    assert response.status_code == 403
    t.refresh_from_db()
    assert t.framework == "bijzondere_voorwaarde"


def test_framework_form_also_corrects_dates(rc_client, make_trajectory):
    t = make_trajectory(intake=False, framework=None)
    url = reverse("borg:framework", args=[t.case_id, t.pk])
    arrest = timezone.localdate() - timedelta(days=12)
    response = rc_client.post(url, {"framework": "gedragsaanwijzing", "arrest_date": arrest.isoformat()})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.arrest_date == arrest and t.framework == "gedragsaanwijzing"
    # an impossible order is refused as a whole: framework unchanged too
    response = rc_client.post(url, {"framework": "bijzondere_voorwaarde",
                                    "incident_date": (timezone.localdate() - timedelta(days=2)).isoformat()})
    assert response.status_code == 400
    t.refresh_from_db()
    assert t.framework == "gedragsaanwijzing"


def test_group_hides_names_of_cases_no_longer_visible(rc_client, rc_user, make_trajectory):
    from veilignet.access.models import Participation

    group = services.create_group(rc_user, name="G", framework_kind="verplicht", trainers=[rc_user])
    t = make_trajectory()
    services.add_participant(rc_user, group, t)
    assert "Mark de Vries" in rc_client.get(reverse("borg:group", args=[group.pk])).content.decode()
    Participation.objects.filter(case=t.case, organisation=rc_user.organisation).update(ended_at=timezone.now())
    html = rc_client.get(reverse("borg:group", args=[group.pk])).content.decode()
    assert "Mark de Vries" not in html and "dossier niet zichtbaar" in html


def test_partner_involvement_via_ui(rc_client, make_trajectory):
    from veilignet.cases.models import Person

    t = make_trajectory()
    anna = Person.objects.get(first_name="Anna")
    url = reverse("borg:partner", args=[t.case_id, t.pk])
    response = rc_client.post(url, {"outcome": "veilig", "partner": str(anna.pk), "notes": "",
                                    "safety_check_on": ""})
    assert response.status_code == 400 and "veiligheidscheck" in response.content.decode()
    response = rc_client.post(url, {"outcome": "veilig", "partner": str(anna.pk), "notes": "Geen dreiging",
                                    "safety_check_on": timezone.localdate().isoformat(),
                                    "contact_name": "Ans de Wit", "contact_organisation": "Slachtofferhulp"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.partner == anna and t.partner_involvement == "betrokken"
