"""Slovenian demo conversations (Ljubljana)."""

from frontdesk.ops.demo_texts import LanguagePack, Request

R = Request

# Hand-written text tables: keep them compact.
# fmt: off

REQUESTS = (
    R("Bluza je po prvem pranju razpadla",
      "Pozdravljeni,\n\npred tednom dni sem v vaši trgovini v Čopovi ulici kupila kremno "
      "svileno bluzo. Enkrat sem jo oprala na 30 stopinj, točno po navodilih na etiketi, in "
      "stranski šiv se je povsem razparal. Račun imam. Ali jo lahko zamenjam ali dobim denar "
      "nazaj?\n\nHvala",
      "Pozdravljeni, {first_name},\n\nzelo nam je žal, da bluza ni zdržala niti enega pranja. "
      "Prinesite jo z računom v katerokoli našo trgovino in jo bomo zamenjali ali vam vrnili "
      "denar. Če vam je lažje, pošljite fotografijo šiva in pripravila vam bom brezplačno "
      "nalepko za vračilo.",
      "return", ("kakovost", "oblacila"), "normal"),
    R("Ali imate lake za nohte Holo Glow?",
      "Pozdravljeni, v soboto sem bila v vaši trgovini v Ljubljani, a lakov Holo Glow nisem "
      "našla. Jih ne prodajate več? Iščem odtenek 214.",
      "Pozdravljeni, {first_name},\n\nhvala za vprašanje. Lakov Holo Glow v trgovinah ne "
      "prodajamo več, odtenek 214 pa je še vedno na voljo v spletni trgovini z dostavo v dveh "
      "delovnih dneh. Vašo željo sem posredovala tudi nabavi kozmetike.",
      "question", ("kozmetika", "zaloga"), "low"),
    R("Zeleno obleko v velikosti 40 potrebujem DANES",
      "Jutri imam poroko, naročena zelena ovijalna obleka pa je po pomoti prišla v velikosti "
      "38. Ali imate v kateri ljubljanski trgovini velikost 40, da bi jo prevzela še danes? "
      "Prosim za pomoč!",
      "Pozdravljeni, {first_name},\n\npreverila sem zalogo: trgovina v Čopovi ima dve zeleni "
      "obleki v velikosti 40. Eno smo rezervirali na vaše ime do 19. ure. Prinesite s seboj "
      "velikost 38 in jo bodo zamenjali na kraju samem.",
      "request", ("oblacila", "menjava-velikosti"), "urgent"),
    R("Kosilnica se je po treh tednih pokvarila",
      "Bencinska kosilnica, kupljena aprila, ne vžge več. Vrv potegnemo, motor pa ne prime. "
      "Gorivo je sveže. Garancija še velja, kaj naj storimo?",
      "Pozdravljeni, {first_name},\n\nžal nam je. Kosilnica ima dveletno garancijo. Lahko jo "
      "prevzamemo na vašem domu ali pa jo prinesete na servisni pult v trgovini. Prosim, "
      "pošljite serijsko številko z nalepke pod ročajem.",
      "incident", ("garancija", "vrt"), "normal"),
    R("Kje je moje naročilo? Že 8 dni",
      "Pred osmimi dnevi sem naročil posteljnino in dve blazini, dostava naj bi bila v 3-5 "
      "dneh. Sledenje pošiljke od ponedeljka kaže 'na poti'.",
      "Pozdravljeni, {first_name},\n\nopravičujemo se za čakanje. Poklical sem dostavno "
      "službo: pošiljka je obtičala v njihovem skladišču in bo dostavljena jutri. Strošek "
      "dostave sem vam vrnil.",
      "incident", ("dostava", "zamuda"), "high"),
    R("Denarja za vrnjeno jakno še nisem dobila",
      "Pred dvema tednoma sem po pošti vrnila jakno, denarja pa še ni. Pošiljka je bila "
      "prevzeta 3. v mesecu. Koliko časa to traja?",
      "Pozdravljeni, {first_name},\n\nhvala za potrpežljivost. Jakna je prispela v naše "
      "skladišče in vračilo je bilo danes odobreno. Na kartici bo vidno v 3-5 delovnih dneh.",
      "return", ("vracilo",), "normal"),
    R("V paketu je napačen izdelek",
      "Naročil sem črn nahrbtnik, dobil pa rjavo usnjeno torbico. Želim nahrbtnik, ne vračila "
      "denarja.",
      "Pozdravljeni, {first_name},\n\nopravičujemo se za zamenjavo. Črn nahrbtnik smo poslali "
      "z ekspresno dostavo, nalepko za vračilo torbice pa ste prejeli po e-pošti.",
      "problem", ("dostava", "napacen-izdelek"), "normal"),
    R("Darilna kartica v spletni trgovini ne deluje",
      "Ko vnesem darilno kartico v košarico, se pojavi napaka 'neveljavna koda'. Bila je "
      "darilo za rojstni dan, na njej naj bi bilo 50 evrov.",
      "Pozdravljeni, {first_name},\n\npreverila sem kartico: namenjena je samo nakupom v "
      "trgovini, zato je spletna stran ne sprejme. Celotno stanje 50 evrov sem pretvorila v "
      "spletni kupon, kodo ste prejeli v ločenem sporočilu.",
      "problem", ("darilna-kartica",), "normal"),
    R("Vaza je prispela razbita",
      "Naročena steklena vaza je prispela v kosih, čeprav je bila škatla od zunaj cela. "
      "Imam fotografije.",
      "Pozdravljeni, {first_name},\n\nzelo nam je žal. Črepinj ni treba pošiljati nazaj. "
      "Pošljite eno fotografijo in takoj vam pošljemo novo vazo ali vrnemo denar.",
      "complaint", ("poskodovano", "dostava"), "normal"),
    R("Ali je moje naročilo pripravljeno za prevzem?",
      "SMS-a še nisem dobila. Ali lahko naročilo prevzamem danes popoldne?",
      "Pozdravljeni, {first_name},\n\nda, naročilo vas čaka na blagajni. S seboj prinesite "
      "številko naročila ali kartico, s katero ste plačali. Trgovina je odprta do 20. ure.",
      "question", ("prevzem-v-trgovini",), "low"),
    R("Manjkajo točke za zadnji nakup",
      "Prejšnji teden sem nakupovala za več kot 120 evrov, točke pa se mi niso pripisale.",
      "Pozdravljeni, {first_name},\n\ntisti dan na blagajni niso skenirali vaše kartice. "
      "Točke sem pripisala ročno, v aplikaciji so že vidne.",
      "request", ("zvestoba",), "low"),
    R("Za eno naročilo ste mi dvakrat bremenili kartico",
      "Na izpisku vidim dve plačili po 64,99 evra za isto naročilo. Prosim za vračilo enega.",
      "Pozdravljeni, {first_name},\n\nimate prav, plačilo je po časovni prekinitvi šlo skozi "
      "dvakrat. Drugo plačilo smo danes vrnili, na računu bo vidno v nekaj dneh.",
      "incident", ("placilo", "vracilo"), "high"),
    R("Sprememba naslova za dostavo",
      "Pred eno uro sem oddal naročilo in po pomoti vpisal stari naslov. Ga lahko spremenite?",
      "Pozdravljeni, {first_name},\n\nravno pravi čas: naročilo še ni zapustilo skladišča in "
      "naslov sem spremenil. Prejeli boste novo potrditveno sporočilo.",
      "request", ("dostava",), "high"),
    R("Neprijazna prodajalka pri kabinah",
      "Včeraj je bila prodajalka pri garderobnih kabinah zelo nesramna do moje 76-letne mame. "
      "Mislim, da bi morali to vedeti.",
      "Pozdravljeni, {first_name},\n\nhvala, da ste nam sporočili, in prosim, opravičite se "
      "mami v našem imenu. Obvestila sem vodjo trgovine, ki se bo pogovorila z ekipo.",
      "complaint", ("izkusnja-v-trgovini",), "normal"),
    R("Kavni aparat pušča vodo",
      "Espresso aparat, kupljen marca, po vsaki uporabi pušča vodo s spodnje strani.",
      "Pozdravljeni, {first_name},\n\nsliši se kot okvarjeno tesnilo, ki ga krije garancija. "
      "Lahko ga prevzamemo v popravilo ali zamenjamo v trgovini. Kaj vam bolj ustreza?",
      "incident", ("garancija", "aparati"), "normal"),
)

