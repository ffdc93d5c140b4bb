"""Present mentions that were read with the wrong status (a negation that belongs to the signal itself or to what he
says, his denial, her relative as the one who does it, a time clause), and the guarded mentions that must keep theirs
(sessions 7 to 9; session 8's classes come from the leaks and status misses of batches 27, 28 and 30, session 9's from
those of batches 31-34)."""

import pytest

from veilignet.risk.signals import screen, screen_rules


def _statuses(text: str, code: str) -> set[str]:
    return {s.status for s in screen(text) if s.code == code}


def _rule_statuses(text: str, code: str) -> set[str]:
    """The statuses of the term lists and context rules alone, before the sentence model."""
    return {s.status for s in screen_rules(text) if s.code == code}


# A fear that keeps her from something holds a negation of its own ("durf niks", "niet over straat durft"); what he
# says holds his words' negation ("dat mama niet meer van ze houdt"); "hij wil niet dat ik ..." is his will.
PRESENT = [
    ("Sinds die avond durf ik niks meer tegen hem te zeggen.", "fear_of_partner"),
    ("Hij vertelt de kinderen steeds dat mama niet meer van ze houdt.", "child_alienation"),
    ("Papa zegt tegen ons dat mama 'niet goed bij haar hoofd' is.", "child_alienation"),
    ("Hij laat de juf weten dat moeder 'niet voor de kinderen kan zorgen'.", "child_alienation"),
    ("Hij wil niet dat ik mijn pillen van de huisarts slik, die heeft hij weggegooid.", "body_control"),
    ("Hij zegt dat hij 'er niet meer wil zijn' als zij bij hem weggaat.", "suicide_threat"),
    # her own relative who does it to her is the perpetrator of the case, not another person
    ("Haar vader leest al maanden haar berichten.", "surveillance"),
    ("Haar moeder en oom hebben haar paspoort in bewaring genomen.", "autonomy_restriction"),
    # his will is his prohibition
    ("Hij wil niet dat ze een mannelijke tandarts heeft.", "jealousy_blackmail"),
    # who cannot live without her threatens his life
    ("Hij appte dat hij niet zonder haar kan leven en dat hij er dan een eind aan maakt.", "suicide_threat"),
    # "alleen/pas ... als" is a rule he keeps; a condition inside a threat he made is part of the threat
    ("Ze mag pas eten als hij klaar is met eten.", "body_control"),
    ("Hij zegt dat hij haar kat iets aandoet als ze de kinderen te laat terugbrengt.", "threat_children_pets"),
    ("Hij riep dat hij haar 'zou afmaken' als zij de politie belde.", "death_threat"),
    ("Papa zegt dat als ik het vertel hij mijn konijn doodmaakt.", "threat_children_pets"),
    # "sinds" with a month and year runs up to now
    ("Mw. en dhr. wonen sinds september 2022 gescheiden.", "separation"),
    # session 8: his passive denial does not negate her account, in any word order; admitted is not denied
    ("Mw. vertelt dat hij haar sloeg, wat door hem werd ontkend.", "recent_violence"),
    ("Mw. vertelt dat hij haar sloeg; dit wordt door hem ontkend.", "recent_violence"),
    ("Mishandeling ontkend door verdachte.", "recent_violence"),
    ("Mishandeling wordt niet ontkend.", "recent_violence"),
    # ... also when the denial points back: the same words decide who denies as for a topic ("door haar man", "niet")
    ("Mw. vertelt dat hij haar sloeg; dit wordt door haar man ontkend.", "recent_violence"),
    ("Mw. vertelt dat hij haar sloeg; dit wordt niet ontkend.", "recent_violence"),
    # her relative who does it to her, also in what is told ("vertelt dat haar vader ...") and without a possessive
    ("Studente (18) vertelt dat haar vader haar na school ophaalt en controleert met wie ze praat.", "surveillance"),
    ("Zij vertelt dat vader en oudere broer haar sinds de ontdekking van haar vriendje binnenhouden: niet meer naar "
     "school, telefoon ingenomen.", "autonomy_restriction"),
    # not daring to say or go is the fear, not its negation
    ("Dhr. wil eigenlijk uit elkaar maar durft dat niet te zeggen.", "separation"),
    ("Dhr. zegt dat hij nergens meer heen durft.", "fear_of_partner"),
    # a negation of the clause is not about its time: "sinds de scheiding geen contact", also after "dhr." past a comma
    ("Er is geen sprake van stalking, dhr. heeft sinds de scheiding in het voorjaar geen contact meer gezocht.", "separation"),
]


@pytest.mark.parametrize(("text", "code"), PRESENT)
def test_present(text, code):
    assert "present" in _statuses(text, code)


# Guarded: her negation, a denial reported by her, a negation after his words in a contrasted clause.
GUARDED = [
    ("Mw. is niet bang voor hem.", "fear_of_partner"),
    ("Hij heeft de kinderen nooit tegen haar opgezet, zegt mw.", "child_alienation"),
    ("Hij zegt dat hij soms 'ontploft', maar doodsbedreigingen zijn er niet.", "death_threat"),
    ("Mw. zegt dat hij haar nooit uitscheldt of kleineert.", "humiliation"),
    ("Haar broer slaat zijn vrouw.", "recent_violence"),
    ("Haar zus heeft mw. toevertrouwd dat haar man haar telefoon controleert.", "surveillance"),
    ("Haar vader sloeg haar zus met een riem.", "recent_violence"),
    ("In maart 2019 woonden ze gescheiden.", "separation"),
    ("Hij slaat haar niet en hij wil niet dat ze bang is.", "recent_violence"),
    ("Hij heeft nooit gezegd dat hij niet zonder haar kan leven.", "suicide_threat"),
    ("Als hij ooit dreigt de kat iets aan te doen, belt mw. de politie.", "threat_children_pets"),
    # (session 11's model added "dat hij zegt dat hij haar afmaakt" as a death threat here; session 12's does not)
    ("Mw. vreest dat hij zegt dat hij haar afmaakt als zij de politie belt.", "death_threat"),
    # session 8: a witness who never saw it; a topic no one saw; the note's short form of her denial
    ("Melder benadrukt: 'ik heb nooit gezien dat hij haar slaat, dat niet, maar ze is gewoon verdwenen uit ons leven.'",
     "recent_violence"),
    ("Van slaan heeft ze nooit iets gezien of gehoord, vrouw lijkt vrolijk.", "recent_violence"),
    ("Veiligheid besproken: 'hij doet me fysiek niks'; wapens in huis ontkend.", "weapons"),
    ("Wapenbezit ontkend door mw.", "weapons"),
    ("Mw. vertelt dat hij haar sloeg; dit wordt door haar moeder ontkend.", "recent_violence"),
    # violence and death she fears are not done nor threatened
    ("Cl. is bang dat hij haar gaat slaan als hij hoort dat zij zwanger is.", "pregnancy_violence"),
    ("Cl. is bang dat hij haar gaat slaan als hij hoort dat zij zwanger is.", "recent_violence"),
    ("Mw. is bang dat hij haar zal vermoorden nu ze een huisverbod heeft aangevraagd.", "death_threat"),
    ("Zij vreest dat hij haar zal wurgen als ze weggaat.", "strangulation"),
    # with another partner then
    ("Mw. is tijdens haar eerste zwangerschap, toen nog met een andere partner, in haar buik geschopt.", "pregnancy_violence"),
    # her relative is the one it is done to, or the one who does it to another
    ("Mw. vertelt dat haar zus door haar man wordt geslagen.", "recent_violence"),
    ("Mw. vertelt dat haar vader haar moeder thuis in elkaar sloeg.", "recent_violence"),
    ("Cl. meldt dat haar zus tijdens haar zwangerschap door haar zwager werd mishandeld.", "pregnancy_violence"),
    ("Mw. zegt dat haar zus bang is voor haar man.", "fear_of_partner"),
]


