"""Latvian demo conversations (Riga)."""

from frontdesk.ops.demo_texts import LanguagePack, Request

R = Request

# Hand-written text tables: keep them compact.
# fmt: off

REQUESTS = (
    R("Blūze izira pēc pirmās mazgāšanas",
      "Labdien!\n\nPirms nedēļas jūsu veikalā Brīvības ielā nopirku krēmkrāsas zīda blūzi. "
      "Izmazgāju to vienu reizi 30 grādos, kā norādīts etiķetē, un sānu vīle pilnībā izira. "
      "Čeks man ir saglabāts. Vai varu to apmainīt vai saņemt naudu atpakaļ?\n\nPaldies",
      "Labdien, {first_name}!\n\nMums ļoti žēl, ka blūze nav izturējusi pat vienu mazgāšanu. "
      "Lūdzu, atnesiet to kopā ar čeku uz jebkuru mūsu veikalu, un mēs to apmainīsim vai "
      "atmaksāsim naudu. Ja ērtāk, atsūtiet vīles fotoattēlu, un es sagatavošu bezmaksas "
      "atgriešanas uzlīmi.",
      "return", ("kvalitate", "apgerbs"), "normal"),
    R("Vai jums ir Holo Glow nagu lakas?",
      "Labdien! Sestdien biju jūsu veikalā Rīgā, bet neatradu Holo Glow nagu lakas. Vai tās "
      "vairs netirgojat? Meklēju toni 214.",
      "Labdien, {first_name}!\n\nPaldies par jautājumu. Holo Glow lakas veikalos vairs "
      "netirgojam, taču tonis 214 joprojām pieejams mūsu interneta veikalā un tiek nosūtīts "
      "divu darba dienu laikā. Jūsu vēlmi nodevu arī mūsu kosmētikas iepircējam.",
      "question", ("kosmetika", "krajums"), "low"),
    R("Zaļā kleita 40. izmērā vajadzīga ŠODIEN",
      "Rīt man ir kāzas, bet pasūtītā zaļā kleita atnāca 38. izmērā. Vai kādā Rīgas veikalā "
      "ir 40. izmērs, ko varētu paņemt vēl šodien? Lūdzu, palīdziet!",
      "Labdien, {first_name}!\n\nPārbaudīju atlikumus: veikalā Brīvības ielā ir divas zaļās "
      "kleitas 40. izmērā. Vienu palūdzu nolikt malā uz jūsu vārda līdz šodienas plkst. "
      "19:00. Paņemiet līdzi 38. izmēru, un to apmainīs uz vietas.",
      "request", ("apgerbs", "izmera-maina"), "urgent"),
    R("Zāles pļāvējs salūza pēc trim nedēļām",
      "Aprīlī nopirktais benzīna zāles pļāvējs vairs neiedarbojas. Auklu velkam, bet dzinējs "
      "neieslēdzas. Degviela ir svaiga. Garantija vēl ir spēkā, ko darīt?",
      "Labdien, {first_name}!\n\nĻoti žēl par pļāvēju. Uz to attiecas divu gadu garantija. "
      "Varam to paņemt remontam no jūsu mājām, vai arī varat to atvest uz veikala servisa "
      "galdu. Lūdzu, atsūtiet sērijas numuru no uzlīmes zem roktura.",
      "incident", ("garantija", "darzs"), "normal"),
    R("Kur ir mans pasūtījums? Jau 8 dienas",
      "Pirms astoņām dienām pasūtīju gultas veļas komplektu un divus spilvenus, piegādei bija "
      "jābūt 3-5 dienās. Sūtījuma izsekošanā kopš pirmdienas rakstīts 'ceļā'.",
      "Labdien, {first_name}!\n\nAtvainojiet par gaidīšanu. Sazinājos ar kurjeru: sūtījums "
      "aizkavējās viņu noliktavā, rīt to piegādās. Par neērtībām atmaksāju piegādes maksu.",
      "incident", ("piegade", "kavejums"), "high"),
    R("Nav atmaksāta nauda par atgriezto jaku",
      "Pirms divām nedēļām pa pastu atgriezu jaku, bet nauda joprojām nav atmaksāta. Sūtījums "
      "saņemts 3. datumā. Cik ilgi tas notiek?",
      "Labdien, {first_name}!\n\nPaldies par pacietību. Jaka ir saņemta mūsu noliktavā, un "
      "atmaksa šodien apstiprināta. Atkarībā no bankas tā kontā parādīsies 3-5 darba dienās.",
      "return", ("atmaksa",), "normal"),
    R("Sūtījumā nepareiza prece",
      "Pasūtīju melnu mugursomu, bet saņēmu brūnu ādas rokassomu. Vēlos tomēr mugursomu, nevis "
      "naudu atpakaļ.",
      "Labdien, {first_name}!\n\nAtvainojiet par sajaukšanu. Melno mugursomu nosūtīju ar "
      "ekspresi, bet rokassomas atgriešanas uzlīmi jums nosūtīju e-pastā.",
      "problem", ("piegade", "nepareiza-prece"), "normal"),
    R("Dāvanu karte nedarbojas internetā",
      "Ievadot dāvanu karti grozā, parādās kļūda 'nederīgs kods'. Tā bija dzimšanas dienas "
      "dāvana, uz tās jābūt 50 eiro.",
      "Labdien, {first_name}!\n\nPārbaudīju karti: tā izdota lietošanai tikai veikalā, tāpēc "
      "mājaslapa to nepieņem. Visu 50 eiro atlikumu pārvērtu interneta kuponā, kodu atradīsiet "
      "atsevišķā e-pastā.",
      "problem", ("davanu-karte",), "normal"),
    R("Vāze atnāca sasista",
      "Pasūtītā stikla vāze atnāca lauskās, lai gan kaste no ārpuses izskatījās vesela. Man "
      "ir fotogrāfijas.",
      "Labdien, {first_name}!\n\nĻoti žēl. Lauskas sūtīt atpakaļ nevajag. Atsūtiet vienu "
      "fotoattēlu, un mēs uzreiz nosūtīsim jaunu vāzi vai atmaksāsim naudu.",
      "complaint", ("bojats", "piegade"), "normal"),
    R("Vai mans pasūtījums veikalā ir gatavs saņemšanai?",
      "Īsziņu vēl neesmu saņēmusi. Vai varu šodien pēcpusdienā atnākt pakaļ?",
      "Labdien, {first_name}!\n\nJā, pasūtījums jūs gaida pie informācijas galda. Paņemiet "
      "līdzi pasūtījuma numuru vai karti, ar kuru maksājāt. Veikals strādā līdz 21:00.",
      "question", ("sanemsana-veikala",), "low"),
    R("Nav pieskaitīti punkti par pēdējo pirkumu",
      "Pagājušajā nedēļā iepirkos par vairāk nekā 120 eiro, bet kartē punkti netika pieskaitīti.",
      "Labdien, {first_name}!\n\nTajā dienā kasē jūsu karte netika noskenēta. Punktus "
      "pieskaitīju manuāli, tie jau redzami lietotnē.",
      "request", ("lojalitate",), "low"),
    R("Par vienu pasūtījumu iekasēts divreiz",
      "Bankas izrakstā redzu divus maksājumus pa 64,99 eiro par vienu un to pašu pasūtījumu.",
      "Labdien, {first_name}!\n\nJums taisnība, maksājums pēc noildzes izgāja divreiz. Otro "
      "maksājumu šodien atmaksāju, kontā tas parādīsies dažu dienu laikā.",
      "incident", ("maksajums", "atmaksa"), "high"),
    R("Lūdzu mainīt piegādes adresi",
      "Pirms stundas veicu pasūtījumu un kļūdas pēc norādīju veco adresi. Vai varat to mainīt?",
      "Labdien, {first_name}!\n\nPašā laikā: pasūtījums vēl nebija izgājis no noliktavas, "
      "adresi nomainīju. Saņemsiet jaunu apstiprinājuma e-pastu.",
      "request", ("piegade",), "high"),
    R("Nelaipna darbiniece pielaikošanas kabīnēs",
      "Vakar darbiniece pie pielaikošanas kabīnēm bija ļoti rupja pret manu 76 gadus veco "
      "mammu. Domāju, ka jums tas jāzina.",
      "Labdien, {first_name}!\n\nPaldies, ka pastāstījāt, un, lūdzu, nododiet mūsu "
      "atvainošanos mammai. Informēju veikala vadītāju, kas runās ar komandu.",
      "complaint", ("veikala-pieredze",), "normal"),
    R("Kafijas automāts tek",
      "Martā pirktais espresso automāts pēc katras lietošanas tek no apakšas.",
      "Labdien, {first_name}!\n\nIzklausās pēc bojāta blīvējuma, uz to attiecas garantija. "
      "Varam to paņemt remontam vai apmainīt veikalā. Kas jums ērtāk?",
      "incident", ("garantija", "tehnika"), "normal"),
)

