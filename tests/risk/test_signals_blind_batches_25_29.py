"""Session 7: the police and probation registers (verd., betr., vlgs., A/), threats shouted, comparisons with "als",
threats against her and the children (most cases failed before these changes; the others guard them)."""

import pytest

from veilignet.risk.signals import screen, screen_rules


def statuses(text, code):
    return {s.status for s in screen(text) if s.code == code}


@pytest.mark.parametrize(("text", "code"), [
    # his denial does not negate what she reports, also in police shorthand
    ("Verd. ontkent dat hij haar gisteren heeft geslagen.", "recent_violence"),
    ("Betr. ontkende haar ooit te hebben geduwd.", "recent_violence"),
    ("Justitiabele ontkent dat hij haar heeft geschopt, zij heeft een blauw oog.", "recent_violence"),
    # what he shouted is a threat made, not an accusation of his
    ("Buren hoorden dat hij riep dat hij haar zou afmaken.", "death_threat"),
    ("Vader roept dat hij mama de volgende keer doodmaakt.", "death_threat"),
    # "vlgs." is "volgens": the sister is the source, not the one it happens to
    ("Vlgs. haar moeder mag mw. haar vriendinnen niet meer zien.", "isolation"),
    # a comparison is no condition
    ("Hij zegt tegen iedereen dat zij zich 'als een hoer' kleedt.", "humiliation"),
    ("Hij vindt dat ze erbij loopt als een slet.", "humiliation"),
    # a threat to kill her and the children threatens the children
    ("Hij schreeuwde door de deur dat hij haar en de kinderen zou vermoorden.", "threat_children_pets"),
    ("Hij appte: 'ik maak jou en je kinderen kapot'.", "threat_children_pets"),
])
def test_registers_and_threats_present(text, code):
    assert "present" in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    # the victim's own denial still negates
    ("Mw. ontkent dat zij is gewurgd.", "strangulation"),
    # "vlgs." of her sister, about the sister's own husband
    ("Vlgs. haar zus wordt de zus zelf door haar eigen man geslagen.", "recent_violence"),
    # his accusation against her stays no event of hers
    ("Hij beweert dat mw. de kinderen verwaarloost.", "care_withholding"),
    # a real condition after "als een"
    ("Als een hulpverlener vraagt of hij haar slaat, ontkent zij alles.", "recent_violence"),
])
def test_registers_and_threats_stay_guarded(text, code):
    assert "present" not in statuses(text, code), screen(text)


def test_children_who_only_watch_are_not_threatened_by_the_rules():
    # the term lists and the children rule; the sentence model may still add the code (it does for this sentence)
    text = "Hij dreigde haar in het bijzijn van de kinderen dood te maken."
    found = {(s.code, s.status) for s in screen_rules(text)}
    assert ("death_threat", "present") in found
    assert ("threat_children_pets", "present") not in found


