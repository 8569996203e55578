import base64

from odoo.addons.automotive_configurator.tests.common import ConfiguratorCase
from odoo.addons.automotive_presales.tests.common import sales_up_values

# What identifies the person of the fixture: each string occurs nowhere else in the database, so
# a scan of every text column finds exactly what is left of them.
MARKERS = {
    "name": "Zwartkopveld",
    "email": "fenna.zwartkopveld@example.nl",
    "phone": "+31 6 4455 6677",
    "mobile": "06 9988 7766",
    "street": "Lindengracht 217",
    "zip": "1797 XQ",
    "city": "Oosterend-Texel",
    "licence": "NL5566778899",
    "iban": "NL18RABO0123459876",
    "vin": "WVWZZZ1KZ8W765432",
}
# the forms a phone or zip takes once normalised (duplicate keys, DMS payloads)
SCAN = tuple(MARKERS.values()) + ("44556677", "99887766", "1797XQ", "fenna.zwartkopveld")


class PrivacyCase(ConfiguratorCase):
    """The dealer group of ConfiguratorCase and one person, Fenna Zwartkopveld, with data in every
    model that can hold a person: a sales up with contact moments, a test drive with licence
    data, wishes, a trade-in, a finance quote, a sent offer (mail and PDF), a calendar event,
    messages, files, a planned activity, consents, a bank account and the DMS's id and queues."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create({
            "firstname": "Fenna", "lastname": MARKERS["name"], "customer": True, "email": MARKERS["email"],
            "phone": MARKERS["phone"], "mobile": MARKERS["mobile"], "street": MARKERS["street"],
            "zip": MARKERS["zip"], "city": MARKERS["city"], "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "comment": "Prefers calls after 18:00, ask for Fenna %s" % MARKERS["name"]})
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Golf for Fenna %s" % MARKERS["name"], "partner_id": cls.person.id, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id, "email_from": MARKERS["email"], "phone": MARKERS["phone"],
            "street": MARKERS["street"], "zip": MARKERS["zip"], "city": MARKERS["city"],
            "description": "Fenna %s wants a Golf before summer" % MARKERS["name"],
            "lead_date": "2026-03-02 09:00:00"}))
        Moment = cls.env["presales.contact.moment"]
        cls.moments = Moment.browse()
        for kind, when in (("call", "2026-03-02 09:30:00"), ("showroom_visit", "2026-03-04 10:00:00"),
                           ("test_drive", "2026-03-05 14:00:00")):
            cls.moments |= Moment.create({
                "lead_id": cls.lead.id, "kind": kind, "occurred_at": when, "user_id": cls.sales_a.id,
                "summary": "%s with Fenna %s (%s)" % (kind, MARKERS["name"], MARKERS["mobile"]),
                "privacy_confirmed": True, "privacy_confirm_reason": "fixture"})
        cls.drive = cls.env["presales.test.drive"].create({
            "lead_id": cls.lead.id, "partner_id": cls.person.id, "licence_number": MARKERS["licence"],
            "licence_expiry": "2031-05-01", "start_datetime": "2031-03-05 14:00:00",
            "stop_datetime": "2031-03-05 14:30:00", "feedback": "Fenna %s liked it" % MARKERS["name"],
            "user_id": cls.sales_a.id})
        cls.desired = cls.env["presales.desired.vehicle"].create({
            "lead_id": cls.lead.id, "make": "Volkswagen", "model": "Golf",
            "notes": "call %s in the evening" % MARKERS["phone"]})
        cls.trade_in = cls.env["presales.trade.in"].create({
            "lead_id": cls.lead.id, "make": "Opel", "model": "Corsa", "vin": "W0L0XCF6814123456",
            "notes": "Corsa of %s, garage at %s" % (MARKERS["name"], MARKERS["street"])})
        cls.quote = cls.env["presales.finance.quote"].create({
            "lead_id": cls.lead.id, "kind": "loan", "vehicle_price": 30000, "down_payment": 5000,
            "term_months": 48, "annual_rate": 5.9, "is_chosen": True})
        cls.configuration = cls.configure(cls.lead)
        cls.offer = cls.env["presales.offer"].create({
            "lead_id": cls.lead.id, "configuration_ids": [(6, 0, cls.configuration.ids)]})
        cls.offer.sudo(cls.sales_a).action_send()
        cls.event = cls.env["calendar.event"].create({
            "name": "Delivery talk with Fenna %s" % MARKERS["name"], "start": "2031-04-01 10:00:00",
            "stop": "2031-04-01 11:00:00", "opportunity_id": cls.lead.id,
            "partner_ids": [(6, 0, [cls.person.id, cls.sales_a.partner_id.id])],
            "location": MARKERS["street"]})
        cls.lead.message_post(body="Fenna %s called back from %s" % (MARKERS["name"], MARKERS["mobile"]),
                              message_type="comment", subtype="mail.mt_note")
        cls.person.message_post(body="Mail from %s" % MARKERS["email"], message_type="email",
                                author_id=cls.person.id, email_from=MARKERS["email"])
        cls.attachment = cls.env["ir.attachment"].create({
            "name": "licence-%s.txt" % MARKERS["name"], "res_model": "crm.lead", "res_id": cls.lead.id,
            "datas": base64.b64encode(("Driving licence %s of %s" % (MARKERS["licence"], MARKERS["name"])).encode()),
            "datas_fname": "licence.txt"})
        cls.activity = cls.env["mail.activity"].create({
            "res_model_id": cls.env.ref("crm.model_crm_lead").id, "res_id": cls.lead.id,
            "summary": "Call Fenna %s" % MARKERS["name"], "note": "on %s" % MARKERS["phone"],
            "user_id": cls.sales_a.id, "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id})
        cls.bank = cls.env["res.partner.bank"].create({"acc_number": MARKERS["iban"], "partner_id": cls.person.id})
        cls.backend = cls.env["dms.backend"].create({"name": "Privacy DMS", "code": "privacy-dms"})
        cls.env["dms.partner.binding"].create({"backend_id": cls.backend.id, "external_id": "CUST-4711",
                                               "odoo_id": cls.person.id})
        cls.env["dms.quarantine"].create({
            "backend_id": cls.backend.id, "kind": "moment", "external_id": "M-9", "reason": "unknown type",
            "payload": '{"customer": {"external_id": "CUST-4711", "email": "%s", "phone": "%s"}}' % (
                MARKERS["email"], MARKERS["phone"])})
        # the floor app's record of her visit, and the car the DMS says she drives
        cls.visit = cls.env["presales.showroom.visit"].sudo(cls.sales_a).create({
            "lead_id": cls.lead.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "checkin_at": "2026-03-04 10:00:00", "checkout_at": "2026-03-04 11:00:00",
            "note": "Fenna %s came by, call %s" % (MARKERS["name"], MARKERS["mobile"])})
        cls.env["dms.customer.vehicle"].create({
            "partner_id": cls.person.id, "backend_id": cls.backend.id, "vehicle_id": "VEH-1",
            "vin": MARKERS["vin"], "make": "Volkswagen", "model": "Up"})
        cls.consent_given = cls.env["dealer.consent"].create({
            "partner_id": cls.person.id, "channel": "email", "purpose": "marketing", "state": "given",
            "source": "in_person", "reason": "said yes at the showroom", "given_at": "2026-03-04 10:05:00"})