PACK = LanguagePack(
    code="sl",
    country="SI",
    time_zone="Europe/Ljubljana",
    female_first=("Maja", "Ana", "Nina", "Eva", "Mojca", "Petra", "Tjaša", "Urška", "Špela",
                  "Katja", "Nataša", "Metka"),
    female_last=("Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač",
                 "Mlakar", "Vidmar", "Golob", "Kos", "Božič"),
    male_first=("Luka", "Jure", "Matej", "Rok", "Marko", "Gregor", "Andrej", "Blaž", "Žiga",
                "Tadej", "Primož", "Bojan"),
    male_last=("Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač",
               "Mlakar", "Vidmar", "Golob", "Kos", "Božič"),
    email_domains=("example.si", "posta.example.si", "example.com"),
    requests=REQUESTS,
    follow_ups=(
        "Hvala za odgovor. Ali potrebujete od mene še kaj?",
        "Poskusila sem, a žal ni pomagalo. Kakšne možnosti imam zdaj?",
        "Prilagam fotografijo, ki ste jo želeli. Številka naročila je na računu.",
        "Mi lahko poveste, koliko časa bo to približno trajalo?",
    ),
    thanks=("Odlično, najlepša hvala!", "Danes sem prejela, vse urejeno. Hvala!",
            "Hvala za hitro pomoč."),
    agent_follow_ups=(
        "Hvala, {first_name}, to zadostuje. Takoj ko bom kaj izvedela, vam pišem.",
        "Samo preverjam: ali je vse prispelo, kot je treba?",
        "Danes sem ponovno urgirala, do jutri vam sporočim.",
    ),
    notes=(
        "Preverila sem zalogo v sistemu: v trgovini {branch} sta ostala dva kosa.",
        "Stranka je klicala tudi po telefonu, ista zadeva. Klic sem povezala sem.",
        "Reklamacija poškodbe odprta na portalu dostavne službe.",
        "Vodja izmene je odobrila kupon za dobro voljo.",
    ),
    handoffs=(
        "Potreben je garancijski servis; stranka želi prevzem na domu. Serijska številka je "
        "v pogovoru.",
        "Predajam spletni ekipi: gre za spletno naročilo, ne za nakup v trgovini.",
    ),
    escalations=(
        "Tretji stik glede istega naročila, stranka je zelo nezadovoljna.",
        "Znesek vračila presega omejitev agenta, potrebna je odobritev vodje.",
    ),
    macros=(
        ("Vračilo odobreno", "Pozdravljeni, {{customer.first_name}},\n\nvračilo za "
         "{{ticket.reference}} je odobreno. Na kartici je običajno vidno v 3-5 delovnih "
         "dneh.\n\nLep pozdrav,\n{{agent.first_name}}"),
        ("Prošnja za fotografijo", "Pozdravljeni, {{customer.first_name}},\n\nnam lahko "
         "pošljete fotografijo izdelka in etikete? Tako bomo zadevo rešili hitreje.\n\n"
         "{{agent.first_name}}"),
    ),
    organizations=("Ljubljanski grad d.o.o.", "Vrtec Mavrica"),
)
# fmt: on