@pytest.mark.parametrize(("text", "code"), GUARDED)
def test_guarded(text, code):
    assert "present" not in _statuses(text, code)


# the guarded readings above must not cost the threats and violence that were made or done
@pytest.mark.parametrize(("text", "code"), [
    ("Hij dreigde dat hij haar zou vermoorden.", "death_threat"),
    ("Mw. is bang omdat hij haar gisteren heeft geslagen.", "recent_violence"),
    ("Ze is 20 weken zwanger en hij heeft haar gisteren in haar buik geschopt.", "pregnancy_violence"),
    ("Mw. is bang, hij heeft gezegd dat hij haar zal vermoorden.", "death_threat"),
])
def test_done_or_threatened_stays_present(text, code):
    assert "present" in _statuses(text, code)


# Session 9 (batches 31-34, then 35-38). Read as present: her no is part of the forced sex; her female partner is not a
# friend; the relative she may not contact is her isolation; a relative who does it to her after "en"; his drinking
# each time; his denial cut off by "maar"; the reporter's own relative is the victim ("melding door zus van mw.": "haar
# zus" is mw.); an audience is no one it happens to; his telling others is told, whatever stands in what he told; a call
# for advice tells what happened; whenever he wants it is no condition; contact cut holds its own negation; a colon that
# opens a quote ends the negation before it.
SESSION_9_PRESENT = [
    ("Hij heeft haar ondanks haar nee op bed gedrukt en seks met haar gehad.", "forced_sex"),
    ("Zijn vriend is vorig weekend doorgegaan met de seks terwijl hij duidelijk 'nee' had gezegd.", "forced_sex"),
    # session 11: the first stacker gave it 0.44 and dropped the rules' present flag ("haar vriendin" mostly a friend in
    # the notes it learnt from); the training notes on other people's stories (train_s11_others) taught it the partner.
    # Session 13's stacker (25,485 entries, more notes where "haar vriendin" is a friend) drops it again (0.14 for the
    # sentence's status column); session 14's (27,995 entries, with a writer on notes that tell more than one person's
    # story) reads it again. It flips with the training files: an open weakness for same-sex couples. Session 15's (31,355
    # entries) drops it again: a strict xfail until a model reads it.
    pytest.param("Mw. A. heeft een relatie met mw. B. Mw. A. vertelde dat haar vriendin bepaalt wat ze eet.", "body_control",
                 marks=pytest.mark.xfail(strict=True, reason="session 15's stacker reads 'haar vriendin' as a friend here")),
    ("Mw. A. heeft een relatie met mw. B. Mw. A. vertelde dat haar vriendin haar een vet varken noemt.", "humiliation"),
    ("Haar moeder in Polen heeft ze al maanden niet mogen bellen.", "isolation"),
    ("Vader bepaalt dat ze direct naar huis komt, haar broer moet haar ophalen en vader neemt 's avonds haar telefoon door.",
     "surveillance"),
    ("De dochter vertelt dat het vaker gebeurt als hij weer heeft gezopen.", "substance_abuse"),
    ("Dhr. ontkent dat hij mw. slaat, maar de dochter vertelt dat het vaker gebeurt als hij weer heeft gezopen.",
     "substance_abuse"),
    ("Hij ontkent ieder drankgebruik, maar bij aanvang van het gesprek rook ik duidelijk alcohol.", "substance_abuse"),
    ("Anonieme melding door zus van mw. Melder maakt zich zorgen: haar zus mag niet meer naar verjaardagen komen.",
     "isolation"),
    ("Melder, de zoon van aangeefster, verklaarde dat zijn stiefvader zijn moeder al jaren kleineert.", "humiliation"),
    ("Dhr. vertelt dat zijn vrouw hem uitscheldt, ook waar de buren bij staan, en dat zij een mok naar zijn hoofd heeft "
     "gegooid.", "recent_violence"),
    ("Vader heeft ook de mentor gebeld om te vertellen dat moeder 'psychisch in de war' is.", "third_party_abuse"),
    ("Vader heeft per mail aan school gemeld dat moeder drinkt en de kinderen verwaarloost; moeder ontkent dit.",
     "third_party_abuse"),
    ("Adviesgesprek verloskundige: zwangere cliënte (28 wk) met blauwe plekken op haar buik.", "recent_violence"),
    ("Mw. vertelt dat ze met hem naar bed moet als hij dat wil.", "forced_sex"),
    ("Haar vriendinnen komen volgens getuige niet meer over de vloer sinds hij er woont.", "isolation"),
    ("Zij wil geen melding: 'Dan krijg ik het thuis zwaar.'", "fear_of_partner"),
]

SESSION_9_GUARDED = [
    # a no about it still negates
    ("Op de vraag of hij haar tot seks dwingt zegt mw. nee.", "forced_sex"),
    # "haar vriendin" is a friend when nothing tells of a female partner
    ("Mw. vertelt dat haar vriendin door haar man wordt geslagen.", "recent_violence"),
    ("Haar zus mag van haar man niemand zien.", "isolation"),
    # his relatives acting for him stay third parties
    ("Zijn moeder en zussen wachten mw. op na de kerkdienst.", "stalking"),
    # the man of an earlier relation, also as the topic the sentence opens with
    ("Mw. had eerder een relatie met een man die haar meermaals de keel dichtkneep; zij is daar in 2017 weggegaan.",
     "strangulation"),
    ("Over haar eerdere relatie, met de vader van haar oudste zoon, vertelt aangev. dat die haar geregeld verkrachtte.",
     "forced_sex"),
    ("Mw. is eerder getrouwd geweest met een man die haar sloeg.", "recent_violence"),
    # thinking of leaving, an inquiry asked for, nothing of the kind
    ("Mw. wil voorlopig niet scheiden, maar denkt erover na om na de zomer bij haar moeder te gaan wonen.", "separation"),
    ("OvJ verzoekt de reclassering in het advies mee te nemen of verd. via zijn werk toegang heeft tot wapens.", "weapons"),
    ("Volgens de zus is er 'niks met slaan ofzo'.", "recent_violence"),
    # his denial of his own drinking, also where only the model finds it
    ("Dhr. ontkent dat hij drinkt.", "substance_abuse"),
    # her sister's account told by her is her sister's; her phone checked at her request is no surveillance
    ("Haar zus heeft volgens mw. jarenlang klappen gekregen van haar eigen man.", "recent_violence"),
    ("Mw. heeft haar telefoon laten nakijken door de politie; er is niets gevonden.", "surveillance"),
    # a relative of the victim's other than the one the reporter names stays another person
    ("Melding door de zus van mw. Haar moeder wordt door haar vader geslagen.", "recent_violence"),
    ("De buren vertellen dat de buurman zijn vrouw slaat.", "recent_violence"),
    # never told; an instruction; what she fears he will do; her brother's gun; a plan discussed
    ("Hij heeft nooit bij school gemeld dat moeder drinkt.", "third_party_abuse"),
    ("Advies: vraag naar wurging.", "strangulation"),
    ("Zij is er vooral bang voor dat hij de kinderen bij school gaat opwachten.", "stalking"),
    ("Mw.'s broer heeft een vuurwapen, zegt ze, maar haar man kan daar niet bij.", "weapons"),
    ("Besproken dat moeder, mocht het opnieuw gebeuren, met de kinderen naar de opvang kan.", "separation"),
]


