"""Session 7, status helper: present mentions that were read with the wrong status (a negation that belongs to the
signal itself or to what he says), and the guarded mentions that must keep theirs."""

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
    ("Zij krijgt van hem alleen eten als hij thuis is.", "body_control"),
    ("Hij zegt dat hij haar kat iets aandoet als ze de kinderen te laat terugbrengt.", "threat_children_pets"),
    ("Hij riep dat hij haar 'zou afmaken' als zij de politie belde.", "death_threat"),
    ("Papa zegt dat als ik het vertel hij mijn konijn doodmaakt.", "threat_children_pets"),
    # "sinds" with a month and year runs up to now
    ("Mw. en dhr. wonen sinds september 2022 gescheiden.", "separation"),
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
]


@pytest.mark.parametrize(("text", "code"), GUARDED)
def test_guarded(text, code):
    assert "present" not in _statuses(text, code)
