"""Break-the-glass (issue 3 §3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from veilignet.access import services
from veilignet.access.models import AuditEvent, BreakGlassAccess, Scope
from veilignet.access.selectors import can_see_part, visible_cases
from veilignet.cases.models import TimelineEntry

pytestmark = pytest.mark.django_db

REASON = "Melding van acuut geweld, agenten ter plaatse, dreiging met mes"


def test_police_breaks_glass_for_24h(police, case):
    assert not visible_cases(police).filter(pk=case.pk).exists()
    grant = services.break_glass(police, case, REASON)
    assert visible_cases(police).filter(pk=case.pk).exists()
    assert timedelta(hours=23, minutes=59) < grant.expires_at - grant.created_at <= timedelta(hours=24)
    assert can_see_part(police, case, Scope.BASIS) and not can_see_part(police, case, Scope.MELDER)
    entry = TimelineEntry.objects.get(case=case, kind="doorbraak")
    assert REASON in entry.body and "Doorbraak" in entry.title
    assert AuditEvent.objects.filter(action="break_glass", case_id=case.pk, username="pol1").exists()
    with freeze_time(timezone.now() + timedelta(hours=24, minutes=1)):
        assert not visible_cases(police).filter(pk=case.pk).exists()


def test_duration_setting(settings, police, case):
    settings.BREAK_GLASS_HOURS = 2
    grant = services.break_glass(police, case, REASON)
    assert grant.expires_at - grant.created_at == timedelta(hours=2)


@pytest.mark.parametrize("reason", ["", "   ", "nodig"])
def test_reason_required(police, case, reason):
    with pytest.raises(ValidationError) as exc:
        services.break_glass(police, case, reason)
    assert "reden" in exc.value.message_dict["reden"][0].lower()
    assert not BreakGlassAccess.objects.exists()
    assert not TimelineEntry.objects.filter(kind="doorbraak").exists()


def test_only_police_and_veilig_thuis(wijkteam, make_user, vt, case):
    with pytest.raises(ValidationError, match="politie of Veilig Thuis"):
        services.break_glass(wijkteam, case, REASON)
    other_vt = make_user("vt-gooi1", org="vt-gooi", type_="veilig_thuis", region="gooi-en-vechtstreek")
    assert services.break_glass(other_vt, case, REASON).pk
    officer = make_user("fg-pol", org="politie-utrecht", roles=("privacy_officer",), type_="politie")
    with pytest.raises(ValidationError):
        services.break_glass(officer, case, REASON)  # a privacy officer has no operational role
    assert not BreakGlassAccess.objects.filter(user=wijkteam).exists()


def test_locate_reveals_only_organisation(police, case, client):
    results = services.locate_cases(police, bsn="111222333")
    assert results == [(case.pk, "Vt Utrecht")]
    assert services.locate_cases(police, last_name="De Vries", birth_date=case.household.members.get(
        person__first_name="Anna").person.birth_date) == results
    with pytest.raises(ValidationError):
        services.locate_cases(police, last_name="de Vries")  # name alone is browsing: refused
    client.force_login(police)
    page = client.get(reverse("access:break_glass_search"), {"bsn": "111222333"}).content.decode()
    assert "Vt Utrecht" in page and reverse("access:break_glass", kwargs={"case_id": case.pk}) in page
    assert case.number not in page and "Anna" not in page and "Buurvrouw" not in page
    form = client.get(reverse("access:break_glass", kwargs={"case_id": case.pk})).content.decode()
    assert case.number not in form and "Anna" not in form and "Els Jansen" not in form


def test_break_glass_page_flow(police, case, client):
    client.force_login(police)
    url = reverse("access:break_glass", kwargs={"case_id": case.pk})
    response = client.post(url, {"reden": ""})
    assert response.status_code == 400 and "reden" in response.content.decode().lower()
    assert not BreakGlassAccess.objects.exists()
    response = client.post(url, {"reden": REASON})
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", kwargs={"case_id": case.pk})
    assert BreakGlassAccess.objects.filter(user=police, case=case).exists()


def test_break_glass_pages_hidden_from_others(wijkteam, case, client):
    client.force_login(wijkteam)
    assert client.get(reverse("access:break_glass_search")).status_code == 404
    assert client.get(reverse("access:break_glass", kwargs={"case_id": case.pk})).status_code == 404


def test_review_queue(police, vt_officer, make_user, case, client):
    grant = services.break_glass(police, case, REASON)
    other_officer = make_user("fg-wt", org="wijkteam-zeist", roles=("privacy_officer",), type_="gemeente")
    assert list(services.review_queue(vt_officer)) == [grant]
    assert not services.review_queue(other_officer).exists()
    with pytest.raises(ValidationError):
        services.review_break_glass(other_officer, grant.pk, "gerechtvaardigd")
    with pytest.raises(ValidationError, match="Licht toe"):
        services.review_break_glass(vt_officer, grant.pk, "niet_gerechtvaardigd", "")
    client.force_login(vt_officer)
    page = client.get(reverse("access:officer")).content.decode()
    assert REASON in page and case.number in page
    response = client.post(reverse("access:officer_review", kwargs={"grant_id": grant.pk}),
                           {"uitkomst": "niet_gerechtvaardigd", "toelichting": "Geen acuut gevaar"})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.review_outcome == "niet_gerechtvaardigd" and grant.reviewed_by == vt_officer
    assert grant.reviewed_at is not None and grant.expires_at <= timezone.now()  # ended at once
    assert not visible_cases(police).filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(action="review", object_type="break_glass").exists()
    with pytest.raises(ValidationError, match="al beoordeeld"):
        services.review_break_glass(vt_officer, grant.pk, "gerechtvaardigd")