@pytest.mark.parametrize(("text", "code"), SESSION_9_PRESENT)
def test_session_9_present(text, code):
    assert "present" in _statuses(text, code)


@pytest.mark.parametrize(("text", "code"), SESSION_9_GUARDED)
def test_session_9_guarded(text, code):
    assert "present" not in _statuses(text, code)


# Session 12 (from the guarded mentions of batches 59-66, the development set): a question still to be asked, the
# professional asking her whether, the second of two questions, alertness to signs; the last item of a denied list; "niet
# in beeld" and "nooit aan te pas gekomen" after the noun. Beside each, the same words that stay present.
SESSION_12_STATUS = [
    ("Bij de risicotaxatie moet nog gevraagd worden naar wurging.", "strangulation", "hypothetical"),
    ("Politie vraagt bij het volgende contact aan mw. of zij bang is dat dhr. haar iets ernstigs zal aandoen.",
     "extreme_fear", "hypothetical"),
    ("Gevraagd wordt wie de financiën beheert, en of er wapens in de schuur liggen.", "weapons", "hypothetical"),
    ("De reclassering let extra op signalen dat hij haar stalkt.", "stalking", "hypothetical"),
    ("Er werden geen petechiën, stemverandering of andere aanwijzingen voor verwurging gevonden.", "strangulation",
     "negated"),
    ("Wapens zijn volgens mw. niet in beeld.", "weapons", "negated"),
    ("Messen of andere wapens zijn er nooit aan te pas gekomen.", "weapons", "negated"),
    # a ban and a what-if are no event
    ("Het OM legt een verbod op het voorhanden hebben van wapens op.", "weapons", "hypothetical"),
    ("Ze schrikt ervan: wat als hij dan een geweer in huis heeft?", "weapons", "hypothetical"),
    # a relative or neighbour with an adjective, a best friend, a niece
    ("Haar jongere zus is na haar scheiding door de familie met de dood bedreigd.", "death_threat", "other_person"),
    ("De wijkagent meldt dat betrokkene ook zijn bejaarde buurvrouw regelmatig uitscheldt.", "humiliation",
     "other_person"),
    ("Een van de vrouwen vertelde dat haar nichtje door haar ex-man wordt achtervolgd.", "stalking", "other_person"),
    ("Mw.'s beste vriend was getrouwd met een vrouw met een narcistische stoornis.", "personality_problems",
     "other_person"),
    ("Haar jongste zus is vorig jaar uitgehuwelijkt.", "gender_role_enforcement", "other_person"),
    # a question not yet asked
    ("Wurging en seksuele dwang zijn nog niet uitgevraagd; dit moet in het volgende gesprek gevraagd worden.",
     "strangulation", "hypothetical"),
]
SESSION_12_PRESENT = [
    ("Hij heeft haar gewurgd; wie dat gezien heeft moet nog gevraagd worden.", "strangulation"),
    ("Hij sloeg haar gisteren, en of dat vaker gebeurt is onbekend.", "recent_violence"),
    ("Wel blauwe plekken in de hals en andere aanwijzingen voor verwurging.", "strangulation"),
    ("Hij heeft een vuurwapen in huis; dat is bij de politie in beeld.", "weapons"),
    ("Ondanks het verbod op contact stuurt hij haar dagelijks berichten en staat hij bij haar werk.", "stalking"),
    ("Hij scheldt haar uit waar zijn buurman bij staat.", "humiliation"),
    # her own father acting on her is her own case
    ("Haar jongste zus is vorig jaar uitgehuwelijkt; nu wil haar vader cl. ook uithuwelijken.", "gender_role_enforcement"),
    ("Hij schopte haar tegen de deur.", "recent_violence"),
    ("Hij appte dat hij haar kapotmaakt als ze aangifte doet.", "death_threat"),
    ("Hij dreigde de hond en haar te vermoorden.", "death_threat"),
    ("Hij stuurt haar dagelijks berichten.", "stalking"),
    # a threat to kill without the word
    ("Gisteren appte hij: 'ik rijd met ze de dijk af, dan heb je niemand meer.'", "death_threat"),
    ("'Als jij naar de rechter stapt, zet ik ze op de achterbank en rij ik tegen een boom.'", "death_threat"),
    ("'Als jij niet terugkomt, zie je die kinderen nooit meer levend.'", "death_threat"),
    ("Hij schreef: 'Jij gaat nergens anders wonen dan onder de grond.'", "death_threat"),
    ("Ze krijgt berichten als 'ik weet waar je slaapt, een kogel is zo geregeld'.", "death_threat"),
    ("'Als jij de kinderen van me afpakt, dan zorg ik dat je het niet overleeft.'", "death_threat"),
    ("Dhr. mailde dat hij 'er een einde aan maakt en haar meeneemt' als zijn vrouw doorzet.", "death_threat"),
    # cut off from her family
    ("Mw. B. sneed haar tijdens de relatie stelselmatig af van haar familie en vriendinnen.", "isolation"),
    ("Ze moet toestemming vragen om naar haar eigen moeder te gaan.", "isolation"),
    # her residence permit as the lever, jealous accusations
    ("Hij zegt dat hij haar terugstuurt als zij erover praat.", "jealousy_blackmail"),
    ("Hij dreigt haar terug naar haar land te laten sturen.", "jealousy_blackmail"),
    ("Her permit depends on him and he says: 'one call and you are deported.'", "jealousy_blackmail"),
    ("Hij stompte haar 'omdat het vast niet eens van mij is'.", "jealousy_blackmail"),
    ("Hij stuurt berichten als 'je hebt vast al een ander, hè'.", "jealousy_blackmail"),
    # the threat to have the children taken, telling a child the other parent lies or does not want them
    ("Hij zei bij de overdracht van de kinderen: 'ik zorg dat jij ze kwijtraakt.'", "child_alienation"),
    ("'Dan gaat hij weer dreigen dat hij ze via de rechter afpakt.'", "child_alienation"),
    ("Hij riep naar Finn (7) dat 'mama over alles liegt'.", "child_alienation"),
    ("Max zegt: 'Mama zegt dat papa ons niet meer wil, maar papa belt elke avond.'", "child_alienation"),
    # her job given up at his insistence, home straight after work, locked in from outside
    ("Haar baan heeft ze op zijn aandringen opgezegd.", "autonomy_restriction"),
    ("Ze moet na haar dienst 'meteen thuis' zijn, anders krijgt ze 'gedonder'.", "autonomy_restriction"),
    ("Cl. vertelde dat haar vriend verbiedt dat ze nog gaat sporten.", "autonomy_restriction"),
    ("Bij de laatste drie bezoeken zat de slaapkamerdeur van buitenaf op slot.", "autonomy_restriction"),
    ("Dhr. vertelt dat zijn vriendin hem verbiedt om naar zijn vrienden te gaan.", "autonomy_restriction"),
    ("Hij neemt de auto mee zodat zij niet naar de nacontrole kan.", "autonomy_restriction"),
    ("Na een eetbui heeft hij haar vorige maand een nacht op het balkon buitengesloten.", "autonomy_restriction"),
    ("Hij heeft haar gestraft door haar buiten te zetten zonder jas en sleutels.", "autonomy_restriction"),
    # alternatives that ended in white space before a word could not match (the line is closed by (?!\w))
    ("Hij staat te wachten tot ze naar buiten komt.", "stalking"),
    ("Cl. kreeg alleen eten als hij klaar was.", "care_withholding"),
    # off sick, a reorganisation, a carer who cannot go on, bills left unpaid
    ("Beller slaapt slecht en heeft zich ziekgemeld van zijn werk.", "stressors"),
    ("Moeder vertelde dat hij 'sinds de reorganisatie' elke avond drinkt.", "stressors"),
    ("Dhr. is enige mantelzorger en zegt zelf 'ik kan niet meer'.", "stressors"),
    ("Ze is moe van de ruzies over de rekeningen die blijven liggen.", "stressors"),
    # money taken out of her hands
    ("Ook heeft partner de toegang tot hun gezamenlijke rekening veranderd, zodat dhr. er niet meer bij kan.",
     "financial_control"),
    ("Zijn dochter had hem geslagen en wilde zijn pinpas niet terug geven.", "financial_control"),
    ("Zij vertelt dat haar AOW-pas door de zoon wordt bewaard.", "financial_control"),
    ("Het loon van haar parttime schoonmaakbaan gaat direct naar zijn rekening.", "financial_control"),
    ("Partner bepaalt wanneer A. zijn zakgeld krijgt.", "financial_control"),
    ("Hij beheert haar salaris.", "financial_control"),
    ("Hij heeft haar gewurgd; de kinderen zijn nog niet uitgevraagd.", "strangulation"),
    # his threat to her pet
    ("'Geef die pas of ik trap die kat van je de trap af.'", "threat_children_pets"),
    ("Hij riep dat hij 'die kutkat van je door de shredder haalt' als zij nog één keer appt.", "threat_children_pets"),
    # her certainty in quotes is her fear
    ("Ze zei ook dat ze 'zeker weet' dat hij haar de volgende keer doodmaakt.", "extreme_fear"),
]

