"""Session 7: phrasing families of the term lists (terms_nl.yaml, the lines marked "session 7"), one table per code
group: present cases that failed before their lines, and guarded mentions (negated, hypothetical, another person's)
that must not become present. Sentences written for these tables, not taken from a corpus. Round 1 fitted lines on the
misses of held-out batches 21-24 and the training files (coercive control, red flags); round 2 enumerated phrasings per
code group before reading the term lists (fear and stalking, autonomy and isolation, humiliation and gender roles and
jealousy, children and care and threats)."""

import pytest

from veilignet.risk.signals import screen


def _present(text: str) -> set[str]:
    return {s.code for s in screen(text) if s.status == "present"}


COERCIVE_CONTROL = [
    ("Ze moet van hem elke dag om vijf uur thuis zijn.", "autonomy_restriction"),
    ("Om negen uur moet ik binnen zijn, anders is hij woedend.", "autonomy_restriction"),
    ("Cliënte moet na het werk direct naar huis, hij controleert dat.", "autonomy_restriction"),
    ("Mw. mag zonder zijn toestemming niet naar de bibliotheek.", "autonomy_restriction"),
    ("Haar mobiel ligt 's nachts bij hem in de la.", "autonomy_restriction"),
    ("Hij heeft vorig jaar haar scooter verkocht.", "autonomy_restriction"),
    ("Ik mag alleen naar de bakker en terug.", "autonomy_restriction"),
    ("Ze mocht zonder hem de straat niet op.", "autonomy_restriction"),
    ("Mw. heeft haar broer al maanden niet mogen bellen.", "isolation"),
    ("Ze mag niet meer mee lunchen met haar collega's.", "isolation"),
    ("Mijn ouders mogen van hem niet meer bij ons op bezoek komen.", "isolation"),
    ("Hij heeft al haar vriendinnen uit haar contacten gegooid.", "isolation"),
    ("Hij schrijft haar voor hoe lang ze mag douchen.", "body_control"),
    ("Ze mocht van hem de pil niet meer slikken.", "body_control"),
    ("Hij dreigt de IND te bellen als ze niet gehoorzaamt.", "jealousy_blackmail"),
    ("Hij is ervan overtuigd dat zijn vrouw vreemdgaat met de buurman.", "jealousy_blackmail"),
    ("Hij dreigt het naar haar familie te sturen als ze weggaat.", "jealousy_blackmail"),
    ("'Ik ben een walvis,' zegt hij elke ochtend.", "humiliation"),
    ("'Vetzak, ga eens sporten,' riep hij.", "humiliation"),
    ("Hij zegt dat ze de kinderen kwijtraakt als ze weggaat.", "child_alienation"),
    ("'Ga maar, maar de kinderen blijven hier,' zei hij.", "child_alienation"),
    ("Sinds de scheiding stuurt hij berichten; ook appt hij mijn zus en mijn baas dat ik aan de drank ben.",
     "third_party_abuse"),
    ("Hij zegt: 'een moeder hoort bij haar baby, niet op kantoor.'", "gender_role_enforcement"),
    ("Volgens hem is dat zijn recht als echtgenoot.", "gender_role_enforcement"),
    ("Het kindgebonden budget gaat naar zijn rekening.", "financial_control"),
    ("Haar zoon haalt haar pinpas steeds uit haar tas.", "financial_control"),
    ("'Het is mijn geld,' zegt hij als ze iets wil kopen.", "financial_control"),
]

COERCIVE_CONTROL_GUARDED = [
    ("Moet ze van hem om zes uur thuis zijn?", "autonomy_restriction"),
    ("Mw. ontkent dat hij dreigt de IND te bellen.", "jealousy_blackmail"),
    ("Het is niet zo dat ze haar broer niet heeft mogen bellen.", "isolation"),
    ("Ze hoeft niet bang te zijn dat ze de kinderen kwijtraakt.", "child_alienation"),
    ("Heeft hij haar pinpas?", "financial_control"),
    ("Ze heeft haar auto verkocht vanwege de schulden.", "autonomy_restriction"),
    ("Hij controleert haar bankrekening niet, dat doet ze zelf.", "financial_control"),
]

