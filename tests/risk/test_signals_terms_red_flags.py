"""Session 7, helper rf: recall of present signals that were not found at all (fear_of_partner, death_threat,
threat_children_pets, stalking, forced_sex, stressors, pregnancy_violence), as phrasing families, with the guarded
mentions that must not become present. Sentences written for this file, not taken from a corpus."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


def _statuses(text: str, code: str) -> set[str]:
    return {s.status for s in screen(text) if s.code == code}


FOUND = [
    # fear_of_partner: shutting herself in
    ("Sinds de laatste ruzie slaapt mw. met de slaapkamerdeur op slot.", "fear_of_partner"),
    ("Ze zet 's avonds een stoel onder de deurklink van de slaapkamer.", "fear_of_partner"),
    ("Bij zijn woedeaanvallen heb ik me al een paar keer met de baby in de badkamer opgesloten.",
     "fear_of_partner"),
    # the cost of telling, at home
    ("Mw. vraagt nadrukkelijk niets door te geven: 'dan krijg ik het thuis heel zwaar'.", "fear_of_partner"),
    ("Pt. wil geen brief naar huis, want dan wordt het thuis alleen maar erger.", "fear_of_partner"),
    ("'Als hij merkt dat ik met jullie heb gepraat, weet ik niet wat er gebeurt,' zegt cliënte.", "fear_of_partner"),
    # looking to him first, looking behind her
    ("In het gesprek keek mw. bij iedere vraag steeds eerst naar haar man.", "fear_of_partner"),
    ("Sinds hij vrij is kijk ik voortdurend achter me als ik boodschappen doe.", "fear_of_partner"),
    # not daring, the other word order
    ("Cliënte heeft het hele weekend niet durven slapen.", "fear_of_partner"),
    ("Naar de auto lopen na haar dienst? Alleen durf ik niet, zegt ze.", "fear_of_partner"),
    # her reaction when he comes
    ("Toen dhr. de spreekkamer binnenliep kromp mw. ineen.", "fear_of_partner"),
    ("Mw. begon te huilen toen zijn auto de straat in reed.", "fear_of_partner"),
    ("Ze gaat zachter praten zodra ze de voordeur hoort.", "fear_of_partner"),
    ("Oma is bang voor haar eigen kleinzoon, die haar pinpas afpakt.", "fear_of_partner"),
    # death_threat
    ("In de app stond: 'als je aangifte doet, zie je de kinderen niet meer levend terug'.", "death_threat"),
    ("Hij schreef dat ze niet meer levend thuis zou komen als ze naar de politie ging.", "death_threat"),
    ("Zijn voicemail: 'nog even en dan lig jij onder de grond'.", "death_threat"),
    ("Hij zei dat hij afmaakt waar hij mee begonnen is zodra hij haar vindt.", "death_threat"),
    ("Verdachte dreigde dat ze haar volgende verjaardag niet meer zou meemaken.", "death_threat"),
    ("Hij appte: 'jij haalt de zomer niet'.", "death_threat"),
    ("Dhr. zei tegen haar: 'één van ons overleeft dit niet'.", "death_threat"),
    # threat_children_pets
    ("Hij heeft beloofd haar konijn dood te maken als ze aangifte doet.", "threat_children_pets"),
    ("Zijn bericht: 'dan gaat die hond van jou door het raam'.", "threat_children_pets"),
    ("Ze kreeg een foto van een dode hond met haar naam erbij.", "threat_children_pets"),
    # stalking: at her window, the ironic 'toevallig', despite a ban
    ("Hij stond gisteravond weer onder haar slaapkamerraam.", "stalking"),
    ("Hij stond 'toevallig' bij de bakker toen zij daar was.", "stalking"),
    ("Ondanks het straatverbod zag de buurvrouw hem gisteren weer.", "stalking"),
    # forced_sex: going on past her no
    ("Ze vertelt dat hij nooit stopt als ze nee zegt.", "forced_sex"),
    ("Sinds de geboorte dringt hij zich 's nachts steeds aan haar op.", "forced_sex"),
    ("Hij blijft net zo lang aandringen tot ik maar toegeef.", "forced_sex"),
    # stressors: debts and income, a psychiatric illness in the household
    ("Het gezin heeft sinds de zomer een schuldregeling lopen.", "stressors"),
    ("Er ligt beslag op haar uitkering.", "stressors"),
    ("Moeder krijgt de eindjes niet meer aan elkaar geknoopt.", "stressors"),
    ("Dhr. is sinds vorig jaar bij de GGZ bekend met psychoses en slikt zijn medicatie niet.", "stressors"),
    ("Dhr. (41), schizofrenie, woont sinds maart weer thuis.", "stressors"),
]


@pytest.mark.parametrize("text, code", FOUND)
def test_family_found_present(text, code):
    assert code in _present(text)


GUARDED = [
    # negated, hypothetical, another person: not present
    ("Mw. slaapt niet met de slaapkamerdeur op slot, ze voelt zich thuis veilig.", "fear_of_partner"),
    ("Cl. maakt zich zorgen dat hij de kat iets aandoet, maar hij heeft daar nooit mee gedreigd.",
     "threat_children_pets"),
    ("Hij heeft nooit gezegd dat hij haar hond afmaakt.", "threat_children_pets"),
    ("Hij heeft nooit gezegd dat hij afmaakt waar hij mee begonnen is.", "death_threat"),
    ("Hij heeft nooit gezegd dat ze de kinderen niet meer levend terugziet.", "death_threat"),
    ("Mw. zegt dat haar broer de poes van het balkon heeft gegooid.", "threat_children_pets"),
    ("Is de kat ooit van het balkon gegooid?", "threat_children_pets"),
    # not fear: he goes quiet, he locks her room (confinement, not her fear)
    ("Mw. zegt: 'hij wordt gewoon stil als hij boos is'.", "fear_of_partner"),
    ("Haar zoon doet 's nachts haar slaapkamerdeur op slot.", "fear_of_partner"),
    ("Hij belt haar niet meer meerdere keren per dag.", "stalking"),
    ("Of hij ook onder haar raam heeft gestaan, is niet bekend.", "stalking"),
    ("Of hij zich aan haar opdringt als ze slaapt, wil mw. niet zeggen.", "forced_sex"),
    ("Er ligt geen beslag op zijn loon.", "stressors"),
    ("Of er een schuldregeling loopt, is onbekend.", "stressors"),
    ("Haar broer heeft een schuldregeling.", "stressors"),
]


@pytest.mark.parametrize("text, code", GUARDED)
def test_guarded_not_present(text, code):
    assert code not in _present(text)


# pregnancy_violence: she is pregnant now, and the note reports recent violence against her in another sentence
PREGNANT_AND_HIT = [
    "Zwangerschapscontrole 31 wk. Cliënte is moe en gespannen. Ze vertelt dat haar vriend haar afgelopen zondag "
    "tijdens een ruzie over de huur tegen de kast heeft geduwd.",
    "Mw. (26), nu zes maanden zwanger, komt voor bloeddrukcontrole. Zij woont sinds een jaar samen met dhr. en heeft "
    "weinig contact met haar familie. Eergisteren sloeg hij haar met de vlakke hand in het gezicht.",
    "Intake, cl. is 18 weken zwanger van haar eerste kind en werkt in de thuiszorg. Zij heeft een eigen auto, gaat "
    "graag wandelen en ziet haar moeder elke week. Volgens cl. heeft haar partner haar vannacht aan haar haren door "
    "de kamer getrokken.",
]


@pytest.mark.parametrize("text", PREGNANT_AND_HIT)
def test_pregnant_now_and_recent_violence(text):
    assert "pregnancy_violence" in _present(text)


PREGNANT_GUARDED = [
    # the pregnancy and the blow far apart (beyond the span of the term lines), so the note-level rule decides
    # another woman's pregnancy
    "Dhr. vertelt trots dat zijn nieuwe vriendin 20 weken zwanger is. Hij werkt als monteur en heeft een vaste baan, "
    "de huur wordt op tijd betaald en er zijn geen schulden bekend. Vorige week duwde hij zijn ex tegen de muur.",
    "Haar zus is inmiddels zeven maanden zwanger en woont in Utrecht. Mw. werkt drie dagen per week in een bakkerij en "
    "haalt de kinderen zelf van school, haar moeder past soms op. Gisteren heeft dhr. mw. in het gezicht geslagen.",
    # violence before the pregnancy
    "Mw. is nu 24 weken zwanger. Ze werkt als doktersassistente, heeft een goed netwerk en gaat wekelijks naar yoga "
    "met een vriendin uit de buurt, die ook haar eerste kindje verwacht. Hij sloeg haar vaak toen ze nog niet zwanger "
    "was; sindsdien is het rustig.",
    # a past pregnancy
    "Toen mw. 20 weken zwanger was van haar eerste kind, woonde zij nog bij haar ouders in Zwolle. Ze werkt nu als "
    "kapster en de kinderen gaan naar de opvang. Afgelopen weekend heeft haar partner haar tegen de grond geduwd.",
    # a wish, not a pregnancy
    "Mw. wil graag zwanger worden, maar haar partner wil dat niet. Ze werkt als kapster en heeft een goed netwerk, "
    "haar moeder woont om de hoek en komt vaak langs. Gisteren heeft hij haar geslagen.",
    # violence against a child
    "Mw. is 30 weken zwanger van haar derde kind. Ze werkt als kapster en heeft een goed netwerk, haar moeder woont "
    "om de hoek en komt vaak langs. Vader heeft de oudste zoon gisteren een klap gegeven.",
    # pregnant now, violence denied
    "Mw. is 16 weken zwanger. Ze werkt als kapster en heeft een goed netwerk, haar moeder woont om de hoek en komt "
    "vaak langs. Geslagen heeft hij haar nooit, zegt ze.",
]


@pytest.mark.parametrize("text", PREGNANT_GUARDED)
def test_pregnancy_guarded(text):
    assert "pregnancy_violence" not in _present(text)