# kicking a chair or a door is no violence against her
SESSION_12_NOT_FOUND = [
    ("Hij smijt met deuren en schopte vorige maand een stoel door de kamer.", "recent_violence"),
    ("Dhr. schopt de prullenbak om als hij boos is.", "recent_violence"),
    # what she says he wants, ruin through the courts, a threat to an animal, her certainty: no threat to kill her
    ("'Hij wil me kapotmaken via instanties.'", "death_threat"),
    ("Papa zegt dat hij mama kapotmaakt bij de rechtbank.", "death_threat"),
    ("Dhr. dreigt 'dat beest in de vijver te verzuipen' als zij niet doet wat hij zegt.", "death_threat"),
    ("Ze zei ook dat ze 'zeker weet' dat hij haar de volgende keer doodmaakt.", "death_threat"),
    # reading her messages every day is surveillance, not stalking
    ("Hij leest ook dagelijks haar berichten door.", "stalking"),
    # driving along a dike, a suicide threat alone, someone else's fear
    ("Hij reed met de kinderen naar de dijk af om te vissen.", "death_threat"),
    ("'Als je weggaat rij ik tegen een boom.'", "death_threat"),
    ("Hij is bang dat hij het niet overleeft.", "death_threat"),
    ("De afdeling zegt dat hij het formulier terugstuurt.", "jealousy_blackmail"),
    ("Hij zegt dat ze haar telefoon kwijtraakt.", "child_alienation"),
    ("De school zegt dat moeder niet meer wil komen.", "child_alienation"),
    ("Hij kan niet meer lopen sinds zijn val.", "stressors"),
    ("Kort telefonisch contact met mentor: J. is deze week twee dagen ziek gemeld, griep.", "stressors"),
    ("Ze wil haar pinpas niet teruggeven aan de bank.", "financial_control"),
    ("Mw. heeft een eigen bankrekening en beheert zelf haar salaris.", "financial_control"),
    ("De leerling is buitengesloten door klasgenoten.", "autonomy_restriction"),
    ("Het OM verbiedt hem om naar haar woning te gaan.", "autonomy_restriction"),
]


@pytest.mark.parametrize(("text", "code", "status"), SESSION_12_STATUS)
def test_session_12_guarded(text, code, status):
    assert _statuses(text, code) == {status}


@pytest.mark.parametrize(("text", "code"), SESSION_12_PRESENT)
def test_session_12_present(text, code):
    assert "present" in _statuses(text, code)


@pytest.mark.parametrize(("text", "code"), SESSION_12_NOT_FOUND)
def test_session_12_not_found(text, code):
    assert _statuses(text, code) == set()


# Session 13. The second part of an elided compound shares the first part's status, however far the negation stands
# before it; an injury the professional finds fits an accident is no violence (unless an act of violence is reported
# beside it); a gap in a surveillance phrasing does not swallow its negation.
SESSION_13_STATUS = [
    ("Bij geen van beide betrokkenen waren aanwijzingen voor alcohol- of drugsgebruik.", "substance_abuse", "negated"),
    ("Mw. (29) na val met de fiets: schaafwonden li. onderarm, kneuzing li. pols. Letselpatroon past bij het beschreven "
     "valmechanisme.", "recent_violence", "negated"),
    ("Hematoom op de bovenarm. Het letsel past volgens de huisarts bij een val met de fiets.", "recent_violence",
     "negated"),
    # a threat aimed at someone else, told as a correction; a fellow in a course is someone else
    ("Hij heeft het wel eens over doodmaken gehad maar dat ging over zijn baas, niet over mij.", "death_threat",
     "other_person"),
    ("Dhr. vertelt dat een medecursist bij de sollicitatietraining met een blauw oog kwam.", "recent_violence",
     "other_person"),
    # not yet told, a list of questions for the next visit, a plan on what she may report
    ("Betrokkene mw. T. heeft nog niets gezegd over wapens.", "weapons", "hypothetical"),
    ("Vragen of mw. zwanger is, of er in deze of een eerdere zwangerschap geweld is gebruikt.", "recent_violence",
     "hypothetical"),
    ("Nagaan of hij wapens heeft.", "weapons", "hypothetical"),
    ("Als mw. aangeeft dat dhr. haar volgt, adviseren alles te noteren en screenshots te maken.", "stalking",
     "hypothetical"),
]
# an injury the note itself tells as an accident or a sport is not violence (the rules read it negated; in a note of two
# sentences the model's layers may then leave it out)
SESSION_13_NOT_PRESENT = [
    ("Mw. H. (83) is vannacht in de badkamer gevallen; de alarmknop is ingedrukt. Hematoom li heup.", "recent_violence"),
    ("Cl. doet aan kickboksen en komt met blauwe plekken op onderarmen en schenen na het sparren vorige week.",
     "recent_violence"),
]
SESSION_13_PRESENT = [
    # her account of a fall is the classic cover story; the note's own account of an accident or a sport is not
    ("Mw. zegt gevallen te zijn. Hematoom op de bovenarm.", "recent_violence"),
    ("Mw. heeft een hematoom; volgens haar is ze van de trap gevallen.", "recent_violence"),
    ("Hematoom op de bovenarm. Volgens mw. is ze van de trap gevallen.", "recent_violence"),
    # what she says is no plan: "als zij zegt dat ..." tells what she says
    ("Als zij zegt dat hij haar heeft geschopt, noemt hij haar een leugenaar.", "recent_violence"),
    # the injury does not fit the accident, or an act of violence is reported beside it
    ("Mw. zegt gevallen te zijn; het letselpatroon past daar matig bij.", "recent_violence"),
    ("Hematoom op de bovenarm. Mw. zegt gevallen te zijn, het letsel past niet bij een val.", "recent_violence"),
    ("Hij heeft haar geslagen. Het hematoom past volgens haar bij een val, maar de huisarts twijfelt.",
     "recent_violence"),
    ("Hij kijkt elke avond op haar telefoon.", "surveillance"),
]


