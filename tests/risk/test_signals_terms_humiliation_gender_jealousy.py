"""Session 7 round 2 (gc): phrasing families of humiliation, gender_role_enforcement, jealousy_blackmail and
gaslighting written from the codes' questions (not from corpus misses) — separable and participle forms of
running her down ('kraakt haar af', 'afgezeken', 'maakt haar klein'), passive 'voor ... uitgemaakt', treated
like dirt, 'nergens goed voor', criticism of her looks or cooking, quoted adjective nouns ('die gestoorde');
married off, expected to stay in, 'omdat hij de man is', a wife's duty, long skirts; first-person and
participle accusations of cheating, extortion, images shown to the whole school, her secret told to the
neighbours as leverage; calling her paranoid, talking her into it, 'door elkaar haal', doubting herself — and
guarded mentions of those families that must not come out as present."""

import pytest

from veilignet.risk.signals import screen

PRESENT = [
    ("Haar vriend kraakte haar gisteren weer helemaal af tegenover zijn broers.", "humiliation"),
    ("ik word de hele dag door hem afgezeken", "humiliation"),
    ("Dhr. maakt haar klein waar haar moeder bij is.", "humiliation"),
    ("Zij wordt door hem voor alles wat mooi en lelijk is uitgemaakt.", "humiliation"),
    ("Volgens de dochter wordt moeder door vader als een voetveeg behandeld.", "humiliation"),
    ("Hij behandelt zijn moeder als een stuk vuil.", "humiliation"),
    ("Hij zegt dat ik nergens goed voor ben.", "humiliation"),
    ("Ze kan in zijn ogen niets goed doen.", "humiliation"),
    ("Hij maakt afkeurende opmerkingen over haar kookkunst.", "humiliation"),
    ("Haar jongste zus is vorig jaar uitgehuwelijkt; nu wil haar vader cl. ook uithuwelijken.",
     "gender_role_enforcement"),
    ("Zijn familie verwacht dat mw. binnenblijft nu ze getrouwd is.", "gender_role_enforcement"),
    ("Zij moet zwijgen omdat hij nu eenmaal de man is.", "gender_role_enforcement"),
    ("Koken en poetsen is volgens dhr. de taak van een echtgenote.", "gender_role_enforcement"),
    ("Ze mag van hem alleen wijde kleding dragen.", "gender_role_enforcement"),
    ("hij zegt dat ik vreemdga met de buurman", "jealousy_blackmail"),
    ("Zij is door haar vriend beschuldigd van vreemdgaan met haar baas.", "jealousy_blackmail"),
    ("Cl. wordt door haar ex afgeperst met oude chats.", "jealousy_blackmail"),
    ("Anders laat hij de opname aan haar hele familie zien, zegt mw.", "jealousy_blackmail"),
    ("Als ze weggaat, vertelt hij haar ouders over haar schulden.", "jealousy_blackmail"),
    ("Hij noemt haar overspelig als ze met een collega koffie drinkt.", "jealousy_blackmail"),
    ("Dhr. noemt mw. paranoïde zodra zij hem op zijn leugens wijst.", "gaslighting"),
    ("Ze is door hem jarenlang voor gek versleten.", "gaslighting"),
    ("Zoon praat zijn moeder aan dat zij haar pinpas zelf kwijt heeft gemaakt.", "gaslighting"),
    ("Volgens hem haal ik alles door elkaar.", "gaslighting"),
    ("ik ben echt aan mezelf gaan twijfelen door hem", "gaslighting"),
    ("Hij brandt haar bij iedereen af.", "humiliation"),
    ("Mw. is gisteren door hem uitgekafferd in de supermarkt.", "humiliation"),
    ("Hij praat tegen haar alsof ze een baby is.", "humiliation"),
    ("In zijn appjes heet zij 'die vieze rat'.", "humiliation"),
    ("Zij hoort zich volgens hem naar haar man te voegen.", "gender_role_enforcement"),
    ("Dhr. stond erop dat zij kookt voor zijn hele familie.", "gender_role_enforcement"),
    ("Dhr. verdenkt haar ervan dat ze een verhouding heeft.", "jealousy_blackmail"),
    ("Hij beschuldigt haar dat ze met haar collega naar bed gaat.", "jealousy_blackmail"),
    ("Volgens haar mag ze niet naar een andere man kijken.", "jealousy_blackmail"),
    ("Hij dreigde met het onthullen van haar verleden.", "jealousy_blackmail"),
    ("Hij is ervan overtuigd dat zij hem bedriegt.", "jealousy_blackmail"),
    ("Hij speelt spelletjes met haar hoofd.", "gaslighting"),
    ("Hij brengt haar steeds in de war met zijn verhalen.", "gaslighting"),
    ("Hij houdt tegenover haar vol dat hij niets heeft gezegd.", "gaslighting"),
    ("Hij zegt dat ze niet eens een formulier kan invullen.", "humiliation"),
    ("Volgens hem is zij een mislukt mens.", "humiliation"),
    ("Dhr. zet haar tegenover de buren neer als dom.", "humiliation"),
    ("'Hé vetklep, opschieten,' riep hij naar haar.", "humiliation"),
    ("Er is al iemand voor haar uitgekozen door haar vader.", "gender_role_enforcement"),
    ("Hij wil dat ze bewijst dat ze niks met haar trainer heeft.", "jealousy_blackmail"),
    ("Hij is ervan overtuigd dat elke man achter haar aan zit.", "jealousy_blackmail"),
    ("Hij vroeg geld in ruil voor het wissen van de foto's.", "jealousy_blackmail"),
    ("Na elk feestje volgt een kruisverhoor.", "jealousy_blackmail"),
    ("Hij legt haar woorden in de mond.", "gaslighting"),
    ("Hij houdt vol dat zij het hele gesprek heeft verzonnen.", "gaslighting"),
]

GUARDED = [
    ("Haar zus wordt door haar zwager als een voetveeg behandeld.", "humiliation"),
    ("Hij kraakt haar niet af, zegt mw.", "humiliation"),
    ("Haar nicht werd op haar zestiende uitgehuwelijkt.", "gender_role_enforcement"),
    ("Vraag of hij beweert dat zij vreemdgaat.", "jealousy_blackmail"),
    ("Er is geen sprake van afpersing of chantage.", "jealousy_blackmail"),
    ("Haar vriendin is door haar man voor gek versleten.", "gaslighting"),
    ("Hij heeft haar nooit iets aangepraat, zegt mw.", "gaslighting"),
    ("De vloer kraakt af en toe.", "humiliation"),
    ("Haar zus werd door haar man uitgekafferd.", "humiliation"),
    ("Hij heeft haar familie wijsgemaakt dat zij vreemdgaat.", "gaslighting"),
    ("Geen aanwijzingen dat hij haar in de war brengt.", "gaslighting"),
]


@pytest.mark.parametrize("text,code", PRESENT)
def test_family_found_present(text, code):
    assert code in {s.code for s in screen(text) if s.status == "present"}


@pytest.mark.parametrize("text,code", GUARDED)
def test_guarded_mention_not_present(text, code):
    assert code not in {s.code for s in screen(text) if s.status == "present"}