RED_FLAGS = [
    # fear_of_partner: shutting herself in
    ("Sinds de laatste ruzie slaapt mw. met de slaapkamerdeur op slot.", "fear_of_partner"),
    ("Ze zet 's avonds een stoel onder de deurklink van de slaapkamer.", "fear_of_partner"),
    ("Bij zijn woedeaanvallen heb ik me al een paar keer met de baby in de badkamer opgesloten.",
     "fear_of_partner"),
    # the cost of telling, at home
    ("Mw. vraagt nadrukkelijk niets door te geven: 'dan krijg ik het thuis heel zwaar'.", "fear_of_partner"),
    ("Pt. wil geen brief naar huis, want dan wordt het thuis alleen maar erger.", "fear_of_partner"),
    ("'Als hij merkt dat ik met jullie heb gepraat, weet ik niet wat er gebeurt,' zegt cliënte.", "fear_of_partner"),
    # looking to him first, looking behind her
    ("In het gesprek keek mw. bij iedere vraag steeds eerst naar haar man.", "fear_of_partner"),
    ("Sinds hij vrij is kijk ik voortdurend achter me als ik boodschappen doe.", "fear_of_partner"),
    # not daring, the other word order
    ("Cliënte heeft het hele weekend niet durven slapen.", "fear_of_partner"),
    ("Naar de auto lopen na haar dienst? Alleen durf ik niet, zegt ze.", "fear_of_partner"),
    # her reaction when he comes
    ("Toen dhr. de spreekkamer binnenliep kromp mw. ineen.", "fear_of_partner"),
    ("Mw. begon te huilen toen zijn auto de straat in reed.", "fear_of_partner"),
    ("Ze gaat zachter praten zodra ze de voordeur hoort.", "fear_of_partner"),
    ("Oma is bang voor haar eigen kleinzoon, die haar pinpas afpakt.", "fear_of_partner"),
    # death_threat
    ("In de app stond: 'als je aangifte doet, zie je de kinderen niet meer levend terug'.", "death_threat"),
    ("Hij schreef dat ze niet meer levend thuis zou komen als ze naar de politie ging.", "death_threat"),
    ("Zijn voicemail: 'nog even en dan lig jij onder de grond'.", "death_threat"),
    ("Hij zei dat hij afmaakt waar hij mee begonnen is zodra hij haar vindt.", "death_threat"),
    ("Verdachte dreigde dat ze haar volgende verjaardag niet meer zou meemaken.", "death_threat"),
    ("Hij appte: 'jij haalt de zomer niet'.", "death_threat"),
    ("Dhr. zei tegen haar: 'één van ons overleeft dit niet'.", "death_threat"),
    # threat_children_pets
    ("Hij heeft beloofd haar konijn dood te maken als ze aangifte doet.", "threat_children_pets"),
    ("Zijn bericht: 'dan gaat die hond van jou door het raam'.", "threat_children_pets"),
    ("Ze kreeg een foto van een dode hond met haar naam erbij.", "threat_children_pets"),
    # stalking: at her window, the ironic 'toevallig', despite a ban
    ("Hij stond gisteravond weer onder haar slaapkamerraam.", "stalking"),
    ("Hij stond 'toevallig' bij de bakker toen zij daar was.", "stalking"),
    ("Ondanks het straatverbod zag de buurvrouw hem gisteren weer.", "stalking"),
    # forced_sex: going on past her no
    ("Ze vertelt dat hij nooit stopt als ze nee zegt.", "forced_sex"),
    ("Sinds de geboorte dringt hij zich 's nachts steeds aan haar op.", "forced_sex"),
    ("Hij blijft net zo lang aandringen tot ik maar toegeef.", "forced_sex"),
    # stressors: debts and income, a psychiatric illness in the household
    ("Het gezin heeft sinds de zomer een schuldregeling lopen.", "stressors"),
    ("Er ligt beslag op haar uitkering.", "stressors"),
    ("Moeder krijgt de eindjes niet meer aan elkaar geknoopt.", "stressors"),
    ("Dhr. is sinds vorig jaar bij de GGZ bekend met psychoses en slikt zijn medicatie niet.", "stressors"),
    ("Dhr. (41), schizofrenie, woont sinds maart weer thuis.", "stressors"),
]

