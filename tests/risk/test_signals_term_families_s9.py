"""Session 9: phrasing families of the term lists (terms_nl.yaml, the lines marked "session 9"), fitted on the misses of
held-out batches 31-34 (their writers' phrasings, generalised to the family). Sentences written for this table, not
taken from a corpus: present cases that failed before their lines, and the readings next to them that must not become
present (someone else's, an animal's, what she does to herself, what he does to her door)."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


PRESENT = [
    # her life, the verb last; believing him capable of it
    ("Cliënte geeft aan dat zij om haar leven vreest sinds hij is vrijgekomen.", "extreme_fear"),
    ("Zij is ervan overtuigd dat hij tot het ergste in staat is.", "extreme_fear"),
    ("Mw. acht hem tot alles in staat.", "extreme_fear"),
    # wringing her neck; taking her with him in his death
    ("Hij riep dat hij haar de nek om zou draaien.", "death_threat"),
    ("'Ik draai je nek om,' appte hij.", "death_threat"),
    ("Hij sms'te: 'Als ik doodga, neem ik jou mee.'", "death_threat"),
    ("Op de stoep schreeuwde hij 'eerst jou, dan mezelf'.", "death_threat"),
    # locking her own door at night
    ("Mw. vertelt dat zij 's nachts haar slaapkamerdeur op slot draait.", "fear_of_partner"),
    # scratching; cutting her in a limb
    ("Volgens dhr. krabde zijn vrouw hem tijdens de ruzie.", "recent_violence"),
    ("Hij heeft haar met een scherf in haar onderarm gesneden.", "recent_violence"),
    # worse by the week
    ("Het schelden en duwen wordt per maand heftiger, zegt mw.", "escalation"),
    # following where she is through a device
    ("Met een app op de tablet van de kinderen ziet hij precies waar zij is.", "surveillance"),
    # getting the children too
    ("Hij schreeuwde dat hij de kinderen ook nog wel te pakken krijgt.", "threat_children_pets"),
    # anyone's depression in treatment; thrown out by the boss
    ("Dhr. is sinds de zomer in behandeling voor een ernstige depressie.", "stressors"),
    ("Sinds zijn werkgever hem eruit heeft gezet zit hij de hele dag thuis.", "stressors"),
    ("Betrokkene toont nauwelijks berouw over wat er is gebeurd.", "personality_problems"),
    # the police register's "aangev." who left; a relation that lasted until a month
    ("Aangev. is in de nacht van 3 op 4 mei met de kinderen naar haar zus gevlucht.", "separation"),
    ("Verd. had tot de zomer een relatie met aangeefster.", "separation"),
    # using her card, taking her pension
    ("De kleinzoon zou haar bankpas gebruiken zonder dat zij het weet.", "financial_control"),
    ("Zoon neemt elke maand haar pensioen op.", "financial_control"),
    # friends turned away; not wanting her to talk with others
    ("Vriendinnen die langskomen worden door hem aan de deur weggestuurd.", "isolation"),
    ("Ze zegt dat hij niet wil dat zij met collega's praat.", "isolation"),
]


GUARDED = [
    # an animal's neck is a threat to the pet, not a death threat to her
    ("Hij dreigde het konijn de nek om te draaien als ze weggaat.", "death_threat"),
    # she or he cuts himself; she cuts herself cooking
    ("Hij had een mes in zijn hand en sneed zich in de arm.", "recent_violence"),
    ("Ze heeft zich gisteren in haar hand gesneden bij het koken.", "recent_violence"),
    # he locks her door: her freedom, not her fear
    ("Vorige week heeft hij haar kamerdeur op slot gedaan.", "fear_of_partner"),
    # she thinks him not capable of it
    ("Mw. acht hem daar niet toe in staat.", "extreme_fear"),
]


@pytest.mark.parametrize(("text", "code"), PRESENT)
def test_session_9_families_present(text, code):
    assert code in _present(text)


@pytest.mark.parametrize(("text", "code"), GUARDED)
def test_session_9_families_guarded(text, code):
    assert code not in _present(text)
