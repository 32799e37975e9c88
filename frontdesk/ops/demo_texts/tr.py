"""Turkish demo conversations (Istanbul)."""

from frontdesk.ops.demo_texts import LanguagePack, Request

R = Request

# Hand-written text tables: keep them compact.
# fmt: off

REQUESTS = (
    R("Bluz ilk yıkamada dağıldı",
      "Merhaba,\n\nGeçen hafta Nişantaşı mağazanızdan krem rengi ipek bir bluz aldım. "
      "Etiketteki gibi 30 derecede bir kez yıkadım ve yan dikişi tamamen açıldı. Fişim duruyor. "
      "Değişim ya da iade mümkün mü?\n\nTeşekkürler",
      "Merhaba {first_name},\n\nBluzun tek yıkamada bu hale gelmesine çok üzüldük, böyle olmamalı. "
      "Fişinizle birlikte herhangi bir mağazamıza getirirseniz dilediğiniz gibi değişim ya da "
      "iade yapılacaktır. Dilerseniz dikişin fotoğrafını gönderin, ücretsiz kargo kodu "
      "oluşturayım.",
      "return", ("kalite", "giyim"), "normal"),
    R("Holo Glow oje markası yok mu?",
      "Merhaba, cumartesi günü Kadıköy mağazasına gittim ama Holo Glow ojelerini bulamadım. "
      "Artık satmıyor musunuz? 214 numaralı rengi arıyorum.",
      "Merhaba {first_name},\n\nSorunuz için teşekkürler. Holo Glow ürünlerini mağazalarda "
      "artık satmıyoruz ancak 214 numaralı renk internet sitemizde mevcut ve iki iş günü "
      "içinde kargoya veriliyor. Talebinizi kozmetik satın alma ekibimize de ilettim.",
      "question", ("kozmetik", "stok"), "low"),
    R("Yeşil kruvaze elbise 38 beden BUGÜN lazım",
      "Yarın düğünüm var ve sipariş ettiğim yeşil kruvaze elbise yanlışlıkla 36 beden geldi. "
      "İstanbul'daki mağazalarınızın birinde bugün alabileceğim 38 beden var mı? Lütfen "
      "yardımcı olun!",
      "Merhaba {first_name},\n\nStoklara baktım: Nişantaşı mağazamızda yeşil kruvaze elbiseden "
      "iki adet 38 beden var. Birini bugün saat 19:00'a kadar adınıza ayırttım. 36 bedeni "
      "yanınızda getirmeniz yeterli, mağazada hemen değiştirecekler.",
      "request", ("giyim", "beden-degisimi"), "urgent"),
    R("Çim biçme makinesi üç haftada bozuldu",
      "Nisan ayında aldığımız benzinli çim biçme makinesi artık çalışmıyor. İpi çekiyoruz ama "
      "motor çalışmıyor. Yakıt yeni. Garantisi devam ediyor, ne yapmamız gerekiyor?",
      "Merhaba {first_name},\n\nMakine için üzgünüz, iki yıllık garanti kapsamında. Tamir için "
      "adresinizden teslim alabiliriz ya da mağazamızın servis masasına bırakabilirsiniz. "
      "Sapın altındaki etikette yazan seri numarasını gönderebilir misiniz?",
      "incident", ("garanti", "bahce"), "normal"),
    R("Siparişim nerede? 8 gün oldu",
      "Sekiz gün önce bir nevresim takımı ve iki yastık sipariş ettim, teslimat 3-5 gün "
      "deniyordu. Kargo takibi pazartesiden beri 'yolda' gösteriyor. Kimse bilgi vermedi.",
      "Merhaba {first_name},\n\nBeklettiğimiz için özür dileriz. Kargo firmasıyla görüştüm: "
      "paketiniz aktarma merkezinde gecikmiş, yarın dağıtıma çıkacak. Yaşadığınız aksaklık "
      "için kargo ücretini iade ettim.",
      "incident", ("teslimat", "gecikme"), "high"),
    R("İade ettiğim montun parası yatmadı",
      "İki hafta önce bir montu kargoyla iade ettim, hâlâ ödemem iade edilmedi. Kargo ayın "
      "3'ünde teslim alınmış görünüyor. Ne kadar sürer?",
      "Merhaba {first_name},\n\nSabrınız için teşekkürler. Mont depomuza ulaşmış ve iadeniz "
      "bugün onaylandı. Bankanıza bağlı olarak kartınıza yansıması 3-5 iş günü sürebilir.",
      "return", ("iade",), "normal"),
    R("Kolide yanlış ürün geldi",
      "Siyah bir sırt çantası sipariş ettim ama kahverengi deri bir el çantası geldi. Para "
      "iadesi değil, sırt çantasını istiyorum.",
      "Merhaba {first_name},\n\nKarışıklık için özür dileriz. Siyah sırt çantasını hızlı "
      "kargoyla gönderdim, el çantası için ücretsiz iade kodunu e-postayla ilettim.",
      "problem", ("teslimat", "yanlis-urun"), "normal"),
    R("Hediye kartım internette geçmiyor",
      "Hediye kartımı ödeme sayfasında girince 'geçersiz kod' hatası alıyorum. Doğum günü "
      "hediyesiydi, üzerinde 500 TL olmalı.",
      "Merhaba {first_name},\n\nKartı kontrol ettim: yalnızca mağazada kullanılmak üzere "
      "düzenlenmiş, bu yüzden site kabul etmiyor. 500 TL bakiyenin tamamını internette "
      "kullanabileceğiniz bir koda çevirdim, ayrı bir e-postayla gönderdim.",
      "problem", ("hediye-karti",), "normal"),
    R("Vazo kırık geldi",
      "Sipariş ettiğim cam vazo paramparça geldi. Kutu dışarıdan sağlam görünüyordu. "
      "Fotoğraflarım var.",
      "Merhaba {first_name},\n\nÇok üzüldük. Parçaları geri göndermenize gerek yok. Bir "
      "fotoğraf göndermeniz yeterli, hemen yenisini gönderelim ya da ücretini iade edelim.",
      "complaint", ("hasarli", "teslimat"), "normal"),
    R("Mağazadan teslim siparişim hazır mı?",
      "Henüz SMS gelmedi. Bu öğleden sonra mağazaya gelip siparişimi alabilir miyim?",
      "Merhaba {first_name},\n\nEvet, siparişiniz kasada hazır. Sipariş numaranızı ya da "
      "ödeme yaptığınız kartı getirmeniz yeterli. Mağaza saat 22:00'ye kadar açık.",
      "question", ("magazadan-teslim",), "low"),
    R("Son alışverişimin puanları yüklenmedi",
      "Geçen hafta 2.500 TL'lik alışveriş yaptım ama kartıma puan eklenmedi.",
      "Merhaba {first_name},\n\nO gün kasada kartınız okutulmamış. Puanlarınızı elle ekledim, "
      "uygulamada görünüyor.",
      "request", ("sadakat",), "low"),
    R("Bir sipariş için iki kez çekim yapıldı",
      "Banka ekstremde aynı sipariş için iki kez 1.299 TL çekilmiş. Birinin iadesini rica "
      "ediyorum.",
      "Merhaba {first_name},\n\nHaklısınız, zaman aşımı sonrası ödeme iki kez alınmış. İkinci "
      "çekimi bugün iade ettim, birkaç gün içinde hesabınıza yansır.",
      "incident", ("odeme", "iade"), "high"),
    R("Teslimat adresini değiştirmek istiyorum",
      "Bir saat önce sipariş verdim ve yanlışlıkla eski adresimi yazdım. Değiştirebilir "
      "misiniz?",
      "Merhaba {first_name},\n\nTam zamanında yazdınız: sipariş henüz depodan çıkmamıştı, "
      "adresi güncelledim. Yeni onay e-postası gelecek.",
      "request", ("teslimat",), "high"),
    R("Kabinlerdeki personel çok kabaydı",
      "Dün deneme kabinlerindeki bir çalışanınız 76 yaşındaki anneme çok kaba davrandı. "
      "Bilmeniz gerektiğini düşünüyorum.",
      "Merhaba {first_name},\n\nBize bildirdiğiniz için teşekkür ederiz, annenizden de özür "
      "dileriz. Konuyu mağaza müdürüne ilettim, ekiple görüşecek.",
      "complaint", ("magaza-deneyimi",), "normal"),
    R("Kahve makinesi su sızdırıyor",
      "Mart ayında aldığım espresso makinesi her kullanımdan sonra alttan su sızdırıyor.",
      "Merhaba {first_name},\n\nBu bir conta arızasına benziyor ve garanti kapsamında. Tamir "
      "için adresinizden alabiliriz ya da mağazada değiştirebiliriz; hangisi size uygun?",
      "incident", ("garanti", "elektronik"), "normal"),
)

