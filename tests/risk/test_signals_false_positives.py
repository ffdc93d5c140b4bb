"""Session 7, false positives and leaks: terms that fire on something else, and mentions that are someone else's
(her conduct as he tells it). Each case: the code must not come out present; kept cases must stay present."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


# What he tells about her (drink, drugs, neglect of the children) is no finding about his substance abuse or care
# withholding.
NOT_PRESENT = [
    ("Zijn broer heeft aan de buren verteld dat mevrouw elke avond te veel drinkt.", "substance_abuse"),
    ("Vader schrijft in mails aan de jeugdbeschermer dat moeder de baby verwaarloost.", "care_withholding"),
    ("De ex van cliënte beschuldigt haar tegenover de familie van cocaïnegebruik.", "substance_abuse"),
    ("In de groepsapp zet hij dat zij 'aan de pillen' is en de kinderen verwaarloost.", "care_withholding"),
    ("Vader deed twee meldingen bij VT over moeder (alcoholgebruik, verwaarlozing).", "substance_abuse"),
    ("Vader deed twee meldingen bij VT over moeder (alcoholgebruik, verwaarlozing).", "care_withholding"),
    # a hospital discharge is no job loss
    ("Na de operatie volgt ontslag met krukken en een controle over twee weken.", "stressors"),
    ("De ontslagbrief gaat vandaag naar de huisarts.", "stressors"),
    # her being the breadwinner is no gender role he enforces
    ("Zij is sinds de geboorte de enige kostwinner van het gezin.", "gender_role_enforcement"),
    ("Mevrouw is kostwinner, meneer zorgt voor de kinderen.", "gender_role_enforcement"),
    # what he calls himself is no humiliation of her
    ("De zoon, die zich haar verzorger noemt, doet tijdens het bezoek het woord.", "humiliation"),
    # her own intake of pills is no suicide threat of his
    ("Bij aankomst bleek dat mw. een strip pillen had geslikt.", "suicide_threat"),
    # a negated list goes on after an item with a short exception
    ("Er zijn geen vuurwapens, messen behalve het keukengerei of munitie aangetroffen.", "weapons"),
    # a risk line about another partner than her
    ("Risicofactoren: toegang tot wapens, eerder zwaar geweld tegen een andere partner.", "recent_violence"),
    # she locks herself in: a refuge, no restriction by him
    ("Toen hij begon te schreeuwen heeft zij zich met de baby in het toilet opgesloten.", "autonomy_restriction"),
    ("Ze zegt: 'dan ben ik zo bang dat ik me in de slaapkamer opsluit.'", "autonomy_restriction"),
    # keys hidden to make her doubt herself (gaslighting), not to keep her in
    ("Meneer verstopt haar sleutels en beweert daarna dat ze alles kwijtraakt.", "autonomy_restriction"),
    # a DigiD used for benefits or loans (financial), his own, or her own new one
    ("Hij heeft met haar DigiD leningen afgesloten.", "surveillance"),
    ("Samen met mw. een eigen DigiD aangevraagd.", "surveillance"),
]

STILL_PRESENT = [
    ("Mw. vertelt dat hij elke avond te veel drinkt.", "substance_abuse"),
    ("Ze zegt dat ze bang is als hij dronken thuiskomt.", "substance_abuse"),
    ("De wijkverpleging meldt dat mevrouw doorligwonden heeft die niet verzorgd worden.", "care_withholding"),
    ("De zoon verwaarloost zijn moeder: zij krijgt geen eten en geen medicatie.", "care_withholding"),
    ("Hij is kort na zijn ontslag weer gaan drinken.", "stressors"),
    ("Hij zegt tegen haar: 'ik ben de kostwinner, jij blijft thuis'.", "gender_role_enforcement"),
    ("Hij dreigt een strip pillen in te nemen als zij weggaat.", "suicide_threat"),
    ("Hij noemt haar steeds een domme trut.", "humiliation"),
    ("Risicofactoren: toegang tot wapens, eerder zwaar geweld tegen een andere partner.", "weapons"),
    ("Hij heeft haar vorige week in de kelder opgesloten.", "autonomy_restriction"),
    ("Hij heeft me de hele nacht opgesloten.", "autonomy_restriction"),
    ("Hij verstopt haar sleutels zodat ze het huis niet uit kan.", "autonomy_restriction"),
    ("Hij heeft met haar DigiD haar medisch dossier ingezien.", "surveillance"),
]


@pytest.mark.parametrize(("text", "code"), NOT_PRESENT)
def test_not_present(text, code):
    assert code not in _present(text)


@pytest.mark.parametrize(("text", "code"), STILL_PRESENT)
def test_still_present(text, code):
    assert code in _present(text)


@pytest.mark.parametrize(("text", "code"), [
    # her own password or income is hers (session 7 round 2 leaks)
    ("Mw. heeft een eigen wachtwoord op haar telefoon.", "surveillance"),
    ("Zij beheert tegenwoordig haar eigen inkomen.", "financial_control"),
])
def test_her_own_password_or_income_is_no_control(text, code):
    assert "present" not in {s.status for s in screen(text) if s.code == code}, screen(text)