@pytest.mark.parametrize(("text", "code", "status"), SESSION_13_STATUS)
def test_session_13_guarded(text, code, status):
    assert _statuses(text, code) == {status}


@pytest.mark.parametrize(("text", "code"), SESSION_13_PRESENT)
def test_session_13_present(text, code):
    assert "present" in _statuses(text, code)


@pytest.mark.parametrize(("text", "code"), SESSION_13_NOT_PRESENT)
def test_session_13_not_present(text, code):
    assert "present" not in _statuses(text, code)


def test_session_13_negated_surveillance_is_not_present():
    assert "present" not in _statuses("Hij kijkt niet op haar telefoon en laat haar vrij.", "surveillance")


# Session 14: two households in one note. The reporter tells of another household and calls her own fine: the other
# household's flags are other_person, in the sentence that names it and in the sentence next to it that does not name
# the client. Without the client's own household called fine, or in a sentence about the client, they stay present.
SESSION_14_OTHER_HOUSEHOLD = [
    ("Mw. maakt zich zorgen om de overbuurvrouw: haar man slaat haar. Bij mw. zelf thuis is het rustig, zegt ze.",
     "recent_violence"),
    ("Mw. vertelt over haar buurman, die zijn vrouw opsluit en alles afpakt. In haar eigen huis is het rustig.",
     "autonomy_restriction"),
    ("Melder belt over haar collega, die van haar man niet meer naar haar moeder mag. Met melder zelf gaat het goed.",
     "isolation"),
    ("Meneer vertelt dat zijn zus door haar man wordt uitgescholden voor hoer. Het gaat goed met hem en zijn vrouw.",
     "humiliation"),
    ("Jesse (groep 5) tekende een man die een vrouw schopt. Hij vertelde dat het de buurman en de buurvrouw zijn; bij hen "
     "thuis is het rustig.", "recent_violence"),
    ("De wijkagent hoorde dat dhr. een collega met een mes heeft bedreigd. Richting mw. zijn geen bedreigingen bekend.",
     "weapons"),
    # read after measuring 79-84: more ways to call her own household fine, the sister's husband
    ("Mw. maakt zich zorgen om de buurvrouw. Die wordt door haar man uitgescholden voor hoer. In haar eigen relatie speelt "
     "dat niet.", "humiliation"),
    ("De zwager leest al haar berichten en houdt haar weg bij de familie. Mw. heeft een nieuwe partner met wie het goed "
     "gaat.", "surveillance"),
]
SESSION_14_REPORTERS_OWN = [
    # a reporter who starts on her own partner or relation tells her own story, not the case's
    ("De buurvrouw vertelt over haar eigen man, die haar slaat als hij gedronken heeft.", "recent_violence"),
    ("Tijdens het gesprek begint melder over haar eigen relatie: haar man slaat haar als hij gedronken heeft.",
     "substance_abuse"),
]
SESSION_14_STILL_PRESENT = [
    # the client's own partner is hers
    ("Mw. vertelt over haar eigen man, die haar slaat als hij gedronken heeft.", "recent_violence"),
    # no household called fine: a neighbour may be the case itself
    ("Mw. maakt zich zorgen om de overbuurvrouw: haar man slaat haar.", "recent_violence"),
    # a sentence about the client herself is hers, beside a household called fine
    ("Bij haar zus thuis is het rustig. Mw. vertelt dat dhr. haar gisteren heeft geslagen.", "recent_violence"),
    ("Met de kinderen zelf gaat het goed. Mw. vertelt dat hij haar vorige week heeft geslagen; de buurvrouw belde de politie.",
     "recent_violence"),
]


@pytest.mark.parametrize(("text", "code"), SESSION_14_OTHER_HOUSEHOLD)
def test_session_14_other_household(text, code):
    assert _statuses(text, code) == {"other_person"}
    assert _rule_statuses(text, code) == {"other_person"}  # the rules alone as well


@pytest.mark.parametrize(("text", "code"), SESSION_14_STILL_PRESENT)
def test_session_14_own_household_stays_present(text, code):
    assert "present" in _statuses(text, code)


@pytest.mark.parametrize(("text", "code"), SESSION_14_REPORTERS_OWN)
def test_session_14_reporters_own_story(text, code):
    assert _statuses(text, code) == {"other_person"}


# Session 14: an injury that "past niet bij" the account given keeps standing (the negation is the fit's), for the rules
# alone as well (the stacker read the rules' negated injury as a reason to drop the present one beside it)
SESSION_14_INJURY_FIT_DENIED = [
    "Het letsel past niet bij de uitleg die mw. geeft.",
    "Hematoom op de bovenarm. Mw. zegt gevallen te zijn, het letsel past niet bij een val.",
    "De kneuzingen passen volgens de SEH-arts slecht bij een val van de fiets.",
]


@pytest.mark.parametrize("text", SESSION_14_INJURY_FIT_DENIED)
def test_session_14_injury_that_does_not_fit_the_account_stands(text):
    assert "negated" not in _rule_statuses(text, "recent_violence")
    assert "present" in _statuses(text, "recent_violence")


def test_session_14_no_injury_stays_negated():
    assert _statuses("Er is geen letsel gezien.", "recent_violence") == {"negated"}
    # only an injury word: a denied act stays denied whatever follows
    assert _rule_statuses("Hij heeft haar niet geslagen, past niet bij hem zegt ze.", "recent_violence") == {"negated"}


# Session 14, read after measuring 79-84: his denial that she confirms, or that she never contradicted, is a denial; she
# can still contradict it ("mw. bevestigt dat hij haar sloeg")
SESSION_14_CONFIRMED_DENIAL = [
    ("Dhr. ontkent dat hij de hond ooit heeft geschopt; mw. bevestigt dat hij 'nooit iets met de dieren' doet.",
     "threat_children_pets"),
    ("Betrokkene ontkent dat hij haar heeft gewurgd; mw. heeft daar ook nooit iets over verteld.", "strangulation"),
]
SESSION_14_DENIAL_CONTRADICTED = [
    ("Dhr. ontkent dat hij haar heeft geslagen; mw. bevestigt dat hij haar vorige week sloeg.", "recent_violence"),
    ("Dhr. ontkent dat hij haar heeft gewurgd; mw. verklaart dat hij haar keel dichtkneep tot ze geen lucht kreeg.",
     "strangulation"),
]


@pytest.mark.parametrize(("text", "code"), SESSION_14_CONFIRMED_DENIAL)
def test_session_14_denial_she_confirms(text, code):
    assert _statuses(text, code) == {"negated"}


@pytest.mark.parametrize(("text", "code"), SESSION_14_DENIAL_CONTRADICTED)
def test_session_14_denial_she_does_not_confirm_stays_present(text, code):
    assert "present" in _statuses(text, code)


# Session 15: a condition on his finding out conditions what he will do, not what he finds out - her separation in that
# dat-clause stands ("als hij ontdekt dat zij in de opvang zit"); a separation that is itself the condition stays
# hypothetical, and so does one she only may want
SESSION_15_FACTIVE_CONDITION = [
    "Ze is ervan overtuigd dat hij haar vermoordt zodra hij hoort dat ze naar de opvang is gevlucht.",
    "Mw. is doodsbang dat hij haar iets aandoet als hij ontdekt dat zij in de opvang zit.",
    "Het wijkteam schat in dat het kan escaleren zodra dhr. hoort dat mw. een echtscheiding heeft aangevraagd.",
    "Mw.: 'Als hij erachter komt dat ik bij hem weg ben, weet ik niet wat hij doet.'",
]
SESSION_15_CONDITION_ITSELF = [
    "Als zij bij hem weggaat, slaat hij haar dood.",
    "Mw. is bang dat hij haar iets aandoet als hij hoort dat zij misschien wil scheiden.",
    "Mocht zij de scheiding aanvragen, dan verwacht de wijkagent dat het escaleert.",
]


