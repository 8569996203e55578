from lxml import etree

from .vehicles_common import VehiclesCase


class TestSalesUpKanban(VehiclesCase):
    """A pipeline card shows what a dealer scans for."""

    def test_the_card_shows_status_desired_car_next_activity_attention_and_salesperson(self):
        Desired = self.env["presales.desired.vehicle"]
        Desired.create({"lead_id": self.lead_a.id, "stock_vehicle_id": self.golf.id})
        Desired.create({"lead_id": self.lead_a.id, "make": "Skoda", "model": "Enyaq"})
        self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id, "res_id": self.lead_a.id,
            "user_id": self.sales_a.id, "summary": "Call about the trade-in", "date_deadline": "2031-03-10"})
        self.lead_a.invalidate_cache()
        card = self.lead_a.sudo(self.sales_a).read(
            ["lead_status", "desired_vehicle_label", "presales_next_activity", "needs_attention", "user_id"])[0]
        self.assertEqual(card["desired_vehicle_label"], "2024 Volkswagen Golf Life (STK1042) (+1)")
        self.assertEqual(card["presales_next_activity"], "2031-03-10: Call about the trade-in")
        arch = etree.fromstring(self.env.ref("automotive_presales.crm_lead_view_kanban_sales_up").arch)
        box = arch.xpath("//t[@t-name='kanban-box']")[0]
        shown = {field.get("name") for field in box.iter("field")}
        self.assertLessEqual({"lead_status", "desired_vehicle_label", "presales_next_activity", "activity_ids"}, shown)
        self.assertIn("needs_attention", etree.tostring(box).decode())
        self.assertTrue(box.xpath("//img[contains(@t-att-src, 'record.user_id.raw_value')]"))
