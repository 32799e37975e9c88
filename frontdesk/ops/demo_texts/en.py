"""English demo conversations (London)."""

from frontdesk.ops.demo_texts import LanguagePack, Request

R = Request

# Hand-written text tables: keep them compact.
# fmt: off

REQUESTS = (
    R("Blouse fell apart after the first wash",
      "Hello,\n\nI bought a cream silk blouse in your Oxford Street shop ten days ago. I washed it "
      "once at 30 degrees exactly as the label says and the side seam has completely come "
      "apart. I still have the receipt. Can I get a replacement or my money back?\n\nThanks",
      "Hi {first_name},\n\nI'm sorry the blouse let you down after a single wash, that should "
      "not happen. Please bring it with the receipt to any of our shops and we will exchange it "
      "or refund you, whichever you prefer. If it is easier, reply with a photo of the seam and "
      "I can arrange a free return label instead.",
      "return", ("quality", "clothing"), "normal"),
    R("Do you stock Holo Glow nail polish?",
      "Hi, I was in the London shop on Saturday and couldn't find the Holo Glow nail polish "
      "range anywhere. Do you still sell it or has it been discontinued? I'm after shade 214.",
      "Hi {first_name},\n\nThank you for asking. We stopped stocking Holo Glow in shops in "
      "spring, but shade 214 is still available online and ships within two working days. I "
      "have passed your request to our beauty buyer as well, as you are not the first to ask.",
      "question", ("beauty", "stock"), "low"),
    R("Need the green wrap dress in size 12 TODAY",
      "I have a wedding tomorrow and the green wrap dress I ordered came in a 10 by mistake. "
      "Is there a size 12 in any London shop that I could pick up today? Order number is in "
      "the confirmation email. Please help!",
      "Hi {first_name},\n\nI checked the stock for you: our Oxford Street shop has two size 12 "
      "wrap dresses in green. I have asked the team to put one aside under your name until "
      "7 pm today. Just bring the size 10 along and they will swap it on the spot.",
      "request", ("clothing", "size-exchange"), "urgent"),
    R("Lawn mower stopped working after three weeks",
      "Our petrol lawn mower (bought in April) will not start any more. It pulls fine but the "
      "engine does not catch. We used fresh fuel. It is still under warranty, what do we do?",
      "Hi {first_name},\n\nSorry to hear about the mower. It is covered by the two-year "
      "warranty. We can collect it from your home for repair, or you can drop it at the London "
      "shop service desk. Could you send the serial number from the sticker under the handle?",
      "incident", ("warranty", "garden"), "normal"),
    R("Where is my order? 8 days and nothing",
      "I ordered a duvet set and two pillows eight days ago with standard delivery (3-5 days). "
      "The tracking has said 'in transit' since Monday. Nobody has been in touch.",
      "Hi {first_name},\n\nI'm sorry for the wait. I contacted the courier: your parcel was "
      "delayed at their depot and is now out for delivery tomorrow. I have refunded the "
      "delivery charge for the inconvenience.",
      "incident", ("delivery", "late"), "high"),
    R("Refund for returned jacket not received",
      "I returned a jacket by post two weeks ago and I have not had my refund yet. The return "
      "was signed for on the 3rd. How long does it take?",
      "Hi {first_name},\n\nThank you for your patience. I can see the jacket arrived at our "
      "warehouse and the refund was approved today. It usually takes 3-5 working days to "
      "appear on your card, depending on your bank.",
      "return", ("refund",), "normal"),
    R("Wrong item in my parcel",
      "I ordered a black rucksack but received a brown leather handbag instead. I would like "
      "the rucksack please, not a refund.",
      "Hi {first_name},\n\nApologies for the mix-up. I have sent the black rucksack by express "
      "delivery and emailed you a prepaid label for the handbag. No need to wait for the "
      "return before the new parcel arrives.",
      "problem", ("delivery", "wrong-item"), "normal"),
    R("Gift card doesn't work online",
      "My gift card is rejected at checkout with 'invalid code'. It was a birthday present "
      "and should have 50 pounds on it.",
      "Hi {first_name},\n\nI checked the card: it was issued for in-store use only, which is "
      "why the website rejects it. I have converted the full 50 pounds balance into an online "
      "voucher code, which you will find in a separate email.",
      "problem", ("gift-card",), "normal"),
    R("Vase arrived smashed",
      "The glass vase I ordered arrived in pieces. The box looked fine from the outside. I "
      "have photos.",
      "Hi {first_name},\n\nThat is disappointing, I'm sorry. No need to send the pieces back. "
      "Please reply with one photo and I will send a replacement or refund straight away.",
      "complaint", ("damaged", "delivery"), "normal"),
    R("Is my click and collect order ready?",
      "I got no text message yet. Can I come to the shop this afternoon to pick up my order?",
      "Hi {first_name},\n\nYes, your order is ready at the service desk. Bring the order "
      "number or the card you paid with. The shop is open until 8 pm.",
      "question", ("click-and-collect",), "low"),
    R("Loyalty points missing from last purchase",
      "I spent over 120 pounds last week but no points were added to my card.",
      "Hi {first_name},\n\nThe till did not scan your card that day. I have added the 120 "
      "points manually; they are already visible in the app.",
      "request", ("loyalty",), "low"),
    R("Charged twice for one order",
      "My bank statement shows two payments of 64.99 for the same order. Please refund one.",
      "Hi {first_name},\n\nYou are right, the payment went through twice after a timeout. The "
      "second payment has been refunded today and will show within a few days.",
      "incident", ("payment", "refund"), "high"),
    R("Change delivery address",
      "I placed an order an hour ago and entered my old address by mistake. Can you change it?",
      "Hi {first_name},\n\nCaught just in time: the order had not left the warehouse yet and "
      "I have updated the address. You will get a new confirmation email.",
      "request", ("delivery",), "high"),
    R("Unfriendly staff at the fitting rooms",
      "Yesterday a member of staff at the fitting rooms was really rude to my mother, who is "
      "76. I think you should know.",
      "Hi {first_name},\n\nThank you for telling us, and please pass our apologies to your "
      "mother. I have shared this with the shop manager, who will speak to the team.",
      "complaint", ("store-experience",), "normal"),
    R("Coffee machine leaking water",
      "The espresso machine I bought in March leaks water underneath after every use.",
      "Hi {first_name},\n\nThat sounds like a faulty seal, covered by the warranty. We can "
      "collect it for repair or exchange it in the shop; which suits you better?",
      "incident", ("warranty", "appliances"), "normal"),
)