RED_FLAGS_GUARDED = [
    # negated, hypothetical, another person: not present
    ("Mw. slaapt niet met de slaapkamerdeur op slot, ze voelt zich thuis veilig.", "fear_of_partner"),
    ("Cl. maakt zich zorgen dat hij de kat iets aandoet, maar hij heeft daar nooit mee gedreigd.",
     "threat_children_pets"),
    ("Hij heeft nooit gezegd dat hij haar hond afmaakt.", "threat_children_pets"),
    ("Hij heeft nooit gezegd dat hij afmaakt waar hij mee begonnen is.", "death_threat"),
    ("Hij heeft nooit gezegd dat ze de kinderen niet meer levend terugziet.", "death_threat"),
    ("Mw. zegt dat haar broer de poes van het balkon heeft gegooid.", "threat_children_pets"),
    ("Is de kat ooit van het balkon gegooid?", "threat_children_pets"),
    # not fear: he goes quiet, he locks her room (confinement, not her fear)
    ("Mw. zegt: 'hij wordt gewoon stil als hij boos is'.", "fear_of_partner"),
    # (session 15's model read the locked door as her fear, session 16's did not, session 17's did again, session 18's
    # does not; the rules alone never did)
    ("Haar zoon doet 's nachts haar slaapkamerdeur op slot.", "fear_of_partner"),
    ("Hij belt haar niet meer meerdere keren per dag.", "stalking"),
    ("Of hij ook onder haar raam heeft gestaan, is niet bekend.", "stalking"),
    ("Of hij zich aan haar opdringt als ze slaapt, wil mw. niet zeggen.", "forced_sex"),
    ("Er ligt geen beslag op zijn loon.", "stressors"),
    ("Of er een schuldregeling loopt, is onbekend.", "stressors"),
    ("Haar broer heeft een schuldregeling.", "stressors"),
]