PACK = LanguagePack(
    code="tr",
    country="TR",
    time_zone="Europe/Istanbul",
    female_first=("Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Merve", "Büşra", "Selin",
                  "Gül", "Derya", "Esra", "Hülya"),
    female_last=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
                 "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Çetin"),
    male_first=("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Emre", "Burak", "Murat",
                "Oğuz", "Kerem", "Can", "Serkan"),
    male_last=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
               "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Çetin"),
    email_domains=("example.com.tr", "example.com", "posta.example.net"),
    requests=REQUESTS,
    follow_ups=(
        "Dönüşünüz için teşekkürler. Benden başka bir bilgi gerekiyor mu?",
        "Dediğinizi denedim ama maalesef işe yaramadı. Şimdi ne yapabilirim?",
        "İstediğiniz fotoğrafı ekledim. Sipariş numarası fişte yazıyor.",
        "Bunun yaklaşık ne kadar süreceğini söyleyebilir misiniz?",
    ),
    thanks=("Harika, çok teşekkür ederim!", "Bugün elime ulaştı, sorun çözüldü. Teşekkürler!",
            "Hızlı yardımınız için teşekkürler."),
    agent_follow_ups=(
        "Teşekkürler {first_name}, bu bilgiler yeterli. Haber alır almaz size yazacağım.",
        "Her şeyin yolunda olup olmadığını sormak istedim: ürün elinize ulaştı mı?",
        "Bugün tekrar takip ettim, yarına kadar size bilgi vereceğim.",
    ),
    notes=(
        "Sistemde stoğa baktım: {branch} mağazasında iki adet kaldı.",
        "Müşteri ayrıca telefonla da aradı, aynı konu. Görüşmeyi buraya bağladım.",
        "Kargo firmasına hasar kaydı açıldı, referans kargo portalında.",
        "Vardiya sorumlusu jest çekini onayladı.",
    ),
    handoffs=(
        "Garanti tamiri randevusu gerekiyor; müşteri adresten teslim almayı tercih ediyor. "
        "Seri numarası yazışmada var.",
        "Online ekibe devrediyorum: mağaza alışverişi değil, internet siparişi.",
    ),
    escalations=(
        "Aynı sipariş için üçüncü başvuru, müşteri çok mağdur.",
        "İade tutarı temsilci limitinin üzerinde, müdür onayı gerekiyor.",
    ),
    macros=(
        ("İade onaylandı", "Merhaba {{customer.first_name}},\n\n{{ticket.reference}} numaralı "
         "talebinizin iadesi onaylandı. Tutar genellikle 3-5 iş günü içinde kartınıza "
         "yansır.\n\nSaygılarımızla,\n{{agent.first_name}}"),
        ("Fotoğraf rica", "Merhaba {{customer.first_name}},\n\nÜrünün ve etiketinin bir "
         "fotoğrafını gönderebilir misiniz? Böylece daha hızlı çözebiliriz.\n\n"
         "{{agent.first_name}}"),
    ),
    organizations=("Boğaziçi Otelcilik A.Ş.", "Moda Kafe Ltd. Şti."),
)
# fmt: on
