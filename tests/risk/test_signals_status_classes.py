"""Present mentions that were read with the wrong status (a negation that belongs to the signal itself or to what he
says, his denial, her relative as the one who does it, a time clause), and the guarded mentions that must keep theirs
(sessions 7 and 8; session 8's classes come from the leaks and status misses of batches 27, 28 and 30)."""

import pytest

from veilignet.risk.signals import screen


def _statuses(text: str, code: str) -> set[str]:
    return {s.status for s in screen(text) if s.code == code}


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