@pytest.mark.parametrize("text", SESSION_15_FACTIVE_CONDITION)
def test_session_15_what_he_would_find_out_is_present(text):
    assert "present" in _statuses(text, "separation")
    assert "present" in _rule_statuses(text, "separation")  # the rules alone as well


@pytest.mark.parametrize("text", SESSION_15_CONDITION_ITSELF)
def test_session_15_separation_as_the_condition_stays_hypothetical(text):
    assert "present" not in _statuses(text, "separation")


def test_session_15_not_coping_is_no_negation():
    # "het niet meer trekken" is his stress, not its denial; a plain denial of stress still negates
    assert "present" in _statuses("Mw. zegt dat hij het sinds zijn ontslag 'niet meer trekt'.", "stressors")
    assert _statuses("Er zijn geen schulden en dhr. heeft gewoon werk.", "stressors") <= {"negated"}


# Session 15, read after measuring 85-90: an answer she evades leaves the topic asked about open, and a question still to
# be asked is a question; an answer that tells it keeps it present
SESSION_15_OPEN_QUESTION = [
    ("Gevraagd naar wurging zegt ze 'daar wil ik het niet over hebben' en begint ze te trillen.", "strangulation"),
    ("Gevraagd naar wapens haalt ze haar schouders op.", "weapons"),
    ("Gevraagd moet worden of haar vriend haar ooit tot seks heeft gedwongen.", "forced_sex"),
]


@pytest.mark.parametrize(("text", "code"), SESSION_15_OPEN_QUESTION)
def test_session_15_evaded_or_open_question_is_not_present(text, code):
    assert _statuses(text, code) == {"hypothetical"}


def test_session_15_an_answer_that_tells_it_stays_present():
    assert "present" in _statuses("Gevraagd naar wurging zegt ze dat hij haar vorige week bij de keel greep.",
                                  "strangulation")


# Session 15 (read from 79-84): "mijn vriendin" who does something to "me" is her partner, not a friend; a recent time of
# its own after a mention makes it present whatever year came before (not across a new clause); what he said he will do
# is his threat, not her fear; separation told with more words between, or as his moving in with a new partner
SESSION_15_PRESENT = [
    ("Mijn vriendin sluit me op in de slaapkamer als ik 'ongehoorzaam' ben.", "autonomy_restriction"),
    ("Mn vriendin slaat me als ze gedronken heeft.", "recent_violence"),
    ("Van verbale bedreigingen in 2023 naar een mishandeling in januari en een wurging in maart van dit jaar.",
     "strangulation"),
    ("Dhr. (49) wil na 22 jaar huwelijk scheiden.", "separation"),
    ("Mw. vertelt dat dhr. in maart is verhuisd naar zijn nieuwe vriendin in Zwolle.", "separation"),
]
SESSION_15_NOT_PRESENT = [
    ("Mijn vriendin wordt door haar man geslagen.", "recent_violence", {"other_person"}),
    ("In 2015 sloeg hij haar en vorige week dreigde hij haar te vermoorden.", "recent_violence", {"historical"}),
    ("Mw. geeft aan dat ze denkt 'dat hij me ooit doodslaat'.", "death_threat", set()),
]


@pytest.mark.parametrize(("text", "code"), SESSION_15_PRESENT)
def test_session_15_present(text, code):
    assert "present" in _statuses(text, code)


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_15_NOT_PRESENT)
def test_session_15_not_present(text, code, statuses):
    assert _statuses(text, code) == statuses


def test_session_15_term_lists_alone():
    # the term lines themselves, before the model: his words are his threat (a fear line no longer absorbs it), and the
    # wider separation line does not reach across a negation
    assert _rule_statuses("Hij heeft drie weken geleden gezegd dat hij me gaat vermoorden.", "death_threat") == {"present"}
    assert _rule_statuses("Ik weet zeker dat hij me gaat vermoorden.", "extreme_fear") == {"present"}
    assert "present" not in _rule_statuses("Aangeefster wil niet van hem scheiden vanwege de kinderen.", "separation")


# Session 16 (read from 85-90): a saying he denies is no saying ("heeft niets gezegd en heeft nooit gedreigd ..."); a
# negated list goes on past an object of its own ("nooit bij de keel gepakt of haar de adem benomen"); not even one; an
# undecided separation; a topic of its own after a comma takes its negation, and does not pass it back; a passive she
# fears; more than one ex is never the victim of the case
SESSION_16_NOT_PRESENT = [
    ("Volgens aangeefster heeft hij daarbij niets gezegd en heeft hij nooit gedreigd haar te doden.", "death_threat",
     {"negated"}),
    ("Desgevraagd verklaart zij dat hij haar nooit bij de keel heeft gepakt of haar de adem heeft benomen.",
     "strangulation", {"negated"}),
    ("A: Nee, nooit gehad, ik heb niet eens een zakmes.", "weapons", {"negated"}),
    ("Ze heeft nog niet besloten of ze wil scheiden.", "separation", {"hypothetical"}),
    ("Ze is er nog niet uit of ze bij hem weggaat.", "separation", {"hypothetical"}),
    ("De ademtesten waren allemaal negatief, van alcoholgebruik is niets gebleken.", "substance_abuse", {"negated"}),
    ("Een klasgenote vertelt dat S. zei bang te zijn dat zij daar zou worden uitgehuwelijkt.", "gender_role_enforcement",
     {"hypothetical"}),
    ("Zijn huidige vriendin vertelt dat hij jaloers is. Beide ex-partners deden aangifte van mishandeling.",
     "recent_violence", {"other_person"}),
]
SESSION_16_PRESENT = [
    ("Hij slaat haar regelmatig, van wurging is geen sprake.", "recent_violence"),
    ("Hij heeft gezegd dat hij haar zou vermoorden.", "death_threat"),
    ("Ze heeft besloten dat ze wil scheiden.", "separation"),
    ("Ze mag niet eens alleen naar de winkel.", "autonomy_restriction"),
]


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_16_NOT_PRESENT)
def test_session_16_not_present(text, code, statuses):
    assert _rule_statuses(text, code) == statuses
    assert "present" not in _statuses(text, code)


@pytest.mark.parametrize(("text", "code"), SESSION_16_PRESENT)
def test_session_16_present(text, code):
    assert "present" in _rule_statuses(text, code)


