"""Risk pages in a case: access (404), the form (draft / final, Dutch errors), chart, review, panel."""

import re
import uuid

import pytest
from django.urls import reverse

from veilignet.risk.instrument import ALL_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture
def vt(make_user):
    return make_user("vt1", org="vt-utrecht")


@pytest.fixture
def case(vt, make_case):
    return make_case(vt, description="Hij heeft haar gisteren gewurgd en zij wil scheiden.")


@pytest.fixture
def client_vt(client, vt):
    client.force_login(vt)
    return client


def test_pages_need_login(client, case):
    resp = client.get(reverse("risk:case", args=[case.pk]))
    assert resp.status_code == 302


def test_not_visible_case_is_404(client, make_user, case):
    outsider = make_user("pol1", org="politie-x", type_="politie")
    client.force_login(outsider)
    for name in ("risk:case", "risk:new", "risk:chart"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 404
    assert client.get(reverse("risk:case", args=[uuid.uuid4()])).status_code == 404


def test_participant_without_risk_scope_gets_404(client, make_user, case):
    from veilignet.access.models import LegalBasis, ParticipationVia, Scope
    from veilignet.cases.services import ensure_participation

    other = make_user("gem1", org="gemeente-x", type_="gemeente")
    ensure_participation(case, other.organisation, basis=LegalBasis.MELDCODE, purpose="hulp",
                         via=ParticipationVia.MANUAL, scope=[Scope.BASIS])
    client.force_login(other)
    assert client.get(reverse("risk:case", args=[case.pk])).status_code == 404


def test_form_groups_radios_and_labels(client_vt, case):
    html = client_vt.get(reverse("risk:new", args=[case.pk])).content.decode()
    for code in ALL_CODES:
        assert html.count(f'name="{code}"') == 3
    assert "Rode vlaggen" in html and "Dwingende controle" in html and "Verzwarende factoren" in html
    assert "Opslaan als concept" in html and "Definitief opslaan" in html
    assert "<script>" not in html and "style=" not in html


def test_half_filled_final_refused_with_dutch_message(client_vt, case):
    from veilignet.risk.models import Assessment

    resp = client_vt.post(reverse("risk:new", args=[case.pk]), {"weapons": "ja", "action": "final"})
    assert resp.status_code == 400
    assert "niet beantwoord" in resp.content.decode()
    assert not Assessment.objects.exists()
    resp = client_vt.post(reverse("risk:new", args=[case.pk]), {"weapons": "ja", "action": "draft"})
    assert resp.status_code == 302
    a = Assessment.objects.get()
    assert a.is_draft and a.answers == {"weapons": True}


def test_final_via_form_then_overview_and_detail(client_vt, case):
    from veilignet.risk.models import Assessment

    data = {c: "nee" for c in ALL_CODES}
    data.update({"strangulation": "ja", "separation": "ja", "weapons": "onbekend", "action": "final"})
    resp = client_vt.post(reverse("risk:new", args=[case.pk]), data)
    assert resp.status_code == 302
    a = Assessment.objects.get()
    assert a.final_level == "extreme" and a.answers["weapons"] is None
    case.refresh_from_db()
    assert case.risk_level == "extreme"
    html = client_vt.get(reverse("risk:case", args=[case.pk])).content.decode()
    assert "zeer hoog" in html and reverse("risk:chart", args=[case.pk]) in html
    detail = client_vt.get(reverse("risk:detail", args=[case.pk, a.pk])).content.decode()
    assert "Wurging samen met scheiding" in detail


def test_chart_is_svg(client_vt, case):
    from veilignet.risk.services import save_assessment

    user = case.created_by
    save_assessment(user, case, {c: False for c in ALL_CODES}, draft=False)
    resp = client_vt.get(reverse("risk:chart", args=[case.pk]))
    assert resp["Content-Type"] == "image/svg+xml"
    body = resp.content.decode()
    assert body.lstrip().startswith("<?xml") and "<svg" in body and "<script" not in body


def test_signals_panel_confirm_and_suggestion_on_form(client_vt, case):
    from veilignet.risk.models import TextSignal

    s = TextSignal.objects.get(case=case, code="strangulation")
    html = client_vt.get(reverse("risk:case", args=[case.pk])).content.decode()
    assert "gewurgd" in html
    form = client_vt.get(reverse("risk:new", args=[case.pk])).content.decode()
    assert "Voorstel uit bevestigde signalen" not in form
    client_vt.post(reverse("risk:review", args=[case.pk, s.pk]), {"decision": "bevestigen"})
    s.refresh_from_db()
    assert s.review == "confirmed"
    form = client_vt.get(reverse("risk:new", args=[case.pk])).content.decode()
    assert "Voorstel uit bevestigde signalen" in form
    block = re.search(r'id="item-strangulation".*?</fieldset>', form, re.S).group(0)
    assert 'value="ja" checked' in block  # offered pre-selected, visibly marked
    other = re.search(r'id="item-weapons".*?</fieldset>', form, re.S).group(0)
    assert "checked" not in other  # nothing else filled in


def test_case_panel_renders(rf, vt, case):
    from veilignet.risk.panels import case_panels

    request = rf.get("/")
    request.user = vt
    panels = case_panels(request, case)
    assert len(panels) == 1 and "Risicotaxatie" in panels[0]


def test_due_list(client_vt, case):
    from veilignet.risk.services import save_assessment

    save_assessment(case.created_by, case, {c: False for c in ALL_CODES} | {"weapons": True}, draft=False)
    html = client_vt.get(reverse("risk:due")).content.decode()
    assert case.number in html


def test_second_professional_approves_lowering_in_the_page(client, make_user, vt, case):
    from veilignet.risk.services import save_assessment

    answers = {c: False for c in ALL_CODES} | {"separation": True, "isolation": True, "surveillance": True}
    a = save_assessment(vt, case, answers, draft=False, final_level="medium", override_reason="Pleger vast")
    client.force_login(vt)
    page = client.get(reverse("risk:detail", args=[case.pk, a.pk])).content.decode()
    assert "Verlaging goedkeuren" not in page  # not for the author
    client.post(reverse("risk:approve", args=[case.pk, a.pk]), {"decision": "approve"})
    a.refresh_from_db()
    assert a.override_status == "pending"
    colleague = make_user("vt2", org="vt-utrecht", roles=("teamleider",))
    client.force_login(colleague)
    assert "Verlaging goedkeuren" in client.get(reverse("risk:detail", args=[case.pk, a.pk])).content.decode()
    client.post(reverse("risk:approve", args=[case.pk, a.pk]), {"decision": "approve", "note": "akkoord"})
    a.refresh_from_db()
    case.refresh_from_db()
    assert a.override_status == "approved" and a.approver == colleague and case.risk_level == "medium"


def test_draft_can_be_finished_by_its_author_only(client, make_user, vt, case):
    from veilignet.risk.services import save_assessment

    draft = save_assessment(vt, case, {"weapons": True}, draft=True)
    client.force_login(vt)
    form = client.get(reverse("risk:edit", args=[case.pk, draft.pk])).content.decode()
    assert re.search(r'id="item-weapons".*?value="ja" checked', form, re.S)
    colleague = make_user("vt2", org="vt-utrecht")
    client.force_login(colleague)
    assert client.get(reverse("risk:edit", args=[case.pk, draft.pk])).status_code == 404
