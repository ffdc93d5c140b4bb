"""Participation decides access (issue 3 §1)."""

import pytest
from django.core.exceptions import ValidationError

from veilignet.access import services
from veilignet.access.models import AuditEvent, Participation, ParticipationVia, Scope
from veilignet.access.selectors import can_see_part, can_see_reporter, visible_cases
from veilignet.cases.models import TimelineEntry
from veilignet.cases.services import close_case

pytestmark = pytest.mark.django_db


def test_other_org_cannot_see_until_added_and_not_after_ending(vt, wijkteam, case):
    assert not visible_cases(wijkteam).filter(pk=case.pk).exists()
    p = services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp aan het gezin")
    assert visible_cases(wijkteam).filter(pk=case.pk).exists()
    assert p.via == ParticipationVia.MANUAL and p.added_by == vt
    assert Scope.MELDER not in p.scope and Scope.BASIS in p.scope
    assert TimelineEntry.objects.filter(case=case, kind="deelname", title__contains="Wijkteam Zeist").exists()
    assert AuditEvent.objects.filter(action="create", object_type="participation", case_id=case.pk).exists()

    services.end_participation(vt, case, "wijkteam-zeist", "Hulp afgerond")
    assert not visible_cases(wijkteam).filter(pk=case.pk).exists()
    ended = Participation.objects.get(pk=p.pk)
    assert ended.ended_at is not None and ended.ended_by == vt and ended.end_reason == "Hulp afgerond"
    # The history stays; the organisation may be added again later.
    services.add_participant(vt, case, "wijkteam-zeist", basis="toestemming", purpose="Opnieuw hulp")
    assert Participation.objects.filter(case=case, organisation__code="wijkteam-zeist").count() == 2


@pytest.mark.parametrize("field,kwargs,message", [
    ("grondslag", {"basis": "omdat het kan"}, "Onbekende grondslag"),
    ("grondslag", {"basis": ""}, "Kies een grondslag"),
    ("doel", {"purpose": "  "}, "doel"),
    ("reikwijdte", {"scope": ["alles"]}, "Onbekend onderdeel"),
    ("reikwijdte", {"scope": ["basis", "melder"]}, "alleen voor Veilig Thuis"),
    ("organisatie", {"organisation": "bestaat-niet"}, "Onbekende organisatie"),
])
def test_bad_input_dutch_error_nothing_saved(vt, wijkteam, case, field, kwargs, message):
    args = {"organisation": "wijkteam-zeist", "basis": "meldcode", "purpose": "Hulp", "scope": None}
    args.update(kwargs)
    before = (Participation.objects.count(), AuditEvent.objects.count(), TimelineEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.add_participant(vt, case, args.pop("organisation"), **args)
    assert message in " ".join(exc.value.message_dict[field])
    assert (Participation.objects.count(), AuditEvent.objects.count(), TimelineEntry.objects.count()) == before


def test_closed_case_refused(vt, wijkteam, case):
    case = close_case(vt, case, "Afgerond")
    with pytest.raises(ValidationError) as exc:
        services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    assert "gesloten" in exc.value.message_dict["dossier"][0]
    assert not Participation.objects.filter(organisation__code="wijkteam-zeist").exists()


def test_only_lead_adds(vt, wijkteam, police, case):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    with pytest.raises(ValidationError) as exc:
        services.add_participant(wijkteam, case, "politie-utrecht", basis="strafrecht", purpose="Onderzoek")
    assert "regievoerende" in exc.value.message_dict["organisatie"][0]
    # ... but a participant may refer (verwijzing) or hand over.
    p = services.add_participant(wijkteam, case, "politie-utrecht", basis="strafrecht", purpose="Aangifte",
                                 via=ParticipationVia.REFERRAL)
    assert p.via == "verwijzing"
    # Nobody outside the case may refer.
    services.end_participation(vt, case, "wijkteam-zeist")
    with pytest.raises(ValidationError):
        services.add_participant(wijkteam, case, "politie-utrecht", basis="strafrecht", purpose="x",
                                 via=ParticipationVia.HANDOVER)


def test_duplicate_active_refused_and_lead_cannot_be_ended(vt, wijkteam, case):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    with pytest.raises(ValidationError, match="neemt al deel"):
        services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    with pytest.raises(ValidationError, match="regievoerende organisatie kan niet"):
        services.end_participation(vt, case, "vt-utrecht")
    with pytest.raises(ValidationError, match="regievoerende organisatie kan een deelname"):
        services.end_participation(wijkteam, case, "vt-utrecht")


def test_participant_may_withdraw_itself(vt, wijkteam, case):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    services.end_participation(wijkteam, case, "wijkteam-zeist", "Niet meer nodig")
    assert not visible_cases(wijkteam).filter(pk=case.pk).exists()


def test_scope_limits_parts(vt, wijkteam, make_user, case):
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp", scope=["risico"])
    assert can_see_part(wijkteam, case, Scope.BASIS)  # always included
    assert can_see_part(wijkteam, case, Scope.RISICO)
    assert not can_see_part(wijkteam, case, Scope.NOTITIES)
    assert not can_see_part(wijkteam, case, Scope.MELDER)
    # Veilig Thuis may be given the reporter's identity.
    make_user("vt2", org="vt-gooi", type_="veilig_thuis", region="gooi-en-vechtstreek")
    p = services.add_participant(vt, case, "vt-gooi", basis="wmo_veilig_thuis", purpose="Overdracht regio")
    assert Scope.MELDER in p.scope


def test_reporter_only_receiving_org_roles(vt, wijkteam, make_user, case):
    report = case.reports.get()
    services.add_participant(vt, case, "wijkteam-zeist", basis="meldcode", purpose="Hulp")
    assert can_see_reporter(vt, report)
    assert not can_see_reporter(wijkteam, report)
    officer = make_user("fg", org="vt-utrecht", roles=("privacy_officer",))
    assert not can_see_reporter(officer, report)
