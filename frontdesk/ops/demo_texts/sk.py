"""Slovak demo conversations (Bratislava)."""

from frontdesk.ops.demo_texts import LanguagePack, Request

R = Request

# Hand-written text tables: keep them compact.
# fmt: off

REQUESTS = (
    R("Blúzka sa po prvom praní rozpadla",
      "Dobrý deň,\n\npred týždňom som si vo vašej predajni na Obchodnej ulici kúpila krémovú "
      "hodvábnu blúzku. Raz som ju oprala na 30 stupňov presne podľa etikety a bočný šev sa "
      "úplne rozpáral. Bloček mám. Môžem ju vymeniť alebo dostať peniaze späť?\n\nĎakujem",
      "Dobrý deň, {first_name},\n\nveľmi nás mrzí, že blúzka nevydržala ani jedno pranie. "
      "Prineste ju, prosím, s bločkom do ktorejkoľvek našej predajne a vymeníme ju alebo vám "
      "vrátime peniaze. Ak je to pre vás jednoduchšie, pošlite fotku švu a pripravím vám "
      "bezplatný štítok na vrátenie.",
      "return", ("kvalita", "oblecenie"), "normal"),
    R("Máte laky na nechty Holo Glow?",
      "Dobrý deň, v sobotu som bola vo vašej predajni v Bratislave, ale laky Holo Glow som "
      "nikde nenašla. Už ich nepredávate? Hľadám odtieň 214.",
      "Dobrý deň, {first_name},\n\nďakujeme za otázku. Laky Holo Glow už v predajniach "
      "nepredávame, odtieň 214 je však stále dostupný v našom e-shope s doručením do dvoch "
      "pracovných dní. Vašu požiadavku som odovzdala aj nákupcovi kozmetiky.",
      "question", ("kozmetika", "sklad"), "low"),
    R("Zelené zavinovacie šaty vo veľkosti 40 potrebujem DNES",
      "Zajtra mám svadbu a objednané zelené zavinovacie šaty prišli omylom vo veľkosti 38. "
      "Je v niektorej bratislavskej predajni veľkosť 40, ktorú by som si mohla vyzdvihnúť "
      "ešte dnes? Prosím o pomoc!",
      "Dobrý deň, {first_name},\n\npozrela som sklad: predajňa na Obchodnej má dvoje zelené "
      "šaty vo veľkosti 40. Jedny vám odložia na vaše meno do 19:00. Vezmite so sebou "
      "veľkosť 38 a na mieste vám ich vymenia.",
      "request", ("oblecenie", "vymena-velkosti"), "urgent"),
    R("Kosačka sa po troch týždňoch pokazila",
      "Benzínová kosačka kúpená v apríli už nenaštartuje. Lanko ťaháme, ale motor nechytí. "
      "Benzín je čerstvý. Záruka ešte platí, čo máme robiť?",
      "Dobrý deň, {first_name},\n\nmrzí nás to. Kosačka je v dvojročnej záruke. Môžeme ju "
      "vyzdvihnúť u vás doma, alebo ju môžete priniesť na servisný pult v predajni. Pošlite, "
      "prosím, výrobné číslo zo štítku pod rukoväťou.",
      "incident", ("zaruka", "zahrada"), "normal"),
    R("Kde je moja objednávka? Už 8 dní",
      "Pred ôsmimi dňami som objednal posteľnú bielizeň a dva vankúše, doručenie malo byť do "
      "3-5 dní. Sledovanie zásielky od pondelka ukazuje 'na ceste'.",
      "Dobrý deň, {first_name},\n\nospravedlňujeme sa za čakanie. Kontaktoval som kuriéra: "
      "zásielka meškala v ich depe a zajtra bude doručená. Poplatok za dopravu som vám vrátil.",
      "incident", ("dorucenie", "meskanie"), "high"),
    R("Nevrátili ste mi peniaze za bundu",
      "Pred dvoma týždňami som poštou vrátila bundu a peniaze stále nemám. Zásielku prevzali "
      "3. dňa v mesiaci. Ako dlho to trvá?",
      "Dobrý deň, {first_name},\n\nďakujeme za trpezlivosť. Bunda dorazila do nášho skladu a "
      "vrátenie peňazí bolo dnes schválené. Na karte sa zobrazí do 3-5 pracovných dní.",
      "return", ("vratenie-penazi",), "normal"),
    R("V balíku prišiel nesprávny tovar",
      "Objednal som čierny ruksak, ale prišla hnedá kožená kabelka. Chcem ruksak, nie peniaze.",
      "Dobrý deň, {first_name},\n\nospravedlňujeme sa za zámenu. Čierny ruksak sme poslali "
      "expresne a štítok na vrátenie kabelky vám prišiel e-mailom.",
      "problem", ("dorucenie", "nespravny-tovar"), "normal"),
    R("Darčeková karta nefunguje v e-shope",
      "Pri zadaní darčekovej karty v košíku sa zobrazí chyba 'neplatný kód'. Bol to darček "
      "k narodeninám, má na nej byť 50 eur.",
      "Dobrý deň, {first_name},\n\nkartu som overila: je určená len na nákup v predajni, preto "
      "ju e-shop neprijme. Celý zostatok 50 eur som previedla na online kupón, kód vám prišiel "
      "v samostatnom e-maile.",
      "problem", ("darcekova-karta",), "normal"),
    R("Váza prišla rozbitá",
      "Objednaná sklenená váza prišla na kúsky, hoci krabica zvonka vyzerala v poriadku. "
      "Mám fotky.",
      "Dobrý deň, {first_name},\n\nveľmi nás to mrzí. Črepy nemusíte posielať späť. Stačí "
      "jedna fotka a hneď pošleme novú vázu alebo vrátime peniaze.",
      "complaint", ("poskodene", "dorucenie"), "normal"),
    R("Je moja objednávka pripravená na vyzdvihnutie?",
      "SMS mi ešte neprišla. Môžem si objednávku vyzdvihnúť dnes poobede?",
      "Dobrý deň, {first_name},\n\náno, objednávka je pripravená pri pokladni. Vezmite so "
      "sebou číslo objednávky alebo kartu, ktorou ste platili. Predajňa je otvorená do 20:00.",
      "question", ("vyzdvihnutie",), "low"),
    R("Chýbajú body za posledný nákup",
      "Minulý týždeň som nakúpila za viac ako 120 eur, ale na karte mi nepribudli body.",
      "Dobrý deň, {first_name},\n\nv ten deň pri pokladni nenaskenovali vašu kartu. Body som "
      "pripísala ručne, v aplikácii ich už vidíte.",
      "request", ("vernostny-program",), "low"),
    R("Za jednu objednávku mi strhli peniaze dvakrát",
      "Na výpise vidím dve platby po 64,99 eur za tú istú objednávku. Prosím o vrátenie jednej.",
      "Dobrý deň, {first_name},\n\nmáte pravdu, platba po vypršaní času prebehla dvakrát. "
      "Druhú platbu sme dnes vrátili, na účte sa objaví do niekoľkých dní.",
      "incident", ("platba", "vratenie-penazi"), "high"),
    R("Zmena adresy doručenia",
      "Pred hodinou som objednal a omylom zadal starú adresu. Dá sa to zmeniť?",
      "Dobrý deň, {first_name},\n\nstihli sme to: objednávka ešte neopustila sklad a adresu "
      "som zmenil. Príde vám nový potvrdzujúci e-mail.",
      "request", ("dorucenie",), "high"),
    R("Neochotná predavačka v kabínkach",
      "Včera bola vaša predavačka pri skúšobných kabínkach veľmi nepríjemná na moju "
      "76-ročnú mamu. Myslím, že by ste to mali vedieť.",
      "Dobrý deň, {first_name},\n\nďakujeme, že ste nám to napísali, a prosím, ospravedlňte "
      "nás u mamy. Informovala som vedúcu predajne, ktorá sa s tímom porozpráva.",
      "complaint", ("skusenost-v-predajni",), "normal"),
    R("Kávovar tečie",
      "Espresso kávovar kúpený v marci po každom použití tečie zospodu.",
      "Dobrý deň, {first_name},\n\nznie to ako chybné tesnenie, na ktoré sa vzťahuje záruka. "
      "Môžeme ho vyzdvihnúť na opravu alebo vymeniť v predajni. Čo vám viac vyhovuje?",
      "incident", ("zaruka", "spotrebice"), "normal"),
)

