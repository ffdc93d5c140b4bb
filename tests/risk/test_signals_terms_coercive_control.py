"""Session 7 (cc): phrasing families of the coercive-control codes that were not found (recall) — curfews and
time limits, out of the house only with him or his permission, family not to be called ('niet heeft mogen
bellen'), no drinks with colleagues, visitors no longer welcome, friends thrown out of her contacts, prescribed
showers and meals, the pill not to be taken, a mother's place and a husband's right, her bank card
and benefit in his hands, the IND as leverage, images sent to her employer, conviction that she
cheats, quoted insult nouns, losing the children as the threat, lies told to her employer — and the guarded
mentions of those families that must not come out as present."""

import pytest

from veilignet.risk.signals import screen

PRESENT = [
    ("Ze moet van hem elke dag om vijf uur thuis zijn.", "autonomy_restriction"),
    ("Om negen uur moet ik binnen zijn, anders is hij woedend.", "autonomy_restriction"),
    ("Cliënte moet na het werk direct naar huis, hij controleert dat.", "autonomy_restriction"),
    ("Mw. mag zonder zijn toestemming niet naar de bibliotheek.", "autonomy_restriction"),
    ("Haar mobiel ligt 's nachts bij hem in de la.", "autonomy_restriction"),
    ("Hij heeft vorig jaar haar scooter verkocht.", "autonomy_restriction"),
    ("Ik mag alleen naar de bakker en terug.", "autonomy_restriction"),
    ("Ze mocht zonder hem de straat niet op.", "autonomy_restriction"),
    ("Mw. heeft haar broer al maanden niet mogen bellen.", "isolation"),
    ("Ze mag niet meer mee lunchen met haar collega's.", "isolation"),
    ("Mijn ouders mogen van hem niet meer bij ons op bezoek komen.", "isolation"),
    ("Hij heeft al haar vriendinnen uit haar contacten gegooid.", "isolation"),
    ("Hij schrijft haar voor hoe lang ze mag douchen.", "body_control"),
    ("Ze mocht van hem de pil niet meer slikken.", "body_control"),
    ("Hij dreigt de IND te bellen als ze niet gehoorzaamt.", "jealousy_blackmail"),
    ("Hij is ervan overtuigd dat zijn vrouw vreemdgaat met de buurman.", "jealousy_blackmail"),
    ("Hij dreigt het naar haar familie te sturen als ze weggaat.", "jealousy_blackmail"),
    ("'Ik ben een walvis,' zegt hij elke ochtend.", "humiliation"),
    ("'Vetzak, ga eens sporten,' riep hij.", "humiliation"),
    ("Hij zegt dat ze de kinderen kwijtraakt als ze weggaat.", "child_alienation"),
    ("'Ga maar, maar de kinderen blijven hier,' zei hij.", "child_alienation"),
    ("Sinds de scheiding stuurt hij berichten; ook appt hij mijn zus en mijn baas dat ik aan de drank ben.",
     "third_party_abuse"),
    ("Hij zegt: 'een moeder hoort bij haar baby, niet op kantoor.'", "gender_role_enforcement"),
    ("Volgens hem is dat zijn recht als echtgenoot.", "gender_role_enforcement"),
    ("Het kindgebonden budget gaat naar zijn rekening.", "financial_control"),
    ("Haar zoon haalt haar pinpas steeds uit haar tas.", "financial_control"),
    ("'Het is mijn geld,' zegt hij als ze iets wil kopen.", "financial_control"),
]

GUARDED = [
    ("Moet ze van hem om zes uur thuis zijn?", "autonomy_restriction"),
    ("Mw. ontkent dat hij dreigt de IND te bellen.", "jealousy_blackmail"),
    ("Het is niet zo dat ze haar broer niet heeft mogen bellen.", "isolation"),
    ("Ze hoeft niet bang te zijn dat ze de kinderen kwijtraakt.", "child_alienation"),
    ("Heeft hij haar pinpas?", "financial_control"),
    ("Ze heeft haar auto verkocht vanwege de schulden.", "autonomy_restriction"),
    ("Hij controleert haar bankrekening niet, dat doet ze zelf.", "financial_control"),
]


@pytest.mark.parametrize("text,code", PRESENT)
def test_family_found_present(text, code):
    assert code in {s.code for s in screen(text) if s.status == "present"}


@pytest.mark.parametrize("text,code", GUARDED)
def test_guarded_mention_not_present(text, code):
    assert code not in {s.code for s in screen(text) if s.status == "present"}