@pytest.mark.parametrize(("text", "code"), [
    ("Zij durfde waar haar man bij zat niet te vertellen wat er gebeurd was.", "fear_of_partner"),
    ("Ze zegt er niets over tegen de wijkagent, want dan wordt hij woedend.", "fear_of_partner"),
    ("Mw. weet nooit wat hij de volgende keer gaat doen.", "fear_of_partner"),
    ("Haar vriendinnen ziet ze eigenlijk nooit meer sinds ze samenwonen.", "isolation"),
    ("Hij heeft haar uit de familiegroepsapp gegooid.", "isolation"),
    ("Hij houdt vol dat zij de boel door elkaar haalt en dat het nooit zo gegaan is.", "gaslighting"),
    ("Sinds het loonbeslag is de hypotheek drie maanden achterstallig.", "stressors"),
    ("Dhr. heeft sterk het gevoel dat zij een affaire heeft met haar baas.", "jealousy_blackmail"),
    ("Hij kan het niet verdragen dat ze met collega's lacht.", "jealousy_blackmail"),
    ("Mw. krijgt haar insuline al dagen niet meer van hem.", "care_withholding"),
    ("Bij dhr. zijn forse emotieregulatieproblemen vastgesteld.", "personality_problems"),
    ("Eerst bleef het nog bij duwen, nu slaat hij met zijn vuist.", "escalation"),
    ("Hij heeft buiten haar om haar inburgeringscursus stopgezet.", "autonomy_restriction"),
    ("Zij mag van hem nooit alleen de deur uit.", "autonomy_restriction"),
])
def test_session7_families_present(text, code):
    assert "present" in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Ze heeft haar baan zelf opgezegd om voor de kinderen te zorgen.", "autonomy_restriction"),
    ("Hij weet niet wat hij nog moet doen met zijn schulden.", "fear_of_partner"),
    ("Zij heeft het idee dat hij vreemdgaat.", "jealousy_blackmail"),
    ("Er zijn geen achterstallige rekeningen.", "stressors"),
])
def test_session7_families_stay_guarded(text, code):
    assert "present" not in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    # a pet is what the violence was done to
    ("Hij heeft de kat van zijn vriendin gisteren een trap gegeven.", "recent_violence"),
    ("Dhr. heeft de hond van mw. tegen de kast gegooid.", "recent_violence"),
    # (was recent_violence other_person by the vet until session 7: the injury is the dog's)
    ("De dierenarts stelde bij de hond gebroken ribben vast.", "recent_violence"),
    # her skipping a birthday, her pushing him away
    ("Feestjes bij haar ouders slaat ze al maanden over.", "recent_violence"),
    ("Ze probeerde hem van zich af te duwen.", "recent_violence"),
    # violence he threatens is not done
    ("Hij heeft gedreigd haar te wurgen als ze weggaat.", "strangulation"),
    ("Hij dreigde dat hij haar zou slaan.", "recent_violence"),
    # his accusation that she neglects the children
    ("Vader heeft de school gemaild dat moeder de kinderen verwaarloost.", "care_withholding"),
    # an account on her name is no debt; a report taken down is no committal; her own report is no false report
    ("Er is een nepprofiel op haar naam aangemaakt.", "financial_control"),
    ("Zij heeft bij de politie een melding laten opnemen.", "gaslighting"),
    ("Ik heb aangifte gedaan tegen mijn ex-partner.", "third_party_abuse"),
    # another matter, a remission, debts settled
    ("Zij wordt, los van deze zaak, zelf ook door een ex gestalkt.", "stalking"),
    ("Alcoholstoornis, in vroege remissie.", "substance_abuse"),
    ("De schulden zijn inmiddels via de schuldhulp afgewikkeld.", "stressors"),
])
def test_session7_false_positives_gone(text, code):
    assert "present" not in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Hij heeft de hond geschopt en haar daarna geslagen.", "recent_violence"),
    ("Hij heeft de hond van mw. tegen de muur gegooid.", "threat_children_pets"),
    ("Hij slaat haar over haar hoofd met een pan.", "recent_violence"),
    ("Hij heeft twee leningen op haar naam afgesloten.", "financial_control"),
    ("Hij heeft valse aangifte tegen haar gedaan.", "third_party_abuse"),
    ("Er zijn schulden en de huur is niet afbetaald.", "stressors"),
])
def test_session7_false_positive_guards_keep_the_real_ones(text, code):
    assert "present" in statuses(text, code), screen(text)


def test_an_insult_in_his_quoted_words_is_said_whatever_their_condition():
    text = "Zij laat een bericht zien: 'als jij weggaat weet iedereen wat voor slet je bent'."
    assert "present" in statuses(text, "humiliation"), screen(text)
    assert "present" not in statuses("Mocht hij haar ooit een slet noemen, dan belt ze de politie.", "humiliation")


def test_ending_it_all_is_a_suicide_threat():
    text = "Hij heeft gezegd dat hij 'een eind aan alles maakt' als zij weggaat."
    assert "present" in statuses(text, "suicide_threat"), screen(text)
    assert "present" not in statuses("Hij maakte een eind aan alles wat ze had opgebouwd.", "suicide_threat")