PACK = LanguagePack(
    code="lv",
    country="LV",
    time_zone="Europe/Riga",
    female_first=("Anna", "Laura", "Kristīne", "Ilze", "Līga", "Inese", "Dace", "Agnese",
                  "Elīna", "Zane", "Marta", "Sanita"),
    female_last=("Bērziņa", "Kalniņa", "Ozoliņa", "Jansone", "Liepiņa", "Krūmiņa",
                 "Balode", "Zariņa", "Kļaviņa", "Pētersone", "Vītola", "Eglīte"),
    male_first=("Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Raivis", "Artūrs",
                "Roberts", "Toms", "Gatis", "Uldis", "Ivars"),
    male_last=("Bērziņš", "Kalniņš", "Ozoliņš", "Jansons", "Liepiņš", "Krūmiņš", "Balodis",
               "Zariņš", "Kļaviņš", "Pētersons", "Vītols", "Eglītis"),
    email_domains=("example.lv", "inbox.example.lv", "example.com"),
    requests=REQUESTS,
    follow_ups=(
        "Paldies par atbildi. Vai jums no manis vēl kaut kas vajadzīgs?",
        "Pamēģināju, bet diemžēl nepalīdzēja. Kādas man tagad ir iespējas?",
        "Pielieku jūsu prasīto fotoattēlu. Pasūtījuma numurs ir uz čeka.",
        "Vai varat pateikt, cik ilgi tas aptuveni prasīs?",
    ),
    thanks=("Lieliski, liels paldies!", "Šodien saņēmu, viss kārtībā. Paldies!",
            "Paldies par ātro palīdzību."),
    agent_follow_ups=(
        "Paldies, {first_name}, ar to pietiek. Tiklīdz būs ziņas, jums uzrakstīšu.",
        "Vēlējos pārliecināties: vai viss tika saņemts, kā nākas?",
        "Šodien atkārtoti sazinājos, līdz rītdienai jūs informēšu.",
    ),
    notes=(
        "Pārbaudīju atlikumus sistēmā: {branch} veikalā palikuši divi gabali.",
        "Klients arī zvanīja par to pašu. Zvanu piesaistīju šeit.",
        "Kurjera portālā atvērta pretenzija par bojājumu.",
        "Maiņas vadītāja apstiprināja kompensācijas kuponu.",
    ),
    handoffs=(
        "Vajadzīgs garantijas remonta pieteikums; klients vēlas, lai preci paņem no mājām. "
        "Sērijas numurs ir sarakstē.",
        "Nododu interneta komandai: tas ir e-veikala pasūtījums, nevis pirkums veikalā.",
    ),
    escalations=(
        "Trešā sazināšanās par to pašu pasūtījumu, klients ļoti neapmierināts.",
        "Atmaksa pārsniedz konsultanta limitu, vajadzīgs vadītāja apstiprinājums.",
    ),
    macros=(
        ("Atmaksa apstiprināta", "Labdien, {{customer.first_name}}!\n\nAtmaksa par "
         "{{ticket.reference}} ir apstiprināta. Parasti tā kartē parādās 3-5 darba dienu "
         "laikā.\n\nAr cieņu,\n{{agent.first_name}}"),
        ("Lūgums pēc foto", "Labdien, {{customer.first_name}}!\n\nVai varat atsūtīt preces "
         "un etiķetes fotoattēlu? Tā varēsim palīdzēt ātrāk.\n\n{{agent.first_name}}"),
    ),
    organizations=("SIA Daugavas Viesnīcas", "Rīgas Dizaina skola"),
)
# fmt: on
