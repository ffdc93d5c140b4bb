"""Session 7 round 2 (gb): phrasing families of autonomy_restriction, isolation, surveillance and
financial_control written by enumeration (not fitted to corpus misses) — exits blocked, locked in a room,
transport or sim card taken, not to leave the house, 'a prisoner', no course allowed; visitors not allowed,
relatives blocked ('geblokt') or kept away, made to cut contact, relatives who no longer reach her, nobody
left but him; conversations recorded, a hidden recorder, accounting for where she was, interrogations;
forced loans, nothing bought without his consent, 'ik regel de centen' — and the guarded mentions of those
families that must not come out as present."""

import pytest

from veilignet.risk.signals import screen

PRESENT = [
    ("Hij ging met zijn armen over elkaar voor de uitgang staan en blokkeerde de deur.", "autonomy_restriction"),
    ("Volgens mw. wordt zij door haar man in de badkamer ingesloten als er bezoek komt.", "autonomy_restriction"),
    ("De schoonzoon neemt haar scooter elke dag mee naar zijn werk.", "autonomy_restriction"),
    ("Ze mag van hem de flat niet uit als hij er niet is.", "autonomy_restriction"),
    ("ik voel me een gevangene hier, echt waar", "autonomy_restriction"),
    ("Ze heeft geen taalcursus mogen volgen van haar man.", "autonomy_restriction"),
    ("Hij heeft haar simkaart doorgeknipt.", "autonomy_restriction"),
    ("De fiets van mw. is door hem vastgezet.", "autonomy_restriction"),
    ("Mw. werd door haar partner tegengehouden toen zij naar buiten wilde.", "autonomy_restriction"),
    ("Hij heeft haar hele familie geblokt op Facebook.", "isolation"),
    ("Hij houdt haar bij haar ouders weg.", "isolation"),
    ("Haar vrienden zijn een voor een afgehaakt.", "isolation"),
    ("Hij wil dat ze het contact met haar vriendin verbreekt.", "isolation"),
    ("De ouders van mw. krijgen haar al maanden niet meer aan de telefoon.", "isolation"),
    ("Behalve zijn familie ziet ze eigenlijk niemand meer.", "isolation"),
    ("Elke avond moet ze verantwoorden waar ze is geweest.", "surveillance"),
    ("Hij ondervraagt haar na elk bezoek aan haar moeder.", "surveillance"),
    ("Zodra ze thuis is, vraagt hij haar uit over met wie ze heeft gepraat.", "surveillance"),
    ("Ze werd gedwongen een lening af te sluiten voor zijn auto.", "financial_control"),
    ("Zonder zijn toestemming mag er niets gekocht worden.", "financial_control"),
    ("'Ik regel de centen,' zegt dhr. over de financiën.", "financial_control"),
    ("Mw. moet haar dienstrooster doorsturen naar haar vriend.", "surveillance"),
    ("Mw. werkt in de schoonmaak, maar krijgt er zelf niets van.", "financial_control"),
]

GUARDED = [
    ("Hij heeft haar nooit opgesloten of tegengehouden.", "autonomy_restriction"),
    ("Vraag of zij de woning zonder zijn toestemming mag verlaten.", "autonomy_restriction"),
    ("Zijn eerste vrouw werd door hem in de slaapkamer ingesloten.", "autonomy_restriction"),
    ("Verdachte werd ingesloten in het cellencomplex.", "autonomy_restriction"),
    ("Haar vriendinnen mogen gewoon langskomen, zegt mw.", "isolation"),
    ("Is haar vriendenkring afgehaakt sinds de relatie?", "isolation"),
    ("Haar buurvrouw krijgt haar zus niet meer te spreken sinds die getrouwd is.", "isolation"),
    ("Er zijn geen aanwijzingen dat hij haar gesprekken opneemt.", "surveillance"),
    ("Het verhoor werd met een recorder opgenomen door de politie.", "surveillance"),
    ("Mocht hij haar ondervragen over haar contacten, dan meldt ze dat.", "surveillance"),
    ("Hij heeft nooit geld van haar rekening gehaald.", "financial_control"),
    ("Voor haar paspoort moest ze bij hem smeken.", "financial_control"),
    ("Vraag of zij gedwongen is een lening af te sluiten.", "financial_control"),
    ("Haar zus werd door haar man gedwongen een lening af te sluiten.", "financial_control"),
]


@pytest.mark.parametrize("text,code", PRESENT)
def test_family_found_present(text, code):
    assert code in {s.code for s in screen(text) if s.status == "present"}


@pytest.mark.parametrize("text,code", GUARDED)
def test_guarded_family_not_present(text, code):
    assert code not in {s.code for s in screen(text) if s.status == "present"}
