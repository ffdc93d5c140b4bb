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
]

STILL_PRESENT = [
    ("Mw. vertelt dat hij elke avond te veel drinkt.", "substance_abuse"),
    ("Ze zegt dat ze bang is als hij dronken thuiskomt.", "substance_abuse"),
    ("De wijkverpleging meldt dat mevrouw doorligwonden heeft die niet verzorgd worden.", "care_withholding"),
    ("De zoon verwaarloost zijn moeder: zij krijgt geen eten en geen medicatie.", "care_withholding"),
]


@pytest.mark.parametrize(("text", "code"), NOT_PRESENT)
def test_not_present(text, code):
    assert code not in _present(text)


@pytest.mark.parametrize(("text", "code"), STILL_PRESENT)
def test_still_present(text, code):
    assert code in _present(text)
