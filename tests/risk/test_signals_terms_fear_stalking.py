"""Session 7 round 2, helper ga: phrasing families for fear_of_partner, extreme_fear, stalking and escalation,
written from the codes' questions (not fitted to a corpus), with guarded mentions that must not become present.
Sentences written for this file, not taken from a corpus."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


FOUND = [
    # fear_of_partner: intimidated by him or his presence
    ("Tijdens het intakegesprek was cliënte zichtbaar geïntimideerd door de aanwezigheid van haar man.",
     "fear_of_partner"),
    ("Volgens de wijkagent wordt mw. door haar partner dusdanig geïntimideerd dat zij niets meer zegt.",
     "fear_of_partner"),
    ("Mw. voelt zich sterk bedreigd door haar ex-man, die in dezelfde flat woont.", "fear_of_partner"),
    # 'bang van', on her guard
    ("die vrouw is echt bang van die vent, dat zie je gewoon", "fear_of_partner"),
    ("Moeder is altijd op haar hoede als vader thuiskomt.", "fear_of_partner"),
    # adapting to avoid his anger
    ("Ze kookt wat hij wil en zegt niks, om geen ruzie uit te lokken.", "fear_of_partner"),
    ("Mw. doet alles om hem niet boos te maken, vertelt haar zus.", "fear_of_partner"),
    # silent in his presence
    ("In het bijzijn van haar vriend durfde pt. niets te vertellen over de blauwe plekken.", "fear_of_partner"),
    # extreme_fear: other subjects and objects
    ("Aangeefster verklaarde bang te zijn dat verdachte haar na zijn vrijlating zal vermoorden.", "extreme_fear"),
    ("De zoon is ongerust en bang dat zijn stiefvader zijn moeder op een dag zal doodslaan.", "extreme_fear"),
    ("Ze ligt wakker van de angst dat hij haar iets aan zal doen.", "extreme_fear"),
    ("Mw. vreest dat hij haar ernstig toetakelt als hij het nieuwe adres vindt.", "extreme_fear"),
    ("Ze is bang dat het fout loopt en dat hij haar dan vermoordt.", "extreme_fear"),
    ("Tijdens de worsteling dacht ze echt dat ze dood zou gaan.", "extreme_fear"),
    ("Cl. zegt: 'als ik bij hem blijf, lig ik binnen een jaar onder de grond'.", "extreme_fear"),
    ("Mw. vraagt zich hardop af of ze volgende week nog leeft.", "extreme_fear"),
    # stalking: walking or riding after her, shadowing, spamming, at her door, near her home
    ("Toen ze van de bushalte kwam, liep hij haar na tot aan de flat.", "stalking"),
    ("Volgens de buren schaduwt dhr. haar al weken.", "stalking"),
    ("Ex-partner blijft haar bestoken met appjes en voicemails, ondanks de blokkade.", "stalking"),
    ("hij bleef gisteravond een uur lang op de voordeur bonken", "stalking"),
    ("Zijn busje stond de hele nacht in haar straat geparkeerd.", "stalking"),
    ("Betrokkene werd opnieuw gesignaleerd in de directe nabijheid van de woning van mw.", "stalking"),
    ("Er zaten weer kaarten van hem onder de ruitenwisser van haar auto.", "stalking"),
    # escalation
    ("Het conflict is in de afgelopen weken ernstig geëscaleerd.", "escalation"),
    ("Ze zegt dat het nu vaker gebeurt dan vroeger.", "escalation"),
    ("Dochter merkt dat hij de laatste tijd eerder zijn geduld verliest en feller uithaalt.", "escalation"),
    ("Het aantal politie-inzetten op het adres is dit jaar verdrievoudigd.", "escalation"),
    ("Sinds het ontslag gaat het thuis steeds vaker mis.", "escalation"),
    ("De ruzies worden heviger en langer, aldus de buurman.", "escalation"),
    # second wave: not daring to look up or contradict, keeping quiet, body reactions, his bearing, his moods
    ("Op de vraag wat er gebeurd was, durfde mw. niet naar haar man op te kijken.", "fear_of_partner"),
    ("Zij durft hem al jaren niet tegen te spreken.", "fear_of_partner"),
    ("Cliënte houdt haar mond zodra haar vriend de kamer in komt.", "fear_of_partner"),
    ("Mw. krijgt hartkloppingen zodra zij zijn scooter in de straat hoort.", "fear_of_partner"),
    ("Mw. leek erg onder de indruk van zijn agressieve houding tijdens het gesprek.", "fear_of_partner"),
    ("Moeder raakt in paniek en wordt panisch als vader begint te schreeuwen.", "fear_of_partner"),
    ("Sinds zijn vrijlating voelt zij zich in haar eigen woning niet meer veilig.", "fear_of_partner"),
    ("ze is bang voor elke bui van hem", "fear_of_partner"),
    # extreme_fear, second wave
    ("Mw. heeft het idee dat zij op een dag door hem zal worden vermoord.", "extreme_fear"),
    ("Volgens cliënte is het een kwestie van tijd tot hij haar doodslaat.", "extreme_fear"),
    ("Ze denkt dat hij haar een volgende keer niet meer laat leven.", "extreme_fear"),
    ("Mw. is bang dat hij haar zo toetakelt dat ze het niet navertelt.", "extreme_fear"),
    # stalking, second wave
    ("Ze wordt door haar ex geteisterd met anonieme telefoontjes en mails.", "stalking"),
    ("Hij belde haar zus drie keer om te vragen waar ze nu woont.", "stalking"),
    ("Dhr. heeft zich 's nachts toegang verschaft tot de tuin van aangeefster.", "stalking"),
    ("Vanmiddag stond hij weer onuitgenodigd bij haar op de stoep.", "stalking"),
    # escalation, second wave
    ("Het is binnen een jaar gegaan van schelden tot slaan met een riem.", "escalation"),
    ("Er is een verergering van het geweld te zien sinds hij weer drinkt.", "escalation"),
    ("Het aantal meldingen neemt toe, aldus de wijkagent.", "escalation"),
    ("Zijn dreigementen zijn grimmiger en concreter dan in het voorjaar.", "escalation"),
    # third wave
    ("De kinderen zeggen dat mama heel nerveus is als papa thuis is.", "fear_of_partner"),
    ("Bij hem moet je altijd opletten wat je doet, zegt mw.", "fear_of_partner"),
    ("Zij vertelt dat zij zich in zijn buurt voortdurend geïntimideerd voelt.", "fear_of_partner"),
    ("ik heb zo een schrik van die man", "fear_of_partner"),
    ("Ze zet de tv zachter zodat hij niet ontploft.", "fear_of_partner"),
    ("Aangeefster verklaarde dat zij dacht dat het haar laatste uur was.", "extreme_fear"),
    ("Mw. heeft haar papieren geordend, voor het geval haar wat overkomt.", "extreme_fear"),
    ("Mw. weet zeker dat haar leven in gevaar is zolang hij vrij rondloopt.", "extreme_fear"),
    ("Mw. zegt dat haar ex tot moord in staat is.", "extreme_fear"),
    ("Sinds de scheiding krijgt zij elke week bloemen en kaarten van hem, ook op haar werk.", "stalking"),
    ("Dhr. zocht haar op bij haar vriendin en bleef daar aanbellen.", "stalking"),
    ("Hij volgt de oudste naar school om te achterhalen waar moeder nu woont.", "stalking"),
    ("Hij wordt de laatste tijd heftiger in zijn agressie.", "escalation"),
    ("Volgens de buren is hij nu veel gewelddadiger dan vroeger.", "escalation"),
    ("De geweldsspiraal lijkt niet te stoppen, aldus de casusregisseur.", "escalation"),
    ("De politie kwam dit jaar al voor de vijfde keer op het adres.", "escalation"),
    # fourth wave
    ("Cliënte maakte tijdens het consult een angstige indruk.", "fear_of_partner"),
    ("Als hij thuis is, maakt ze zich zo klein mogelijk.", "fear_of_partner"),
    ("Papa hoeft maar te kijken en mama is stil, zegt de jongen.", "fear_of_partner"),
    ("Ze is bang om haar man te zeggen dat ze een baan heeft gevonden.", "fear_of_partner"),
    ("Mw. houdt serieus rekening met het ergste nu hij vrij is.", "extreme_fear"),
    ("Tijdens de aanval verkeerde zij naar eigen zeggen in doodsnood.", "extreme_fear"),
    ("Volgens de buurman loert hij 's nachts door haar ramen.", "stalking"),
    ("Hij belt haar steeds vanaf een anoniem nummer.", "stalking"),
    ("Er stonden vanochtend zestig gemiste oproepen van hem op haar telefoon.", "stalking"),
    ("Sinds de breuk is hij haar gaan achtervolgen.", "stalking"),
    ("Er is een duidelijk stijgende lijn in het aantal incidenten.", "escalation"),
    ("Hij wordt met de week onvoorspelbaarder.", "escalation"),
]


@pytest.mark.parametrize("text,code", FOUND)
def test_present(text, code):
    assert code in _present(text)


GUARDED = [
    ("Mw. voelt zich niet bedreigd door haar man en wil geen hulp.", "fear_of_partner"),
    ("Haar buurvrouw is bang van haar eigen man, vertelt mw.", "fear_of_partner"),
    ("Mw. denkt niet dat hij haar ooit iets aan zal doen.", "extreme_fear"),
    ("Vraag of zij bang is dat hij haar zal vermoorden.", "extreme_fear"),
    ("Hij is haar niet meer nagelopen sinds het gebiedsverbod.", "stalking"),
    ("Haar vriendin wordt door een ex bestookt met berichten.", "stalking"),
    ("Er is geen sprake van dat het thuis verder is geëscaleerd.", "escalation"),
    ("Mocht het vaker misgaan dan vroeger, dan belt mw. de wijkagent.", "escalation"),
    ("Mw. voelt zich bij haar man wel veilig.", "fear_of_partner"),
    ("Ik schrok toen hij opeens achter me stond, maar het was mijn broer.", "stalking"),
    ("Hij is haar gaan volgen op Instagram.", "stalking"),
    ("Zij heeft het bij de intake niet durven zeggen, uit schaamte.", "fear_of_partner"),
    ("Haar buurvrouw denkt dat haar leven in gevaar is sinds haar man vrijkwam.", "extreme_fear"),
    ("Omdat hij met zelfdoding dreigt, durft zij niet weg te gaan.", "fear_of_partner"),
    ("Haar moeder voelt zich in haar eigen huis niet meer veilig sinds de inbraak.", "fear_of_partner"),
]


@pytest.mark.parametrize("text,code", GUARDED)
def test_guarded(text, code):
    assert code not in _present(text)


def test_threat_about_the_children_is_not_her_fear():
    # 'dan liggen ze onder de grond' about the children stays his threat, not her fear
    found = _present("Hij riep: 'dan liggen ze onder de grond', over de jongens.")
    assert "extreme_fear" not in found