PACK = LanguagePack(
    code="sk",
    country="SK",
    time_zone="Europe/Bratislava",
    female_first=("Zuzana", "Katarína", "Lucia", "Jana", "Mária", "Veronika", "Martina",
                  "Petra", "Simona", "Eva", "Monika", "Barbora"),
    female_last=("Nováková", "Horváthová", "Kováčová", "Vargová", "Tóthová", "Baláková",
                 "Molnárová", "Lukáčová", "Šimková", "Krajčírová", "Hudáková", "Benková"),
    male_first=("Peter", "Martin", "Tomáš", "Michal", "Juraj", "Marek", "Lukáš", "Jakub",
                "Ján", "Andrej", "Patrik", "Dušan"),
    male_last=("Novák", "Horváth", "Kováč", "Varga", "Tóth", "Balák", "Molnár", "Lukáč",
               "Šimko", "Krajčír", "Hudák", "Benko"),
    email_domains=("example.sk", "posta.example.sk", "example.com"),
    requests=REQUESTS,
    follow_ups=(
        "Ďakujem za odpoveď. Potrebujete odo mňa ešte niečo?",
        "Skúsila som to, ale žiaľ to nepomohlo. Aké mám teraz možnosti?",
        "Prikladám fotku, o ktorú ste žiadali. Číslo objednávky je na bločku.",
        "Môžete mi povedať, ako dlho to približne potrvá?",
    ),
    thanks=("Výborne, ďakujem pekne!", "Dnes mi to prišlo, všetko vybavené. Ďakujem!",
            "Ďakujem za rýchlu pomoc."),
    agent_follow_ups=(
        "Ďakujem, {first_name}, to mi stačí. Hneď ako budem mať správy, ozvem sa.",
        "Chcela som sa len uistiť: prišlo všetko v poriadku?",
        "Dnes som to znova urgovala, do zajtra vám dám vedieť.",
    ),
    notes=(
        "Overila som sklad v systéme: na predajni {branch} zostali dva kusy.",
        "Zákazník volal aj telefonicky, rovnaká vec. Hovor som pripojila sem.",
        "Reklamácia poškodenia otvorená v portáli kuriéra.",
        "Vedúca zmeny schválila kompenzačný kupón.",
    ),
    handoffs=(
        "Treba objednať záručnú opravu; zákazník chce vyzdvihnutie z domu. Výrobné číslo je "
        "v konverzácii.",
        "Odovzdávam online tímu: ide o objednávku z e-shopu, nie nákup v predajni.",
    ),
    escalations=(
        "Tretí kontakt k tej istej objednávke, zákazník je veľmi nespokojný.",
        "Suma na vrátenie prekračuje limit agenta, treba schválenie manažéra.",
    ),
    macros=(
        ("Vrátenie peňazí schválené", "Dobrý deň, {{customer.first_name}},\n\nvrátenie "
         "peňazí k {{ticket.reference}} bolo schválené. Na karte sa zvyčajne objaví do 3-5 "
         "pracovných dní.\n\nS pozdravom\n{{agent.first_name}}"),
        ("Prosba o fotku", "Dobrý deň, {{customer.first_name}},\n\nmôžete nám poslať fotku "
         "tovaru a etikety? Pomôže nám to vybaviť vec rýchlejšie.\n\n{{agent.first_name}}"),
    ),
    organizations=("Dunaj Hotels s.r.o.", "Základná škola Mlynská"),
)
# fmt: on
