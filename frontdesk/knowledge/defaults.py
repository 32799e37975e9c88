"""Starter texts of the four policies, published as version 1 on first use.

Plain text: a blank line starts a paragraph. Managers replace them in /settings/policies/.
"""

from __future__ import annotations

from frontdesk.knowledge.choices import PolicyKind

STARTER: dict[str, dict[str, tuple[str, str]]] = {
    PolicyKind.RETURN_EXCHANGE: {
        "en": (
            "Returns and exchanges",
            "You can return or exchange an item within 30 days of purchase. Please keep your "
            "receipt or order number; it is all we need.\n\n"
            "Items should be unused and in their original packaging. Faulty items can be "
            "returned at any time within the legal warranty period, and we pay the return "
            "shipping.\n\n"
            "We refund to the original payment method within 14 days of receiving the item. "
            "To start a return or exchange, send us a request in this help center or visit "
            "any of our branches.",
        ),
        "tr": (
            "İade ve değişim",
            "Satın aldığınız ürünü 30 gün içinde iade edebilir veya değiştirebilirsiniz. "
            "Lütfen fişinizi veya sipariş numaranızı saklayın; ihtiyacımız olan tek şey bu.\n\n"
            "Ürünler kullanılmamış ve orijinal ambalajında olmalıdır. Kusurlu ürünleri yasal "
            "garanti süresi içinde her zaman iade edebilirsiniz; iade kargo ücretini biz "
            "öderiz.\n\n"
            "Ürünü teslim aldıktan sonra 14 gün içinde ödemeyi orijinal ödeme yönteminize "
            "iade ederiz. İade veya değişim başlatmak için bu yardım merkezinden bize bir "
            "talep gönderin ya da şubelerimizden birini ziyaret edin.",
        ),
        "lv": (
            "Atgriešana un apmaiņa",
            "Preci varat atgriezt vai apmainīt 30 dienu laikā pēc pirkuma. Lūdzu, saglabājiet "
            "čeku vai pasūtījuma numuru — ar to pietiek.\n\n"
            "Precei jābūt nelietotai un oriģinālajā iepakojumā. Bojātu preci varat atgriezt "
            "jebkurā brīdī likumā noteiktajā garantijas laikā, un atpakaļsūtīšanas izmaksas "
            "sedzam mēs.\n\n"
            "Naudu atmaksājam uz sākotnējo maksājuma veidu 14 dienu laikā pēc preces "
            "saņemšanas. Lai sāktu atgriešanu vai apmaiņu, nosūtiet mums pieprasījumu šajā "
            "palīdzības centrā vai apmeklējiet kādu no mūsu filiālēm.",
        ),
        "sk": (
            "Vrátenie a výmena tovaru",
            "Tovar môžete vrátiť alebo vymeniť do 30 dní od nákupu. Uschovajte si, prosím, "
            "pokladničný doklad alebo číslo objednávky – viac nepotrebujeme.\n\n"
            "Tovar by mal byť nepoužitý a v pôvodnom obale. Chybný tovar môžete vrátiť "
            "kedykoľvek počas zákonnej záručnej doby a poštovné za vrátenie uhradíme my.\n\n"
            "Peniaze vrátime na pôvodný spôsob platby do 14 dní od prijatia tovaru. Vrátenie "
            "alebo výmenu začnete odoslaním požiadavky v tomto centre pomoci alebo návštevou "
            "ktorejkoľvek z našich pobočiek.",
        ),
        "sl": (
            "Vračila in zamenjave",
            "Izdelek lahko vrnete ali zamenjate v 30 dneh od nakupa. Prosimo, shranite račun "
            "ali številko naročila – to je vse, kar potrebujemo.\n\n"
            "Izdelek naj bo nerabljen in v originalni embalaži. Pokvarjen izdelek lahko vrnete "
            "kadar koli v zakonskem garancijskem roku, stroške vračila pa krijemo mi.\n\n"
            "Denar vrnemo na prvotni način plačila v 14 dneh od prejema izdelka. Vračilo ali "
            "zamenjavo začnete tako, da nam pošljete zahtevo v tem centru za pomoč ali "
            "obiščete katero koli našo poslovalnico.",
        ),
    },
    PolicyKind.COMPLAINTS: {
        "en": (
            "Complaint handling",
            "We want to hear when something went wrong. Every complaint is recorded, gets a "
            "reference number and is acknowledged at once.\n\n"
            "A named person looks after your complaint until it is resolved. We aim to give "
            "you a full answer within 5 working days; if it takes longer, we tell you why and "
            "when you will hear from us.\n\n"
            "If you are not satisfied with our answer, reply and ask for a manager to review it.",
        ),
        "tr": (
            "Şikâyet yönetimi",
            "Bir şeyler ters gittiğinde bunu duymak isteriz. Her şikâyet kaydedilir, bir "
            "referans numarası alır ve hemen onaylanır.\n\n"
            "Şikâyetiniz çözülene kadar onunla belirli bir kişi ilgilenir. Size 5 iş günü "
            "içinde tam bir yanıt vermeyi hedefliyoruz; daha uzun sürerse nedenini ve ne "
            "zaman haber alacağınızı bildiririz.\n\n"
            "Yanıtımızdan memnun kalmazsanız, yanıtlayarak bir yöneticinin incelemesini "
            "isteyebilirsiniz.",
        ),
        "lv": (
            "Sūdzību izskatīšana",
            "Mēs vēlamies uzzināt, ja kaut kas nav izdevies. Katra sūdzība tiek reģistrēta, "
            "saņem atsauces numuru, un tās saņemšana tiek nekavējoties apstiprināta.\n\n"
            "Par Jūsu sūdzību rūpējas konkrēts darbinieks, līdz tā ir atrisināta. Mūsu mērķis "
            "ir sniegt pilnu atbildi 5 darba dienu laikā; ja tas aizņem ilgāku laiku, mēs "
            "paskaidrosim, kāpēc, un paziņosim, kad sazināsimies.\n\n"
            "Ja neesat apmierināts ar mūsu atbildi, atbildiet un lūdziet, lai to pārskata "
            "vadītājs.",
        ),
        "sk": (
            "Vybavovanie sťažností",
            "Chceme vedieť, keď sa niečo pokazí. Každú sťažnosť zaznamenáme, dostane "
            "referenčné číslo a jej prijatie hneď potvrdíme.\n\n"
            "O Vašu sťažnosť sa stará konkrétny človek, kým nie je vyriešená. Snažíme sa Vám "
            "dať úplnú odpoveď do 5 pracovných dní; ak to potrvá dlhšie, povieme Vám prečo "
            "a kedy sa Vám ozveme.\n\n"
            "Ak nie ste s našou odpoveďou spokojní, odpovedzte a požiadajte, aby ju posúdil "
            "vedúci.",
        ),
        "sl": (
            "Obravnava pritožb",
            "Želimo vedeti, ko gre kaj narobe. Vsako pritožbo zabeležimo, dobi referenčno "
            "številko in njen prejem takoj potrdimo.\n\n"
            "Za Vašo pritožbo skrbi določena oseba, dokler ni rešena. Prizadevamo si, da Vam v "
            "5 delovnih dneh damo celovit odgovor; če traja dlje, Vam povemo, zakaj in kdaj "
            "se Vam oglasimo.\n\n"
            "Če z našim odgovorom niste zadovoljni, odgovorite in prosite, naj ga pregleda vodja.",
        ),
    },
    PolicyKind.PRIVACY: {
        "en": (
            "Privacy notice",
            "We use your name, your contact details and the messages you send us only to "
            "answer your requests and to improve our service.\n\n"
            "We keep your requests as long as we need them to serve you and to meet our legal "
            "duties, then we delete them. We never sell your data.\n\n"
            "You can ask for a copy of your data, or ask us to correct or delete it, at any "
            "time: send us a request in this help center.",
        ),
        "tr": (
            "Gizlilik bildirimi",
            "Adınızı, iletişim bilgilerinizi ve bize gönderdiğiniz mesajları yalnızca "
            "taleplerinizi yanıtlamak ve hizmetimizi geliştirmek için kullanırız.\n\n"
            "Taleplerinizi size hizmet vermek ve yasal yükümlülüklerimizi yerine getirmek için "
            "gerektiği sürece saklar, ardından sileriz. Verilerinizi asla satmayız.\n\n"
            "Verilerinizin bir kopyasını, düzeltilmesini veya silinmesini istediğiniz zaman "
            "talep edebilirsiniz: bu yardım merkezinden bize bir talep gönderin.",
        ),
        "lv": (
            "Privātuma paziņojums",
            "Jūsu vārdu, kontaktinformāciju un ziņojumus, ko mums sūtāt, izmantojam tikai, lai "
            "atbildētu uz Jūsu pieprasījumiem un uzlabotu mūsu pakalpojumu.\n\n"
            "Jūsu pieprasījumus glabājam tik ilgi, cik nepieciešams, lai Jūs apkalpotu un "
            "izpildītu likumā noteiktos pienākumus, pēc tam tos dzēšam. Mēs nekad "
            "nepārdodam Jūsu datus.\n\n"
            "Jebkurā laikā varat pieprasīt savu datu kopiju vai lūgt tos labot vai dzēst: "
            "nosūtiet mums pieprasījumu šajā palīdzības centrā.",
        ),
        "sk": (
            "Ochrana osobných údajov",
            "Vaše meno, kontaktné údaje a správy, ktoré nám pošlete, používame len na vybavenie "
            "Vašich požiadaviek a zlepšovanie našich služieb.\n\n"
            "Vaše požiadavky uchovávame, kým je to potrebné na Vaše obslúženie a splnenie "
            "zákonných povinností, potom ich vymažeme. Vaše údaje nikdy nepredávame.\n\n"
            "Kedykoľvek môžete požiadať o kópiu svojich údajov alebo o ich opravu či "
            "vymazanie: pošlite nám požiadavku v tomto centre pomoci.",
        ),
        "sl": (
            "Obvestilo o zasebnosti",
            "Vaše ime, kontaktne podatke in sporočila, ki nam jih pošljete, uporabljamo samo "
            "za odgovarjanje na Vaše zahteve in izboljševanje naših storitev.\n\n"
            "Vaše zahteve hranimo, dokler je to potrebno za Vašo obravnavo in izpolnjevanje "
            "zakonskih obveznosti, nato jih izbrišemo. Vaših podatkov nikoli ne prodajamo.\n\n"
            "Kadar koli lahko zahtevate kopijo svojih podatkov ali njihov popravek ali izbris: "
            "pošljite nam zahtevo v tem centru za pomoč.",
        ),
    },
    PolicyKind.CONTACT: {
        "en": (
            "Contact and response times",
            "You can reach us through this help center, by email or by phone; our addresses "
            "and opening hours are on the home page.\n\n"
            "Every request is acknowledged at once with a reference number. We reply within "
            "the time promised on the home page.\n\n"
            "To add something to your request, just answer our email or write in the help "
            "center: your reply joins the same conversation, so you never have to explain "
            "twice.",
        ),
        "tr": (
            "İletişim ve yanıt süreleri",
            "Bize bu yardım merkezinden, e-posta veya telefonla ulaşabilirsiniz; adreslerimiz "
            "ve çalışma saatlerimiz ana sayfada yer alır.\n\n"
            "Her talep, bir referans numarasıyla hemen onaylanır. Ana sayfada söz verdiğimiz "
            "süre içinde yanıt veririz.\n\n"
            "Talebinize bir şey eklemek için e-postamızı yanıtlamanız veya yardım merkezinden "
            "yazmanız yeterlidir: yanıtınız aynı görüşmeye eklenir, böylece hiçbir şeyi iki "
            "kez anlatmak zorunda kalmazsınız.",
        ),
        "lv": (
            "Saziņa un atbildes laiks",
            "Ar mums varat sazināties šajā palīdzības centrā, pa e-pastu vai pa tālruni; "
            "mūsu adreses un darba laiks ir norādīti sākumlapā.\n\n"
            "Katra pieprasījuma saņemšana tiek uzreiz apstiprināta ar atsauces numuru. Mēs "
            "atbildam sākumlapā solītajā laikā.\n\n"
            "Lai papildinātu pieprasījumu, vienkārši atbildiet uz mūsu e-pastu vai rakstiet "
            "palīdzības centrā: Jūsu atbilde tiek pievienota tai pašai sarunai, tāpēc nekas "
            "nav jāskaidro divreiz.",
        ),
        "sk": (
            "Kontakt a čas odpovede",
            "Môžete nás kontaktovať cez toto centrum pomoci, e-mailom alebo telefonicky; naše "
            "adresy a otváracie hodiny nájdete na úvodnej stránke.\n\n"
            "Prijatie každej požiadavky hneď potvrdíme a pridelíme jej referenčné číslo. "
            "Odpovieme v čase uvedenom na úvodnej stránke.\n\n"
            "Ak chcete niečo doplniť, stačí odpovedať na náš e-mail alebo napísať v centre "
            "pomoci: Vaša odpoveď sa pridá k tomu istému rozhovoru, takže nič nemusíte "
            "vysvetľovať dvakrát.",
        ),
        "sl": (
            "Stik in odzivni časi",
            "Dosežete nas prek tega centra za pomoč, po e-pošti ali po telefonu; naši naslovi "
            "in delovni čas so na domači strani.\n\n"
            "Prejem vsake zahteve takoj potrdimo in ji dodelimo referenčno številko. "
            "Odgovorimo v času, obljubljenem na domači strani.\n\n"
            "Če želite kaj dodati, preprosto odgovorite na naše e-sporočilo ali pišite v centru "
            "za pomoč: Vaš odgovor se doda istemu pogovoru, zato Vam ničesar ni treba "
            "razlagati dvakrat.",
        ),
    },
}
