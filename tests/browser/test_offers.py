"""Browser walk-through of the social map: a municipal maintainer updates a waiting time and sees the
history; a Veilig Thuis worker refers a case's perpetrator and moves the referral to waiting."""

import re

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_maintainer_edits_offer_and_worker_refers(page, live_server, login, make_user, make_case):
    from django.core.management import call_command

    from veilignet.offers.models import Offer, Referral

    if not Offer.objects.exists():  # transactional tests flush the seeded data
        call_command("load_offers")
    make_user("gem1", org="gemeente-utrecht", roles=["beheerder"], type_="gemeente", region="utrecht")
    worker = make_user("vt1")
    case = make_case(worker)

    login(page, "gem1")
    page.goto(f"{live_server.url}/aanbod/?region=utrecht")
    page.get_by_role("link", name="De pleger in ons").click()
    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Actuele wachttijd (dagen)").fill("9")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    assert "opgeslagen (versie 2)" in page.content()
    assert re.search(r"waiting_days</strong>: None → 9", page.content())
    page.get_by_role("button", name="Uitloggen").click()

    login(page, "vt1")
    page.goto(f"{live_server.url}/aanbod/dossier/{case.pk}/")
    page.get_by_role("button", name="Verwijzen naar De pleger in ons").first.click()
    page.wait_for_load_state("networkidle")
    assert "Verwijzing naar De pleger in ons verzonden" in page.content()
    referral = Referral.objects.get(case=case)
    page.get_by_label("Nieuwe status").select_option("waiting")
    page.get_by_label("Overbruggingshulp (wachten)").fill("Chat Veilig Thuis")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    referral.refresh_from_db()
    assert referral.status == "waiting" and referral.bridging_help == "Chat Veilig Thuis"