FEAR_STALKING = [
    # fear_of_partner: intimidated by him or his presence
    ("Tijdens het intakegesprek was cliënte zichtbaar geïntimideerd door de aanwezigheid van haar man.",
     "fear_of_partner"),
    ("Volgens de wijkagent wordt mw. door haar partner dusdanig geïntimideerd dat zij niets meer zegt.",
     "fear_of_partner"),
    ("Mw. voelt zich sterk bedreigd door haar ex-man, die in dezelfde flat woont.", "fear_of_partner"),
    # 'bang van', on her guard
    ("die vrouw is echt bang van die vent, dat zie je gewoon", "fear_of_partner"),
    ("Moeder is altijd op haar hoede als vader thuiskomt.", "fear_of_partner"),
    # adapting to avoid his anger
    ("Ze kookt wat hij wil en zegt niks, om geen ruzie uit te lokken.", "fear_of_partner"),
    ("Mw. doet alles om hem niet boos te maken, vertelt haar zus.", "fear_of_partner"),
    # silent in his presence
    ("In het bijzijn van haar vriend durfde pt. niets te vertellen over de blauwe plekken.", "fear_of_partner"),
    # extreme_fear: other subjects and objects
    ("Aangeefster verklaarde bang te zijn dat verdachte haar na zijn vrijlating zal vermoorden.", "extreme_fear"),
    ("De zoon is ongerust en bang dat zijn stiefvader zijn moeder op een dag zal doodslaan.", "extreme_fear"),
    ("Ze ligt wakker van de angst dat hij haar iets aan zal doen.", "extreme_fear"),
    ("Mw. vreest dat hij haar ernstig toetakelt als hij het nieuwe adres vindt.", "extreme_fear"),
    ("Ze is bang dat het fout loopt en dat hij haar dan vermoordt.", "extreme_fear"),
    ("Tijdens de worsteling dacht ze echt dat ze dood zou gaan.", "extreme_fear"),
    ("Cl. zegt: 'als ik bij hem blijf, lig ik binnen een jaar onder de grond'.", "extreme_fear"),
    ("Mw. vraagt zich hardop af of ze volgende week nog leeft.", "extreme_fear"),
    # stalking: walking or riding after her, shadowing, spamming, at her door, near her home
    ("Toen ze van de bushalte kwam, liep hij haar na tot aan de flat.", "stalking"),
    ("Volgens de buren schaduwt dhr. haar al weken.", "stalking"),
    ("Ex-partner blijft haar bestoken met appjes en voicemails, ondanks de blokkade.", "stalking"),
    ("hij bleef gisteravond een uur lang op de voordeur bonken", "stalking"),
    ("Zijn busje stond de hele nacht in haar straat geparkeerd.", "stalking"),
    ("Betrokkene werd opnieuw gesignaleerd in de directe nabijheid van de woning van mw.", "stalking"),
    ("Er zaten weer kaarten van hem onder de ruitenwisser van haar auto.", "stalking"),
    # escalation
    ("Het conflict is in de afgelopen weken ernstig geëscaleerd.", "escalation"),
    ("Ze zegt dat het nu vaker gebeurt dan vroeger.", "escalation"),
    ("Dochter merkt dat hij de laatste tijd eerder zijn geduld verliest en feller uithaalt.", "escalation"),
    ("Het aantal politie-inzetten op het adres is dit jaar verdrievoudigd.", "escalation"),
    ("Sinds het ontslag gaat het thuis steeds vaker mis.", "escalation"),
    ("De ruzies worden heviger en langer, aldus de buurman.", "escalation"),
    # second wave: not daring to look up or contradict, keeping quiet, body reactions, his bearing, his moods
    ("Op de vraag wat er gebeurd was, durfde mw. niet naar haar man op te kijken.", "fear_of_partner"),
    ("Zij durft hem al jaren niet tegen te spreken.", "fear_of_partner"),
    ("Cliënte houdt haar mond zodra haar vriend de kamer in komt.", "fear_of_partner"),
    ("Mw. krijgt hartkloppingen zodra zij zijn scooter in de straat hoort.", "fear_of_partner"),
    ("Mw. leek erg onder de indruk van zijn agressieve houding tijdens het gesprek.", "fear_of_partner"),
    ("Moeder raakt in paniek en wordt panisch als vader begint te schreeuwen.", "fear_of_partner"),
    ("Sinds zijn vrijlating voelt zij zich in haar eigen woning niet meer veilig.", "fear_of_partner"),
    ("ze is bang voor elke bui van hem", "fear_of_partner"),
    # extreme_fear, second wave
    ("Mw. heeft het idee dat zij op een dag door hem zal worden vermoord.", "extreme_fear"),
    ("Volgens cliënte is het een kwestie van tijd tot hij haar doodslaat.", "extreme_fear"),
    ("Ze denkt dat hij haar een volgende keer niet meer laat leven.", "extreme_fear"),
    ("Mw. is bang dat hij haar zo toetakelt dat ze het niet navertelt.", "extreme_fear"),
    # stalking, second wave
    ("Ze wordt door haar ex geteisterd met anonieme telefoontjes en mails.", "stalking"),
    ("Hij belde haar zus drie keer om te vragen waar ze nu woont.", "stalking"),
    ("Dhr. heeft zich 's nachts toegang verschaft tot de tuin van aangeefster.", "stalking"),
    ("Vanmiddag stond hij weer onuitgenodigd bij haar op de stoep.", "stalking"),
    # escalation, second wave
    ("Het is binnen een jaar gegaan van schelden tot slaan met een riem.", "escalation"),
    ("Er is een verergering van het geweld te zien sinds hij weer drinkt.", "escalation"),
    ("Het aantal meldingen neemt toe, aldus de wijkagent.", "escalation"),
    ("Zijn dreigementen zijn grimmiger en concreter dan in het voorjaar.", "escalation"),
    # third wave
    ("De kinderen zeggen dat mama heel nerveus is als papa thuis is.", "fear_of_partner"),
    ("Bij hem moet je altijd opletten wat je doet, zegt mw.", "fear_of_partner"),
    ("Zij vertelt dat zij zich in zijn buurt voortdurend geïntimideerd voelt.", "fear_of_partner"),
    ("ik heb zo een schrik van die man", "fear_of_partner"),
    ("Ze zet de tv zachter zodat hij niet ontploft.", "fear_of_partner"),
    ("Aangeefster verklaarde dat zij dacht dat het haar laatste uur was.", "extreme_fear"),
    ("Mw. heeft haar papieren geordend, voor het geval haar wat overkomt.", "extreme_fear"),
    ("Mw. weet zeker dat haar leven in gevaar is zolang hij vrij rondloopt.", "extreme_fear"),
    ("Mw. zegt dat haar ex tot moord in staat is.", "extreme_fear"),
    ("Sinds de scheiding krijgt zij elke week bloemen en kaarten van hem, ook op haar werk.", "stalking"),
    ("Dhr. zocht haar op bij haar vriendin en bleef daar aanbellen.", "stalking"),
    ("Hij volgt de oudste naar school om te achterhalen waar moeder nu woont.", "stalking"),
    ("Hij wordt de laatste tijd heftiger in zijn agressie.", "escalation"),
    ("Volgens de buren is hij nu veel gewelddadiger dan vroeger.", "escalation"),
    ("De geweldsspiraal lijkt niet te stoppen, aldus de casusregisseur.", "escalation"),
    ("De politie kwam dit jaar al voor de vijfde keer op het adres.", "escalation"),
    # fourth wave
    ("Cliënte maakte tijdens het consult een angstige indruk.", "fear_of_partner"),
    ("Als hij thuis is, maakt ze zich zo klein mogelijk.", "fear_of_partner"),
    ("Papa hoeft maar te kijken en mama is stil, zegt de jongen.", "fear_of_partner"),
    ("Ze is bang om haar man te zeggen dat ze een baan heeft gevonden.", "fear_of_partner"),
    ("Mw. houdt serieus rekening met het ergste nu hij vrij is.", "extreme_fear"),
    ("Tijdens de aanval verkeerde zij naar eigen zeggen in doodsnood.", "extreme_fear"),
    ("Volgens de buurman loert hij 's nachts door haar ramen.", "stalking"),
    ("Hij belt haar steeds vanaf een anoniem nummer.", "stalking"),
    ("Er stonden vanochtend zestig gemiste oproepen van hem op haar telefoon.", "stalking"),
    ("Sinds de breuk is hij haar gaan achtervolgen.", "stalking"),
    ("Er is een duidelijk stijgende lijn in het aantal incidenten.", "escalation"),
    ("Hij wordt met de week onvoorspelbaarder.", "escalation"),
]

