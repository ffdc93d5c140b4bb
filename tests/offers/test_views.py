"""Pages and API of the social map."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veilignet.access.models import Participation, Scope
from veilignet.accounts.models import ApiToken
from veilignet.offers import services
from veilignet.offers.models import Offer, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintainer(make_user):
    return make_user("gem1", org="gemeente-utrecht", roles=("beheerder",), type_="gemeente", region="utrecht")


def test_list_filters(client, make_user):
    client.force_login(make_user("vt1"))
    page = client.get(reverse("offers:list"), {"region": "haaglanden", "category": "laagdrempelig"}).content.decode()
    assert "Veilig Verder Teams regio Haaglanden" in page and "Time-Out Woning Amsterdam" not in page
    assert "Aanbod toevoegen" not in page


def test_edit_page_saves_with_history(client, maintainer):
    client.force_login(maintainer)
    offer = Offer.objects.get(name="De pleger in ons")
    form = client.get(reverse("offers:edit", args=[offer.pk]))
    assert form.status_code == 200
    data = {k: v for k, v in form.context["form"].initial.items() if v not in (None, False, [])}
    data.update({"waiting_days": "12", "regions": offer.regions, "frameworks": offer.frameworks})
    response = client.post(reverse("offers:edit", args=[offer.pk]), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.waiting_days == 12 and offer.version == 2
    detail = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "waiting_days" in detail


def test_edit_shows_dutch_error_at_field(client, maintainer):
    client.force_login(maintainer)
    response = client.post(reverse("offers:new"), {"name": "X", "category": "laagdrempelig", "kind": "aanbod",
                                                   "framework": "mixed", "frameworks": ["vrijwillig"],
                                                   "lvb": "geschikt", "regions": ["utrecht"]})
    assert response.status_code == 200
    assert "ten minste twee kaders" in response.content.decode()
    assert not Offer.objects.filter(name="X").exists()


def test_edit_forbidden_for_workers(client, make_user):
    client.force_login(make_user("vt1"))
    assert client.get(reverse("offers:new")).status_code == 403


def test_import_page_shows_row_errors_and_imports_nothing(client, maintainer):
    client.force_login(maintainer)
    csv = "name;category;regions\nGoed;laagdrempelig;Utrecht\nFout;bestaatniet;Utrecht\n"
    response = client.post(reverse("offers:import"), {"file": SimpleUploadedFile("a.csv", csv.encode())})
    page = response.content.decode()
    assert "Regel 3" in page and "Onbekende categorie" in page
    assert not Offer.objects.filter(name="Goed").exists()


def test_export_csv(client, make_user):
    client.force_login(make_user("vt1"))
    response = client.get(reverse("offers:export"))
    assert response["Content-Type"].startswith("text/csv")
    assert "Caring Dads" in response.content.decode()


def test_gaps_page(client, make_user):
    client.force_login(make_user("vt1"))
    page = client.get(reverse("offers:gaps"), {"regio": "utrecht"}).content.decode()
    assert "ontbreekt" in page and "De pleger in ons" in page


def test_case_page_and_referral_flow(client, make_user, make_case):
    user = make_user("vt1")
    case = make_case(user)
    client.force_login(user)
    page = client.get(reverse("offers:case", args=[case.pk]))
    assert page.status_code == 200 and "Mark de Vries" in page.content.decode()
    borg = Offer.objects.get(name="BORG")
    client.post(reverse("offers:referral_create", args=[case.pk]), {"offer": borg.pk})
    referral = Referral.objects.get(case=case)
    client.post(reverse("offers:referral_status", args=[case.pk, referral.pk]),
                {"status": "waiting", "version": 1, "bridging_help": ""})
    referral.refresh_from_db()
    assert referral.status == "sent"  # bridging help missing: nothing saved
    client.post(reverse("offers:referral_status", args=[case.pk, referral.pk]),
                {"status": "waiting", "version": 1, "bridging_help": "Chat Veilig Thuis"})
    referral.refresh_from_db()
    assert referral.status == "waiting"


def test_case_pages_404_for_outsiders_and_without_scope(client, make_user, make_case):
    case = make_case(make_user("vt1"))
    outsider = make_user("other", org="vt-zeeland", region="zeeland")
    client.force_login(outsider)
    assert client.get(reverse("offers:case", args=[case.pk])).status_code == 404
    insider = make_user("vt2")
    Participation.objects.filter(case=case).update(scope=[Scope.BASIS])
    client.force_login(insider)
    assert client.get(reverse("offers:case", args=[case.pk])).status_code == 404


def test_panel_only_with_pleger_scope(rf, make_user, make_case):
    from veilignet.offers.panels import case_panels

    user = make_user("vt1")
    case = make_case(user)
    request = rf.get("/")
    request.user = user
    html = case_panels(request, case)
    assert len(html) == 1 and "Plegeraanbod" in html[0]
    Participation.objects.filter(case=case).update(scope=[Scope.BASIS])
    assert case_panels(request, case) == []


def test_menu_item():
    from veilignet.offers.menu import items

    assert items(None) == [("Sociale kaart", "/aanbod/")]


def test_api_offers_and_referrals(client, make_user, make_case):
    user = make_user("vt1")
    case = make_case(user)
    services.create_referral(user, case, Offer.objects.get(name="BORG"))
    _, raw = ApiToken.issue(user)
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    data = client.get("/api/v1/aanbod", {"regio": "haaglanden", "pageSize": 200}, **headers).json()
    names = {o["name"] for o in data["results"]}
    assert "Veilig Verder Teams regio Haaglanden" in names and "Time-Out Woning Amsterdam" not in names
    refs = client.get("/api/v1/verwijzingen", **headers).json()
    assert refs["count"] == 1 and refs["results"][0]["offer_name"] == "BORG"
    outsider = make_user("z", org="vt-zeeland", region="zeeland")
    _, raw2 = ApiToken.issue(outsider)
    assert client.get("/api/v1/verwijzingen", HTTP_AUTHORIZATION=f"Token {raw2}").json()["count"] == 0


def test_gaps_csv(client, make_user):
    client.force_login(make_user("vt1"))
    response = client.get(reverse("offers:gaps"), {"regio": "zeeland", "formaat": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("regio;gemeente;lotgenotencontact status")
    assert lines[1].startswith("Zeeland;;ontbreekt") and lines[1].endswith(";4")


def test_demo_adds_referrals(make_user, make_case):
    import io
    import random

    user = make_user("vt1")
    case = make_case(user)
    from veilignet.offers.demo import load

    out = io.StringIO()
    load(out, random.Random(1))
    assert Referral.objects.filter(case=case).count() == 1
    load(out, random.Random(1))  # idempotent per case
    assert Referral.objects.filter(case=case).count() == 1


def test_case_page_profile_overrides_change_matches(client, make_user, make_case):
    user = make_user("vt1")
    case = make_case(user)
    client.force_login(user)
    url = reverse("offers:case", args=[case.pk])
    plain = client.get(url).context["matches"][0]["result"]
    assert "BORG" in [o["name"] for o in plain["offers"]]
    it = client.get(url, {"profiel": "1", "geweldstype": "intimate_terror_suspected", "kader": "voluntary",
                          "substance_problem": "1"}).context["matches"][0]["result"]
    names = [o["name"] for o in it["offers"]]
    assert "BORG" not in names and "Mediation" not in names
    assert names[0] == "Verslavingszorg via verwijzing huisarts"
