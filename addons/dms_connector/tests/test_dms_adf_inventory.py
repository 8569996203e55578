import os

from .common import DmsCase

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "lib", "tests", "samples")


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as handle:
        return handle.read()


class TestAdfLeads(DmsCase):

    def push_adf(self, body):
        return self.backend._import_body(body, "application/xml")

    def sales_ups(self):
        return self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id)]).mapped("odoo_id")

    def test_an_adf_lead_makes_a_sales_up_with_its_intake_moment(self):
        result = self.push_adf(sample("adf_basic.xml"))
        self.assertEqual(result, [{"external_id": "provider:autoportal:AP-1001", "status": "accepted", "reason": ""}])
        lead = self.sales_ups()
        self.assertEqual(len(lead), 1)
        self.assertEqual((lead.contact_name, lead.contact_lastname, lead.lead_type, lead.lead_status),
                         ("Jan", "de Vries", "web", "warm"))
        self.assertEqual(lead.lead_date, "2026-11-02 09:15:00")
        self.assertEqual(lead.email_from, "jan@example.nl")
        self.assertEqual(lead.source_id.name, "AutoPortal")
        self.assertEqual([(car.make, car.model, car.colour) for car in lead.desired_vehicle_ids],
                         [("Volkswagen", "Golf", "Blue")])
        intake = lead.contact_moment_ids.filtered(lambda moment: moment.kind == "lead")
        self.assertEqual(len(intake), 1)
        self.assertEqual((intake.origin, intake.phase_id.code), ("dms", "lead_digital"))

    def test_a_resend_never_makes_a_second_sales_up(self):
        self.push_adf(sample("adf_basic.xml"))
        resend = sample("adf_basic.xml").replace(b'status="new"', b'status="resend"', 1).replace(b"\n", b"\r\n")
        self.assertEqual(self.push_adf(resend)[0]["status"], "duplicate")
        # same prospect id and vendor, another provider id spelling: still the same lead
        changed = sample("adf_basic.xml").replace(b"<model>Golf</model>", b"<model>Polo</model>")
        self.assertEqual(self.push_adf(changed)[0]["status"], "updated")
        lead = self.sales_ups()
        self.assertEqual(len(lead), 1)
        self.assertEqual(sorted(lead.desired_vehicle_ids.mapped("model")), ["Golf", "Polo"])
        self.assertEqual(len(lead.contact_moment_ids.filtered(lambda moment: moment.kind == "lead")), 1)

    def test_importer_leads_with_several_vehicles_and_trade_ins(self):
        self.push_adf(sample("adf_quirks.xml"))
        lead = self.sales_ups()
        self.assertEqual(lead.lead_type, "importer")
        self.assertEqual(sorted(lead.desired_vehicle_ids.mapped("model")), ["A3", "Q4"])
        self.assertEqual(sorted(lead.trade_in_ids.mapped("model")), ["Astra", "Panda"])
        panda = lead.trade_in_ids.filtered(lambda trade: trade.model == "Panda")
        self.assertEqual(panda.mileage, 80467)
        intake = lead.contact_moment_ids.filtered(lambda moment: moment.kind == "lead")
        self.assertEqual(intake.phase_id.code, "lead_importer")

    def test_a_bad_prospect_is_quarantined_and_the_good_one_stored(self):
        results = self.push_adf(sample("adf_mixed.xml"))
        self.assertEqual([res["status"] for res in results], ["quarantined", "accepted"])
        entry = self.env["dms.quarantine"].search([("kind", "=", "adf"), ("backend_id", "=", self.backend.id)])
        self.assertIn("email address or a phone number", entry.reason)
        self.assertIn("<adf>", entry.payload)


class TestInventoryFeed(DmsCase):

    def test_each_bad_row_is_quarantined_and_the_rest_imports(self):
        results = self.backend._import_inventory(sample("inventory_feed.csv"))
        self.assertEqual([res["status"] for res in results], [
            "accepted", "quarantined", "quarantined", "quarantined", "quarantined", "quarantined", "accepted",
            "quarantined", "accepted"])
        Vehicle = self.env["presales.stock.vehicle"]
        golf = Vehicle.search([("stock_number", "=", "S-100")])
        self.assertEqual((golf.model, golf.price, golf.dms_condition), ("Golf", 32500.0, "new"))
        self.assertEqual(golf.dms_options, "Navigation; Heated seats; Towbar")
        self.assertEqual(Vehicle.search([("stock_number", "=", "S-105")]).state, "sold")
        reasons = self.env["dms.quarantine"].search(
            [("kind", "=", "inventory"), ("backend_id", "=", self.backend.id)]).mapped("reason")
        self.assertEqual(len(reasons), 6)
        self.assertTrue(all(reason.startswith("field ") for reason in reasons))

    def test_a_feed_again_is_duplicate_and_removed_cars_change_state(self):
        body = b"vin,stock,make,model,price,status\nWVWZZZ1KZAW000001,S-1,VW,Golf,100,\n"
        self.assertEqual(self.backend._import_inventory(body)[0]["status"], "accepted")
        self.assertEqual(self.backend._import_inventory(body)[0]["status"], "duplicate")
        removed = body.replace(b"100,", b"100,removed")
        self.assertEqual(self.backend._import_inventory(removed)[0]["status"], "updated")
        car = self.env["presales.stock.vehicle"].search([("stock_number", "=", "S-1")])
        self.assertEqual(car.state, "removed")
