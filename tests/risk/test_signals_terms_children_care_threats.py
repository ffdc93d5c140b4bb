"""Session 7 round 2, helper gd: term families written by enumerating how different writers put child_alienation,
third_party_abuse, care_withholding, body_control, death_threat and threat_children_pets, with the guarded mentions
that must not become present. Sentences written for this file, not taken from a corpus."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


FOUND = [
    # child_alienation: taking the children abroad, keeping them away, using them, making them believe things
    ("Vader heeft aangekondigd dat hij de jongens meeneemt naar Marokko.", "child_alienation"),
    ("Hij houdt de kinderen al twee weken bij haar weg.", "child_alienation"),
    ("ik krijg mijn dochter niet meer te zien van hem", "child_alienation"),
    ("Dhr. gebruikt zijn zoon om mw. te laten weten waar hij is.", "child_alienation"),
    ("De oudste wordt door vader uitgehoord over de nieuwe vriend van moeder.", "child_alienation"),
    ("Hij zet de omgang in als drukmiddel om haar terug te krijgen.", "child_alienation"),
    ("De meiden zijn door hem opgestookt tegen hun moeder.", "child_alienation"),
    ("Vader heeft het kind van de opvang gehaald zonder overleg met moeder.", "child_alienation"),
    # third_party_abuse
    ("Er zijn door hem twee ongegronde zorgmeldingen over mw. gedaan.", "third_party_abuse"),
    ("Dhr. belastert haar bij de buren en in de moskee.", "third_party_abuse"),
    ("Hij stuurde zijn neven om haar bij de bushalte op te wachten en te bedreigen.", "third_party_abuse"),
    ("De hele buurt is door hem tegen haar opgezet.", "third_party_abuse"),
    # care_withholding
    ("Haar man weigert de kapotte rollator van mw. te vervangen.", "care_withholding"),
    ("Na de operatie onthield hij haar de pijnmedicatie.", "care_withholding"),
    ("Volgens de thuiszorg is de verpleging door dhr. de deur gewezen.", "care_withholding"),
    ("Hij stopte met het toedienen van de insuline aan zijn moeder.", "care_withholding"),
    ("De zoon haalt de medicatie van zijn vader al weken niet op bij de apotheek.", "care_withholding"),
    # body_control
    ("Dhr. telt hoeveel mw. per dag eet.", "body_control"),
    ("Haar kleding moet eerst door hem worden goedgekeurd.", "body_control"),
    ("Dhr. hield bij wat mw. at en dronk.", "body_control"),
    ("Hij heeft het spiraaltje laten verwijderen tegen haar wil.", "body_control"),
    # death_threat
    ("Hij stuurde haar een rouwkaart met haar naam.", "death_threat"),
    ("Hij dreigde haar met zijn auto te overrijden.", "death_threat"),
    ("Hij riep dat hij haar van de galerij zou gooien.", "death_threat"),
    ("Dhr. dreigde mw. levend te verbranden.", "death_threat"),
    # threat_children_pets
    ("Hij heeft de cavia van haar dochter doodgeknepen.", "threat_children_pets"),
    ("Het jongetje had een klap van hem gekregen omdat hij te laat was.", "threat_children_pets"),
    ("Hij hield een schaar voor het gezicht richting de kinderen.", "threat_children_pets"),
    ("Hij schudde de huilende baby hard heen en weer.", "threat_children_pets"),
    ("De kleine had blauwe plekken in zijn nek; vader kon dat niet uitleggen.", "threat_children_pets"),
    ("Dhr. trok zijn dochter aan haar oor de kamer uit.", "threat_children_pets"),
    # third own set: the same families in other word orders and with longer gaps
    ("Dhr. weigerde zijn dochter na het weekend terug te geven aan mw.", "child_alienation"),
    ("Hij geeft via zijn zoon briefjes mee voor mw.", "child_alienation"),
    ("Vader heeft gedreigd het hoofdverblijf van de kinderen op te eisen.", "child_alienation"),
    ("Mw. heeft haar insuline al drie dagen niet gehad.", "care_withholding"),
    ("Hij controleert mijn bord elke avond.", "body_control"),
    ("Er lag een kogel in haar brievenbus, met een briefje van hem.", "death_threat"),
    ("Hij gaf het zoontje een flinke schop tegen zijn been.", "threat_children_pets"),
]


@pytest.mark.parametrize("text,code", FOUND)
def test_found_present(text, code):
    assert code in _present(text)


GUARDED = [
    ("Hij bemoeit zich niet met wat zij eet of draagt.", "body_control"),
    ("Volgens mw. zet hij de kinderen niet tegen haar op.", "child_alienation"),
    ("Vader ontkent ooit de kinderen te hebben bedreigd.", "threat_children_pets"),
    ("Mw. zit met de kinderen opgesloten in de slaapkamer uit angst.", "threat_children_pets"),
    ("Meneer werd als kind door zijn vader geslagen.", "threat_children_pets"),
    ("Mw. kon na de val niet meer opstaan.", "death_threat"),
    ("Er was geen medische hulp nodig, aldus de ambulance.", "care_withholding"),
    ("Moeder vreest dat hij bij school een verhaal over haar gaat ophangen.", "death_threat"),
]


@pytest.mark.parametrize("text,code", GUARDED)
def test_guarded_not_present(text, code):
    assert code not in _present(text)
