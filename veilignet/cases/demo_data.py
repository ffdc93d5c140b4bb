"""Demo data: organisations in four regions, a user for every organisation type and role, and a few
hundred realistic households with reports and Dutch notes. Everything goes through the services, so
the hooks (deadlines, text signals) run as they would in practice."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from veilignet.access.context import Actor, reset_actor, set_actor
from veilignet.accounts.models import OrganisationType, Role, User
from veilignet.accounts.services import add_organisation, add_user

from . import services
from .identity import bsn_is_valid
from .models import Case

DEMO_PASSWORD = "demo-wachtwoord"  # demo database only; documented in the README

DEMO_REGIONS = [
    ("utrecht", "Utrecht"),
    ("amsterdam-amstelland", "Amsterdam"),
    ("rotterdam-rijnmond", "Rotterdam"),
    ("twente", "Enschede"),
]

TYPE_SHORT = {
    OrganisationType.VEILIG_THUIS: ("vt", "Veilig Thuis"),
    OrganisationType.POLITIE: ("politie", "Politie basisteam"),
    OrganisationType.OPENBAAR_MINISTERIE: ("om", "Openbaar Ministerie arrondissement"),
    OrganisationType.RECLASSERING: ("reclassering", "Reclassering Nederland"),
    OrganisationType.RAAD_KINDERBESCHERMING: ("raad", "Raad voor de Kinderbescherming"),
    OrganisationType.GEMEENTE: ("wijkteam", "Wijkteam"),
    OrganisationType.VROUWENOPVANG: ("opvang", "Vrouwenopvang"),
    OrganisationType.GGZ: ("ggz", "GGZ"),
    OrganisationType.FORENSISCHE_ZORG: ("forensisch", "Forensische polikliniek"),
    OrganisationType.VERSLAVINGSZORG: ("verslaving", "Verslavingszorg"),
    OrganisationType.HUISARTS: ("huisarts", "Huisartsenpraktijk"),
    OrganisationType.SLACHTOFFERHULP: ("slachtofferhulp", "Slachtofferhulp"),
    OrganisationType.ZORG_EN_VEILIGHEIDSHUIS: ("zvh", "Zorg- en Veiligheidshuis"),
    OrganisationType.OTHER: ("overig", "Schuldhulpverlening"),
}

FIRST_F = ["Anna", "Fatima", "Sanne", "Lotte", "Yasmina", "Eva", "Noor", "Sara", "Emma", "Priya", "Kim", "Joyce",
           "Samira", "Inge", "Marloes", "Esra", "Chantal", "Naomi", "Iris", "Romy", "Zeynep", "Monique", "Ilse"]
FIRST_M = ["Mark", "Mohamed", "Dennis", "Kevin", "Ahmed", "Jeroen", "Rachid", "Bas", "Tim", "Erik", "Mehmet",
           "Patrick", "Ricardo", "Stefan", "Youssef", "Sander", "Martijn", "Ravi", "Hakan", "Jan", "Peter"]
FIRST_CHILD = ["Daan", "Sem", "Liam", "Lucas", "Milan", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Adam", "Noah",
               "Aya", "Lina", "Finn", "Levi", "Nora", "Yara", "Ilias", "Saar"]
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
        "Bos", "Vos", "Peters", "Hendriks", "El Amrani", "Yilmaz", "Kaya", "Öztürk", "Boukhari", "Ramdin",
        "van Dijk", "Dekker", "Brouwer", "de Graaf", "Koster", "Willems", "Claassen", "Haddou", "Sedney", "Tahiri"]

REPORT_TEXTS = [
    "Buurvrouw belt: al weken hoort zij 's nachts geschreeuw en gebonk. Vanavond hoorde zij haar roepen dat hij moest stoppen.",
    "Politie na melding 112 ter plaatse: slachtoffer heeft rode striemen in de hals en zegt dat hij haar keel dichtkneep. Pleger aangehouden.",
    "Huisarts meldt: patiënte komt vaker met blauwe plekken en durft niet te vertellen hoe dat komt. Zij mag van haar man niet alleen naar de praktijk.",
    "School meldt: zoon vertelt dat papa mama heeft geslagen en dat hij bang is om naar huis te gaan.",
    "Slachtoffer belt zelf: zij heeft aangekondigd te willen scheiden en sindsdien stuurt hij dreigende berichten en staat hij voor haar deur.",
    "Ex-partner blijft haar volgen; zij vond een tracker onder haar auto. Hij heeft gedreigd haar iets aan te doen als zij een nieuwe vriend neemt.",
    "Wijkteam meldt zorgen: vader beheert al het geld, moeder heeft geen bankpas en mag geen contact met haar familie hebben.",
    "Zus van het slachtoffer belt: zij is zwanger en hij heeft haar in haar buik geschopt.",
    "Buurman hoort regelmatig ruzie; beiden schelden en gooien met spullen. Geen aanwijzingen voor wapens.",
    "Dochter (45) meldt dat haar vader (82) door haar broer wordt geslagen en dat zijn pensioen wordt opgenomen.",
    "Verloskundige meldt: cliënte vertelt dat haar partner haar telefoon controleert en haar wachtwoorden eist.",
    "Politie meldt huiselijke twist na alcoholgebruik; beide partners licht gewond, kinderen waren thuis.",
]
NOTE_TEXTS = [
    "Telefonisch contact met slachtoffer gehad. Zij zegt dat hij dreigde haar te vermoorden als zij bij hem weggaat.",
    "Huisbezoek afgelegd. Moeder oogt angstig en kijkt steeds naar haar partner voordat zij antwoord geeft.",
    "Pleger erkent dat er geslagen is, maar zegt dat het wederzijds was. Hij staat open voor hulp.",
    "Er zijn geen wapens in huis volgens beide partners.",
    "Slachtoffer geeft aan dat hij haar isoleert: zij mag niet meer naar haar vriendinnen.",
    "Kinderen gesproken op school. Zij vertellen over harde ruzies, niet over fysiek geweld tegen henzelf.",
    "Overleg met wijkteam: schuldhulpverlening loopt, veel financiële stress door ontslag van vader.",
    "Veiligheidsafspraken gemaakt: moeder kan bij haar zus terecht als het escaleert.",
    "Pleger heeft eerder een vorige partner mishandeld, blijkt uit politiegegevens.",
    "Zij vertelt dat hij vroeger ook een keer een mes heeft gepakt, jaren geleden.",
]


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1)))
        check = total % 11
        if check < 10 and digits[0] != 0:
            bsn = "".join(map(str, digits)) + str(check)
            if bsn_is_valid(bsn):
                return bsn


def create_organisations_and_users(stdout) -> dict:
    """Organisations per demo region and, in the first region, a user for every type and role."""
    orgs = {}
    for region, city in DEMO_REGIONS:
        for org_type, (short, label) in TYPE_SHORT.items():
            code = f"{short}-{region}"
            orgs[(region, org_type)] = add_organisation(code, f"{label} {city}", org_type, region, municipality=city)
    first_region = DEMO_REGIONS[0][0]
    for org_type, (short, _) in TYPE_SHORT.items():
        for role in Role.values:
            add_user(f"{short}.{role}", orgs[(first_region, org_type)].code, [role],
                     first_name=role.replace("_", " ").capitalize(), last_name=short.upper())
    # One worker per organisation in the other regions, to act as reporters there.
    for region, _ in DEMO_REGIONS[1:]:
        for org_type in (OrganisationType.VEILIG_THUIS, OrganisationType.POLITIE, OrganisationType.RECLASSERING,
                         OrganisationType.GEMEENTE):
            short = TYPE_SHORT[org_type][0]
            add_user(f"{short}.{region}", orgs[(region, org_type)].code, ["medewerker", "casusregisseur"])
    # One hash for all demo accounts: hashing 80 passwords one by one takes half a minute.
    User.objects.filter(organisation__in=list(orgs.values())).update(password=make_password(DEMO_PASSWORD))
    stdout.write(f"  {len(orgs)} organisaties, {User.objects.count()} gebruikers")
    return orgs


def create_households(stdout, orgs: dict, count: int, rng: random.Random) -> int:
    today = timezone.localdate()
    made = 0
    for i in range(count):
        region = DEMO_REGIONS[i % len(DEMO_REGIONS)][0]
        vt_user = User.objects.filter(organisation=orgs[(region, OrganisationType.VEILIG_THUIS)]).first()
        last = rng.choice(LAST)
        victim_f = rng.random() < 0.82
        victim = services.PersonInput(
            role="slachtoffer", first_name=rng.choice(FIRST_F if victim_f else FIRST_M), last_name=last,
            birth_date=today - timedelta(days=rng.randint(19 * 365, 60 * 365)), gender="v" if victim_f else "m",
            bsn=_bsn(rng) if rng.random() < 0.7 else "", relation="partner",
        )
        perp = services.PersonInput(
            role="pleger", first_name=rng.choice(FIRST_M if victim_f else FIRST_F), last_name=rng.choice([last, rng.choice(LAST)]),
            birth_date=today - timedelta(days=rng.randint(20 * 365, 62 * 365)), gender="m" if victim_f else "v",
            bsn=_bsn(rng) if rng.random() < 0.5 else "", relation=rng.choice(["partner", "ex_partner"]),
        )
        persons = [victim, perp]
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            persons.append(services.PersonInput(
                role="kind", first_name=rng.choice(FIRST_CHILD), last_name=last,
                birth_date=today - timedelta(days=rng.randint(200, 17 * 365)), gender=rng.choice("mv"), relation="kind",
            ))
        received = timezone.now() - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        source = rng.choice(["burger", orgs[(region, OrganisationType.POLITIE)].code,
                             orgs[(region, OrganisationType.HUISARTS)].code, orgs[(region, OrganisationType.GEMEENTE)].code])
        text = rng.choice(REPORT_TEXTS)
        category = "ex_partnergeweld" if perp.relation == "ex_partner" else "partnergeweld"
        reporter = services.ReporterInput(
            name=f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(LAST)}", phone=f"06{rng.randint(10000000, 99999999)}",
            relation=rng.choice(["buurvrouw", "zus", "collega", "huisarts", "leerkracht"]),
            protect_identity=rng.random() < 0.4,
        )
        data = services.ReportInput(
            received_at=received, source=source, category=category, description=text,
            urgency=rng.choice(["acuut", "hoog", "normaal", "normaal", "laag"]), persons=persons,
            reporter=reporter, incident_date=(received - timedelta(days=rng.randint(0, 5))).date(),
        )
        token = set_actor(Actor(vt_user, "cli"))
        try:
            report = services.register_report(vt_user, data)
            for _ in range(rng.randint(0, 3)):
                services.add_note(vt_user, report.case, rng.choice(NOTE_TEXTS), confidential=rng.random() < 0.1)
            if rng.random() < 0.25:  # a second report later: linked to the same household's case
                later = min(received + timedelta(days=rng.randint(3, 40)), timezone.now())
                services.register_report(vt_user, services.ReportInput(
                    received_at=later, source=orgs[(region, OrganisationType.POLITIE)].code, category=category,
                    description=rng.choice(REPORT_TEXTS), urgency="hoog", persons=[victim, perp],
                ))
            if rng.random() < 0.5:
                services.update_case(vt_user, report.case, expected_version=Case.objects.get(pk=report.case_id).version,
                                     case_director=vt_user)
        finally:
            reset_actor(token)
        made += 1
        if made % 25 == 0 or made == count:
            stdout.write(f"  huishoudens: {made}/{count}")
    return made


