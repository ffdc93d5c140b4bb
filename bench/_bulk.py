"""Bulk data for the benchmarks: N cases across the 25 regions, each with a household of 2-4 persons,
one report and the lead organisation's participation (plus police participation in a fifth)."""

import random
import time
import uuid
from datetime import date, timedelta

from django.utils import timezone

from veilignet.access.models import DEFAULT_SCOPE, Participation
from veilignet.accounts.models import Organisation
from veilignet.accounts.regions import REGIONS
from veilignet.accounts.services import add_organisation
from veilignet.cases.demo_data import FIRST_CHILD, FIRST_F, FIRST_M, LAST
from veilignet.cases.identity import name_keys
from veilignet.cases.models import Case, Household, HouseholdMember, Person, Report

BATCH = 5000


def make_orgs():
    vt, police = {}, {}
    for code, name in REGIONS:
        vt[code] = add_organisation(f"vt-{code}", f"Veilig Thuis {name}", "veilig_thuis", code)
        police[code] = add_organisation(f"politie-{code}", f"Politie {name}", "politie", code)
    return vt, police


def make_cases(n: int, seed: int = 7, progress=print):
    rng = random.Random(seed)
    vt, police = make_orgs()
    regions = [code for code, _ in REGIONS]
    now = timezone.now()
    started = time.monotonic()
    for start in range(0, n, BATCH):
        households, cases, persons, members, reports, parts = [], [], [], [], [], []
        for i in range(start, min(n, start + BATCH)):
            region = regions[i % len(regions)]
            last = rng.choice(LAST) + ("" if rng.random() < 0.5 else f" {rng.choice(LAST)}")
            hh = Household(id=uuid.uuid4(), label=f"Huishouden {last}")
            households.append(hh)
            opened = now - timedelta(days=rng.randint(0, 3650), minutes=rng.randint(0, 1440))
            case = Case(id=uuid.uuid4(), number=f"VN-B-{i:08d}", household=hh, lead_organisation=vt[region],
                        region=region, opened_at=opened, status="open" if rng.random() < 0.3 else "gesloten",
                        risk_level=rng.choice(["", "none", "low", "medium", "high", "extreme"]))
            cases.append(case)
            people = [(rng.choice(FIRST_F), "v", 20, 60), (rng.choice(FIRST_M), "m", 20, 65)]
            people += [(rng.choice(FIRST_CHILD), rng.choice("mv"), 0, 17) for _ in range(rng.choice([0, 0, 1, 2]))]
            for first, gender, lo, hi in people:
                bd = date.today() - timedelta(days=rng.randint(lo * 365 + 30, hi * 365))
                first_key, last_key, surname_key = name_keys(first, last)
                person = Person(id=uuid.uuid4(), first_name=first, last_name=last, birth_date=bd, gender=gender,
                                first_name_key=first_key, last_name_key=last_key, surname_key=surname_key)
                persons.append(person)
                members.append(HouseholdMember(household=hh, person=person, relation="partner" if lo else "kind"))
            reports.append(Report(id=uuid.uuid4(), case=case, received_at=opened, received_by=vt[region],
                                  source_citizen=True, category="partnergeweld", description="Bulkmelding",
                                  urgency="normaal"))
            parts.append(Participation(case=case, organisation=vt[region], is_lead=True, basis="wmo_veilig_thuis",
                                       purpose="Behandeling van de melding", via="aanmaak", scope=list(DEFAULT_SCOPE)))
            if rng.random() < 0.2:
                parts.append(Participation(case=case, organisation=police[region], basis="strafrecht",
                                           purpose="Opsporing", via="melding", scope=list(DEFAULT_SCOPE)))
        Household.objects.bulk_create(households)
        Case.objects.bulk_create(cases)
        Person.objects.bulk_create(persons)
        HouseholdMember.objects.bulk_create(members)
        Report.objects.bulk_create(reports)
        Participation.objects.bulk_create(parts)
        done = min(n, start + BATCH)
        progress(f"  {done}/{n} dossiers ({time.monotonic() - started:.0f} s)")
    return Organisation.objects.get(code="vt-utrecht"), Organisation.objects.get(code="politie-utrecht")