# Session 16, read after measuring 91-96: a fear of what her man or "ie" will do is not done; a watch on whether he will
# threaten is a question; a weapon he will buy is none yet; a year long past of a long marriage; his first wife's story
# told at length after her; aloud wondering whether to part
SESSION_16_READ_AFTER = [
    ("Mw. is bang dat haar man weer gaat drinken als hij zijn baan kwijtraakt.", "substance_abuse", {"hypothetical"}),
    ("ik ben zo bang dat ie dan echt gaat slaan, tot nu toe is het alleen schreeuwen", "recent_violence",
     {"hypothetical"}),
    ("mijn vriendin zei dat ik moet opletten of hij gaat dreigen met zelfmoord als ik vertrek.", "suicide_threat",
     {"hypothetical"}),
    ("hij zegt dat ie een pistool gaat kopen als ik niet ophou met zeuren.", "weapons", {"hypothetical"}),
    ("Cl. vertelt dat haar man haar in het eerste huwelijksjaar een keer tegen de muur heeft gedrukt.", "recent_violence",
     {"historical"}),
    ("Zijn eerste vrouw is volgens de schoonzus 'naar Frankrijk gevlucht' nadat hij haar bijna had gewurgd.",
     "strangulation", {"other_person"}),
    ("Dhr. vroeg zich hardop af of uit elkaar gaan de oplossing is.", "separation", {"hypothetical"}),
]


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_16_READ_AFTER)
def test_session_16_read_after_measuring(text, code, statuses):
    assert _rule_statuses(text, code) == statuses


def test_session_16_what_she_fears_is_not_what_he_did():
    # her fear of him stays; a weapon he has bought stays present
    assert "present" in _rule_statuses("Mw. is bang voor haar man sinds hij haar vorige week sloeg.", "fear_of_partner")
    assert _rule_statuses("Hij heeft vorige week een pistool gekocht.", "weapons") == {"present"}


def test_session_16_one_fear_in_a_note():
    # fear for her life is the fear of the note: fear_of_partner is not also present (the writers' guide: one, not both)
    text = "Mw. is doodsbang dat hij haar vermoordt; ze durft niets te zeggen als hij erbij is."
    assert "present" in _statuses(text, "extreme_fear")
    assert "present" not in _statuses(text, "fear_of_partner")
    assert "present" not in _rule_statuses(text, "fear_of_partner")
    # without it, her fear of him stays
    assert _statuses("Ze durft niets te zeggen als hij erbij is.", "fear_of_partner") == {"present"}


# Session 17 (read from 91-96): people's own words. A chat message in lower case has sentences of its own after a full
# stop ("nee dat niet. wel aan mijn haren gesleept"); an "als" clause of hers ends where her main clause starts ("als ik
# aangekomen ben krijg ik een klap": what happens each time); chat spellings are the words they stand for ("nie", "ie",
# "mn", "k"); a blackmail he made holds its condition ("zegt dat hij ze naar mijn baas stuurt als ik het uitmaak")
SESSION_17_PRESENT = [
    ("de vrouw van de chat vroeg of hij me ooit bij mijn keel heeft gepakt. nee dat niet. wel aan mijn haren over de gang "
     "gesleept, vorige week", "recent_violence"),
    ("ik moet van hem elke ochtend op de weegschaal en als ik aangekomen ben krijg ik een klap.", "recent_violence"),
    ("als ik laat thuis ben krijg ik klappen", "recent_violence"),
    ("k ben zo bang dat ie me wat aandoet", "extreme_fear"),
    # a question answered yes is told
    ("Heeft hij u ooit gewurgd? Ja, in maart nog.", "strangulation"),
]
SESSION_17_NOT_PRESENT = [
    ("ik ben nie bang voor hem hoor", "fear_of_partner", {"negated"}),
    # her own condition with her own main clause stays a condition: what she would do if he hit her
    ("als hij me slaat ga ik weg", "recent_violence", {"hypothetical"}),
    ("Wat moet ik doen als hij een mes pakt?", "weapons", {"hypothetical"}),
    # a form's yes or no is no answer
    ("Is er sprake van wurging? Ja/nee", "strangulation", {"hypothetical"}),
]


@pytest.mark.parametrize(("text", "code"), SESSION_17_PRESENT)
def test_session_17_present(text, code):
    assert "present" in _rule_statuses(text, code)


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_17_NOT_PRESENT)
def test_session_17_not_present(text, code, statuses):
    assert _rule_statuses(text, code) == statuses


def test_session_17_a_chat_message_has_sentences():
    from veilignet.risk.signals import sentence_bounds

    text = "ben ik bang voor hem? ja. soms. als hij thuiskomt ga ik opruimen"
    assert [text[a:b].strip() for a, b in sentence_bounds(text)] == [
        "ben ik bang voor hem?", "ja.", "soms.", "als hij thuiskomt ga ik opruimen"]
    # a professional's note does not split before a lower-case word: "dhr." may be any abbreviation
    note = "Mw. vertelt dat hij haar sloeg. dhr. ontkent dat."
    assert len(sentence_bounds(note)) == 1
    # ... nor does a note typed in lower case at an abbreviation of its register
    typed = "pl. trof aang. aan met een bloedneus. verd. was vertrokken."
    assert [typed[a:b].strip() for a, b in sentence_bounds(typed)] == [
        "pl. trof aang. aan met een bloedneus.", "verd. was vertrokken."]


def test_session_17_chat_spelling_keeps_the_original_offsets():
    from veilignet.risk.signals import standard_spelling

    text = "hij leest mn berichten en zegt da ie me kapot maakt als k weg ga"
    standard, starts, ends = standard_spelling(text)
    assert standard == "hij leest mijn berichten en zegt dat hij me kapot maakt als ik weg ga"
    for sig in screen(text):
        assert text[sig.start:sig.end] == sig.text
    threat = [s for s in screen_rules(text) if s.code == "death_threat"]
    assert threat and threat[0].text == "me kapot maakt" and threat[0].status == "present"
    # no chat word, no rewriting; "t/m" and an initial stay as they are
    assert standard_spelling("Van 1 t/m 5 mei, K. de Vries.") is None


def test_session_17_blackmail_he_made_holds_its_condition():
    from veilignet.risk.sentence_model import candidate_status

    text = "hij heeft naaktfoto's van me en zegt dat hij ze naar mijn baas stuurt als ik het uitmaak"
    at = text.index("als ik")
    assert candidate_status(text, (0, len(text)), (at, len(text)), "jealousy_blackmail") == "present"
    # the professional's own condition stays one
    plan = "Mocht hij dreigen de foto's te verspreiden, dan aangifte doen."
    at = plan.index("dreigen")
    assert candidate_status(plan, (0, len(plan)), (at, at + 7), "jealousy_blackmail") == "hypothetical"


def test_session_17_his_angry_question_is_what_he_did():
    from veilignet.risk.sentence_model import candidate_status

    text = ("Hij maakt haar 's nachts wakker voor seks, ook als zij zegt dat ze moe is, en wordt dan boos: 'Waarvoor heb "
            "ik jou dan laten overkomen?'")
    at = text.index("seks")
    assert candidate_status(text, (0, len(text)), (at, at + 4), "forced_sex") == "present"
    # the professional's question stays one
    asked = "Gevraagd of hij haar 's nachts wakker maakt voor seks: 'Gebeurt dat?'"
    at = asked.index("seks")
    assert candidate_status(asked, (0, len(asked)), (at, at + 4), "forced_sex") == "hypothetical"


# Session 17, read after measuring 97-102: his saying denied ("nooit heeft gezegd dat"); a topic after "maar" takes the
# negation that ends its clause; "geen rol speelt"; "dan" inside a condition does not end it; a risk judged real
SESSION_17_READ_AFTER = [
    ("Mw. zegt dat dhr. nooit heeft gezegd dat hij haar zou vermoorden.", "death_threat", {"negated"}),
    ("Hij scheldt, maar slaan doet hij niet, zegt mw.", "recent_violence", {"negated"}),
    ("Mw. zegt dat jaloezie bij hen geen rol speelt.", "jealousy_blackmail", {"negated"}),
    ("Met haar besproken wat ze doet mocht hij dan met de dood dreigen.", "death_threat", {"hypothetical"}),
    ("Als mw. de scheiding doorzet, is het risico reëel dat dhr. zichzelf iets aandoet.", "suicide_threat",
     {"hypothetical"}),
]


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_17_READ_AFTER)
def test_session_17_read_after_measuring(text, code, statuses):
    assert _rule_statuses(text, code) == statuses