FEAR_STALKING_GUARDED = [
    ("Mw. voelt zich niet bedreigd door haar man en wil geen hulp.", "fear_of_partner"),
    ("Haar buurvrouw is bang van haar eigen man, vertelt mw.", "fear_of_partner"),
    ("Mw. denkt niet dat hij haar ooit iets aan zal doen.", "extreme_fear"),
    ("Vraag of zij bang is dat hij haar zal vermoorden.", "extreme_fear"),
    ("Hij is haar niet meer nagelopen sinds het gebiedsverbod.", "stalking"),
    ("Haar vriendin wordt door een ex bestookt met berichten.", "stalking"),
    ("Er is geen sprake van dat het thuis verder is geëscaleerd.", "escalation"),
    ("Mocht het vaker misgaan dan vroeger, dan belt mw. de wijkagent.", "escalation"),
    ("Mw. voelt zich bij haar man wel veilig.", "fear_of_partner"),
    ("Ik schrok toen hij opeens achter me stond, maar het was mijn broer.", "stalking"),
    ("Hij is haar gaan volgen op Instagram.", "stalking"),
    ("Zij heeft het bij de intake niet durven zeggen, uit schaamte.", "fear_of_partner"),
    ("Haar buurvrouw denkt dat haar leven in gevaar is sinds haar man vrijkwam.", "extreme_fear"),
    # an open label dispute from session 9 (the model read not daring to leave because of his suicide threat as her fear
    # of him); session 11's model (19,062 entries) read it as this table does, session 13's (25,485) as her fear again,
    # session 14's (27,995) as this table does: it flips with the training files
    ("Omdat hij met zelfdoding dreigt, durft zij niet weg te gaan.", "fear_of_partner"),
    ("Haar moeder voelt zich in haar eigen huis niet meer veilig sinds de inbraak.", "fear_of_partner"),
]