PACK = LanguagePack(
    code="en",
    country="GB",
    time_zone="Europe/London",
    female_first=("Emily", "Sophie", "Olivia", "Charlotte", "Amelia", "Grace", "Hannah",
                  "Jessica", "Lucy", "Chloe", "Priya", "Fatima"),
    female_last=("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
                 "Davies", "Evans", "Walker", "Wright", "Patel", "Khan", "Hughes"),
    male_first=("James", "Oliver", "Harry", "Thomas", "George", "Jack", "William", "Daniel",
                "Samuel", "Matthew", "Arjun", "Connor"),
    male_last=("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson",
               "Davies", "Evans", "Walker", "Wright", "Patel", "Khan", "Hughes"),
    email_domains=("example.co.uk", "example.com", "mail.example.org"),
    requests=REQUESTS,
    follow_ups=(
        "Thanks for getting back to me. Is there anything else you need from me?",
        "I tried that but it did not help, unfortunately. What are my options now?",
        "Attached is the photo you asked for. The order number is on the receipt.",
        "Could you let me know roughly how long this will take?",
    ),
    thanks=("Brilliant, thank you so much!", "Received it today, all sorted. Thanks!",
            "Thank you for the quick help."),
    agent_follow_ups=(
        "Thanks {first_name}, that's all I need. I will update you as soon as I hear back.",
        "Just checking in: did everything arrive as expected?",
        "I have chased this again today and will let you know by tomorrow.",
    ),
    notes=(
        "Checked stock in the system: two left at {branch}.",
        "Customer called as well, same issue. Linked the call here.",
        "Courier claim opened, reference in the courier portal.",
        "Goodwill voucher approved by the shift lead.",
    ),
    handoffs=(
        "Needs a warranty repair booking; customer prefers collection from home. "
        "Serial number is in the thread.",
        "Handing over to the online team: it is a web order, not a shop purchase.",
    ),
    escalations=(
        "Third contact about the same order and the customer is very upset.",
        "Refund over the agent limit, needs a manager's approval.",
    ),
    macros=(
        ("Refund confirmed", "Hi {{customer.first_name}},\n\nYour refund for "
         "{{ticket.reference}} has been approved. It usually appears on your card within "
         "3-5 working days.\n\nBest wishes,\n{{agent.first_name}}"),
        ("Ask for a photo", "Hi {{customer.first_name}},\n\nCould you send us a photo of the "
         "item and the label? That helps us sort this out faster.\n\n{{agent.first_name}}"),
    ),
    organizations=("Harbour Events Ltd", "Greenfield Primary School", "Kensington Dental"),
)
# fmt: on