def test_session_17_what_the_read_after_classes_leave_present():
    assert _rule_statuses("Ze mag niet werken, maar slaan doet hij wel.", "recent_violence") == {"present"}
    assert _rule_statuses("Hij heeft nooit gezegd dat hij spijt had, hij heeft haar gisteren weer geslagen.",
                          "recent_violence") == {"present"}


def test_session_17_a_fall_the_note_finds_fits_the_injury():
    # her account of a fall that the note weighs and finds fitting explains the injury; her account alone does not
    text = ("Consult jeugdarts, Sem (4 jr), blauwe plek op linkerwang. Moeder verklaart dat Sem op het speelplein van "
            "de glijbaan is gevallen, wat past bij het letsel.")
    assert _rule_statuses(text, "recent_violence") == {"negated"}
    assert "present" not in _statuses(text, "recent_violence")
    cover = "Hematoom op de bovenarm. Volgens mw. is ze van de trap gevallen."
    assert _rule_statuses(cover, "recent_violence") == {"present"}
    assert "present" in _statuses(cover, "recent_violence")


# Session 18 (read from 97-102): a separation told by what follows it, a ban broken, a count of messages, her own
# activities banned, running her down, contact blocked or visitors sent away, her own "no" in her words
SESSION_18_PRESENT = [
    ("Luuk zegt dat papa heel verdrietig is sinds hij niet meer bij ons woont.", "separation"),
    ("Mw. (27) heeft na 4 jaar relatie haar vriend verlaten.", "separation"),
    ("wil je me helpen, ik zoek een opvang voor mij en mijn 2 kinderen", "separation"),
    ("ons Marloes is al een jaar weg bij die gast", "separation"),
    ("Mw. vertelde dat haar ex de deur had ingetrapt, terwijl er een contactverbod tegen hem loopt.", "stalking"),
    ("De toezichthouder heeft een overtreding van het contactverbod gemeld aan het OM.", "stalking"),
    ("Dhr. heeft haar tijdens het huisverbod 60 WhatsApp-berichten gestuurd.", "stalking"),
    ("Dhr. heeft haar moeder gebeld met de boodschap dat hij 'haar heus wel vindt'.", "stalking"),
    ("Sinds hij in februari vrijkwam is hij twee keer gezien bij haar werk.", "stalking"),
    ("Ze mag van hem niet meer mee naar hockey.", "autonomy_restriction"),
    ("Zij mag niet meer alleen naar de bridgeclub.", "autonomy_restriction"),
    ("Zorgen over het voortdurende afkraken en schelden.", "humiliation"),
    ("Zijn vrouw blokkeert zijn contact met zijn zus en vrienden.", "isolation"),
    ("Sinds hij bij haar woont worden haar vriendinnen bij de deur weggestuurd.", "isolation"),
    ("ik mag d'r bijna niet meer zien en als ik haar bel dan neemt hij op, nooit zij zelf", "isolation"),
    # her own no is no negation of what he does
    ("Vader dwingt haar 's nachts tot seks. 'Als ik nee zeg maakt hij de kinderen wakker.'", "forced_sex"),
    ("Hij dwingt haar als hij 's avonds dronken thuiskomt. 'Als ik nee zeg wordt het erger.'", "substance_abuse"),
]
SESSION_18_NOT_PRESENT = [
    # a professional named as the one who asks; what she explains is knowledge, not an event
    ("Jeugdbeschermer vraagt of vader haar sindsdien heeft geduwd of geslagen.", "recent_violence", {"hypothetical"}),
    ("De jeugdbeschermer bespreekt met haar dat geweld tijdens de zwangerschap extra risico geeft.", "pregnancy_violence",
     {"hypothetical"}),
    # a thing in the house he never used on her
    ("wel een heleboel messen in de keuken natuurlijk maar daar heeft hij nooit mee gedreigd", "weapons", {"negated"}),
    # a ban only advised stays advice
    ("Advies aan mw.: mocht hij zich ondanks het contactverbod bij de woning melden, direct 112 bellen.", "stalking",
     {"hypothetical"}),
]


@pytest.mark.parametrize(("text", "code"), SESSION_18_PRESENT)
def test_session_18_present(text, code):
    assert "present" in _rule_statuses(text, code)


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_18_NOT_PRESENT)
def test_session_18_not_present(text, code, statuses):
    assert _rule_statuses(text, code) == statuses


def test_session_18_what_the_new_terms_leave_alone():
    # "vindt je leuk" is no search for her; the contact arrangement alone is not read as a separation (its labels
    # disagree: 189 present against 49 absent over all files, and the administrative notes were false positives)
    assert not _rule_statuses("Hij vindt je wel leuk, zegt hij.", "stalking")
    assert "present" not in _rule_statuses("Overleg met jeugdbescherming over de omgangsregeling staat gepland.",
                                           "separation")
    # her own question still reports what he does ("mw. vraagt of ze gek aan het worden is")
    assert _rule_statuses("Mw. vraagt of het normaal is dat hij haar telefoon elke avond doorzoekt.",
                          "surveillance") == {"present"}


def test_session_18_a_blow_she_tells_in_her_own_chat_words_stays_violence():
    from veilignet.risk.signals import hit_me_in_chat

    text = ("hij heeft nog nooit iets tegen de kinderen gedaan, hij is een goede vader. het gaat alleen tussen ons mis, "
            "hij schopt en slaat mij. en achteraf geen spijt")
    from veilignet.risk.sentence_model import _final_guards

    rules = screen_rules(text)
    violence = [s for s in rules if s.code == "recent_violence" and s.status == "present"]
    assert violence and all(hit_me_in_chat(text, s) for s in violence)
    assert "present" in _statuses(text, "recent_violence")
    # the guard itself: where the model's layers dropped the rules' violence, it comes back (session 18's model no
    # longer drops it on this note, which it learnt from)
    dropped = [s for s in rules if s.code != "recent_violence"]
    assert {s.code for s in _final_guards(text, rules, dropped) if s.status == "present"} == {"recent_violence"}
    # a professional's note is not a chat; another woman's story quoted there stays with the model
    note = "Bij haar eigen ex-man was dat anders: 'hij sloeg me, schold me uit en pakte al mijn geld af'."
    assert not any(hit_me_in_chat(note, s) for s in screen_rules(note) if s.code == "recent_violence")


# Session 18, read after measuring 103-108: a subject talked over with her is no event; his having no view of her money is
# no control of it
SESSION_18_READ_AFTER = [
    ("Seksueel geweld is met mw. besproken. Zij geeft aan dat dit nooit is voorgekomen.", "forced_sex", {"hypothetical"}),
    ("Mw. heeft een eigen rekening en eigen inkomen; dhr. heeft geen inzage in haar geld.", "financial_control", set()),
]


@pytest.mark.parametrize(("text", "code", "statuses"), SESSION_18_READ_AFTER)
def test_session_18_read_after_measuring(text, code, statuses):
    assert _rule_statuses(text, code) == statuses


def test_session_18_what_the_read_after_classes_leave_present():
    assert _rule_statuses("Mw. heeft geen inzage in de rekening; hij beheert alles.", "financial_control") == {"present"}
    assert _rule_statuses("Hij heeft haar gisteren geslagen.", "recent_violence") == {"present"}
