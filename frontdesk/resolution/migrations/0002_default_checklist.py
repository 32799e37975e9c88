"""The default solve checklist in every language of the installation, and a schedule row
for each ticket that is solved now (so that follow-up and auto-close see it)."""

from django.db import migrations

DEFAULT_ITEMS = [
    {
        "en": "Was the problem fully solved?",
        "tr": "Sorun tamamen çözüldü mü?",
        "lv": "Vai problēma ir pilnībā atrisināta?",
        "sk": "Bol problém úplne vyriešený?",
        "sl": "Ali je bila težava v celoti rešena?",
    },
    {
        "en": "Did you ask the customer: is there anything else I can help you with?",
        "tr": "Müşteriye “Size yardımcı olabileceğim başka bir konu var mı?” diye sordunuz mu?",
        "lv": "Vai jautājāt klientam: “Vai varu jums vēl kaut kā palīdzēt?”",
        "sk": "Opýtali ste sa zákazníka: „Môžem vám ešte s niečím pomôcť?“",
        "sl": "Ali ste stranko vprašali: »Vam lahko pomagam še pri čem?«",
    },
]
BATCH = 5000


def create_defaults(apps, schema_editor):
    ChecklistItem = apps.get_model("resolution", "ChecklistItem")
    if not ChecklistItem.objects.exists():
        for position, texts in enumerate(DEFAULT_ITEMS, start=1):
            ChecklistItem.objects.create(
                position=position * 10, active=True, required=True, texts=texts
            )
    Ticket = apps.get_model("tickets", "Ticket")
    SolvedTicket = apps.get_model("resolution", "SolvedTicket")
    solved = (
        Ticket.objects.filter(status="solved", solved_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "solved_at")
    )
    rows = []
    for ticket_id, solved_at in solved.iterator(chunk_size=BATCH):
        rows.append(SolvedTicket(ticket_id=ticket_id, solved_at=solved_at))
        if len(rows) >= BATCH:
            SolvedTicket.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    SolvedTicket.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_initial"), ("tickets", "0004_email_delivery_fields")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