@pytest.mark.parametrize(("text", "code"), [
    ("Hij geeft toe dat hij tegen haar heeft gezegd dat hij haar dood maakt.", "death_threat"),
    ("Hij schreeuwde dat hij haar kop in zou trappen.", "death_threat"),
    ("Sinds de aanhouding houdt zij de rolluiken de hele dag dicht.", "fear_of_partner"),
    ("Tijdens het gesprek keek ze telkens naar haar man voordat ze antwoordde.", "fear_of_partner"),
    ("Mw. zat naast hem en zei geen woord.", "fear_of_partner"),
])
def test_session7_threats_and_fear_present(text, code):
    assert "present" in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Mw. is bang voor onweer en slaapt daarom met het licht aan.", "fear_of_partner"),
    ("Hij zei dat hij haar zou slaan als ze wegging.", "recent_violence"),
])
def test_session7_threats_and_fear_guarded(text, code):
    assert "present" not in statuses(text, code), screen(text)


def test_the_reported_past_is_no_threat():
    assert "present" in statuses("Zij zei dat hij haar zou hebben geslagen.", "recent_violence")


@pytest.mark.parametrize(("text", "code"), [
    ("Ze belt vanuit de auto omdat haar ex haar volgt.", "stalking"),
    ("Hij achtervolgde haar met zijn scooter tot aan haar werk.", "stalking"),
    ("Volgens de buren had hij 'een heel kratje' bier op.", "substance_abuse"),
    ("Hij had die avond een fles wodka op.", "substance_abuse"),
    ("Als ze weer met die collega lacht, ja, dan gooi ik een glas naar haar hoofd.", "recent_violence"),
])
def test_session7_following_drinking_throwing(text, code):
    assert "present" in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Moeder zegt geen woord zolang haar zoon erbij is.", "fear_of_partner"),
    ("Zij leeft in angst voor zijn volgende woedeaanval.", "fear_of_partner"),
    ("Hij appte: 'jouw hoofd is de volgende'.", "death_threat"),
    ("Hij zei dat hij de hond afmaakt en haar erbij.", "death_threat"),
    ("Zoon houdt haar AOW in 'voor de boodschappen'.", "financial_control"),
    ("Hij pakt haar bankpas af en geeft haar zakgeld.", "financial_control"),
    ("Hij zegt steeds dat ze niks voorstelt.", "humiliation"),
    ("Dhr. heeft een gebrekkige impulsbeheersing.", "personality_problems"),
    ("Hij heeft een forse schuld bij een woekeraar.", "stressors"),
    ("De dreigementen worden met de week grimmiger.", "escalation"),
    ("Mw. vreest oprecht voor haar leven.", "extreme_fear"),
    ("Hij zegt dat hij ervoor zal zorgen dat ze de kinderen nooit meer ziet.", "child_alienation"),
    ("Hij neemt de fiets mee zodat ze niet naar haar zus kan.", "isolation"),
    ("Hij leest 's avonds mee met wie ze appt.", "surveillance"),
    ("Hij verstopt haar puffers als ze ruzie hebben gehad.", "care_withholding"),
    ("Zij mag van hem niet zonder begeleiding naar buiten.", "autonomy_restriction"),
])
def test_session7_batch29_families(text, code):
    assert "present" in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Afspraak met de schuldhulpverlening op dinsdag.", "stressors"),
    ("Haar broer krijgt van zijn vrouw zakgeld.", "financial_control"),
    ("Zij zegt dat de angst voor onweer nooit helemaal weggaat.", "fear_of_partner"),
])
def test_session7_batch29_families_guarded(text, code):
    assert "present" not in statuses(text, code), screen(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Wat veranderd is: vader is sinds de zomer gestopt met gokken.", "substance_abuse"),
    ("Mw. is voorgelicht over de mogelijkheden van een opvanghuis.", "separation"),
    ("Moeder is overbelast en zegt soms 'uit elkaar te barsten'.", "separation"),
])
def test_session7_follow_up_register(text, code):
    assert "present" not in statuses(text, code), screen(text)


def test_what_he_stopped_stays_near():
    assert "present" in statuses("Hij slaat haar nog steeds, al is hij gestopt met drinken.", "recent_violence")