AUTONOMY_ISOLATION = [
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

AUTONOMY_ISOLATION_GUARDED = [
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

HUMILIATION_GENDER_JEALOUSY = [
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

HUMILIATION_GENDER_JEALOUSY_GUARDED = [
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

CHILDREN_CARE_THREATS = [
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

CHILDREN_CARE_THREATS_GUARDED = [
    ("Hij bemoeit zich niet met wat zij eet of draagt.", "body_control"),
    ("Volgens mw. zet hij de kinderen niet tegen haar op.", "child_alienation"),
    ("Vader ontkent ooit de kinderen te hebben bedreigd.", "threat_children_pets"),
    ("Mw. zit met de kinderen opgesloten in de slaapkamer uit angst.", "threat_children_pets"),
    ("Meneer werd als kind door zijn vader geslagen.", "threat_children_pets"),
    ("Mw. kon na de val niet meer opstaan.", "death_threat"),
    ("Er was geen medische hulp nodig, aldus de ambulance.", "care_withholding"),
    ("Moeder vreest dat hij bij school een verhaal over haar gaat ophangen.", "death_threat"),
]

PRESENT = {"coercive_control": COERCIVE_CONTROL, "red_flags": RED_FLAGS, "fear_stalking": FEAR_STALKING, "autonomy_isolation": AUTONOMY_ISOLATION, "humiliation_gender_jealousy": HUMILIATION_GENDER_JEALOUSY, "children_care_threats": CHILDREN_CARE_THREATS}

GUARDED = {"coercive_control": COERCIVE_CONTROL_GUARDED, "red_flags": RED_FLAGS_GUARDED, "fear_stalking": FEAR_STALKING_GUARDED, "autonomy_isolation": AUTONOMY_ISOLATION_GUARDED, "humiliation_gender_jealousy": HUMILIATION_GENDER_JEALOUSY_GUARDED, "children_care_threats": CHILDREN_CARE_THREATS_GUARDED}



def _cases(tables):
    # (a row may be a pytest.param with marks: an xfail documents an open label dispute)
    return [pytest.param(*getattr(row, "values", row), marks=getattr(row, "marks", ()), id=f"{group}-{i}")
            for group, rows in tables.items() for i, row in enumerate(rows)]


@pytest.mark.parametrize(("text", "code"), _cases(PRESENT))
def test_family_found_present(text, code):
    assert code in _present(text), screen(text)


@pytest.mark.parametrize(("text", "code"), _cases(GUARDED))
def test_guarded_mention_not_present(text, code):
    assert code not in _present(text), screen(text)


# pregnancy_violence: she is pregnant now, and the note reports recent violence against her in another sentence
PREGNANT_AND_HIT = [
    "Zwangerschapscontrole 31 wk. Cliënte is moe en gespannen. Ze vertelt dat haar vriend haar afgelopen zondag "
    "tijdens een ruzie over de huur tegen de kast heeft geduwd.",
    "Mw. (26), nu zes maanden zwanger, komt voor bloeddrukcontrole. Zij woont sinds een jaar samen met dhr. en heeft "
    "weinig contact met haar familie. Eergisteren sloeg hij haar met de vlakke hand in het gezicht.",
    "Intake, cl. is 18 weken zwanger van haar eerste kind en werkt in de thuiszorg. Zij heeft een eigen auto, gaat "
    "graag wandelen en ziet haar moeder elke week. Volgens cl. heeft haar partner haar vannacht aan haar haren door "
    "de kamer getrokken.",
]


@pytest.mark.parametrize("text", PREGNANT_AND_HIT)
def test_pregnant_now_and_recent_violence(text):
    assert "pregnancy_violence" in _present(text)


PREGNANT_GUARDED = [
    # the pregnancy and the blow far apart (beyond the span of the term lines), so the note-level rule decides
    # another woman's pregnancy
    "Dhr. vertelt trots dat zijn nieuwe vriendin 20 weken zwanger is. Hij werkt als monteur en heeft een vaste baan, "
    "de huur wordt op tijd betaald en er zijn geen schulden bekend. Vorige week duwde hij zijn ex tegen de muur.",
    # (session 16's model reads the sister's pregnancy as hers: a strict xfail until a model reads it again; a guard on
    # "zus ... zwanger" would also drop "Mijn vriendin is vijf maanden zwanger en hij heeft haar in haar buik geschopt")
    pytest.param("Haar zus is inmiddels zeven maanden zwanger en woont in Utrecht. Mw. werkt drie dagen per week in een "
                 "bakkerij en haalt de kinderen zelf van school, haar moeder past soms op. Gisteren heeft dhr. mw. in het "
                 "gezicht geslagen.",
                 marks=pytest.mark.xfail(strict=True, reason="session 16's model reads her sister's pregnancy as hers")),
    # violence before the pregnancy
    "Mw. is nu 24 weken zwanger. Ze werkt als doktersassistente, heeft een goed netwerk en gaat wekelijks naar yoga "
    "met een vriendin uit de buurt, die ook haar eerste kindje verwacht. Hij sloeg haar vaak toen ze nog niet zwanger "
    "was; sindsdien is het rustig.",
    # a past pregnancy (session 17's model read it beside the present violence as violence in pregnancy, session 18's
    # does not; no guard on "toen ... zwanger was": it would drop 25 present labels of the 46 notes in batches 1-102 that
    # tell one pregnancy that way)
    "Toen mw. 20 weken zwanger was van haar eerste kind, woonde zij nog bij haar ouders in Zwolle. Ze werkt nu als "
    "kapster en de kinderen gaan naar de opvang. Afgelopen weekend heeft haar partner haar tegen de grond geduwd.",
    # a wish, not a pregnancy
    "Mw. wil graag zwanger worden, maar haar partner wil dat niet. Ze werkt als kapster en heeft een goed netwerk, "
    "haar moeder woont om de hoek en komt vaak langs. Gisteren heeft hij haar geslagen.",
    # violence against a child
    "Mw. is 30 weken zwanger van haar derde kind. Ze werkt als kapster en heeft een goed netwerk, haar moeder woont "
    "om de hoek en komt vaak langs. Vader heeft de oudste zoon gisteren een klap gegeven.",
    # pregnant now, violence denied
    "Mw. is 16 weken zwanger. Ze werkt als kapster en heeft een goed netwerk, haar moeder woont om de hoek en komt "
    "vaak langs. Geslagen heeft hij haar nooit, zegt ze.",
]


@pytest.mark.parametrize("text", PREGNANT_GUARDED)
def test_pregnancy_guarded(text):
    assert "pregnancy_violence" not in _present(text)


def test_threat_about_the_children_is_not_her_fear():
    # 'dan liggen ze onder de grond' about the children stays his threat, not her fear
    found = _present("Hij riep: 'dan liggen ze onder de grond', over de jongens.")
    assert "extreme_fear" not in found


# Session 16 (read from 85-90): the idioms of a threat to kill, in the term lists themselves - a dead woman already,
# stabbing or cutting open (also at a man), paying with her blood, a child thrown from a window, ending it together and
# not alone; not a threat to disfigure, nor a surgeon's cut
DEATH_THREAT_IDIOMS_S16 = [
    "Hij stuurde haar via Snapchat: 'je bent een dooie meid'.",
    "Moeder riep dat ze hem 'kapot zou steken' als hij de kinderen meeneemt.",
    "Thijs zei dat hij hem 'open zou snijden' als hij ooit met iemand over hen praat.",
    "Hij appte: 'ik steek je lek'.",
    "Haar ex-man heeft via haar broer laten weten dat hij haar 'met haar bloed laat betalen' voor de schande.",
    "Yara (4) zegt: 'Papa zegt als mama weggaat dan gooit hij de baby uit het raam.'",
    "Hij zei dat hij 'de geweerkast openmaakt en er een eind aan maakt, en misschien niet alleen voor zichzelf'.",
    "Moeder riep dat zij 'met de kinderen de snelweg opgaat en er samen een eind aan maakt'.",
]


@pytest.mark.parametrize("text", DEATH_THREAT_IDIOMS_S16)
def test_session_16_death_threat_idioms_in_the_term_lists(text):
    from veilignet.risk.signals import screen_rules

    assert "present" in {s.status for s in screen_rules(text) if s.code == "death_threat"}


@pytest.mark.parametrize("text", ["Hij heeft gezegd: 'Ik snij je gezicht open, dan wil niemand je meer.'",
                                  "De chirurg moest de buik open snijden."])
def test_session_16_cutting_open_that_is_no_death_threat(text):
    from veilignet.risk.signals import screen_rules

    assert "death_threat" not in {s.code for s in screen_rules(text)}
