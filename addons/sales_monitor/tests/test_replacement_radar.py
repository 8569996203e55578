import datetime

from odoo import fields

from ..lib import monitor
from odoo.addons.automotive_presales.tests.common import load_dutch

from .common import MonitorCase


class TestReplacementRadar(MonitorCase):
    """Customers of each salesperson who may want their next car, with the reasons in words.

    Anna (sales_a's portfolio) traded in nothing but won a 48-month lease 46 months ago; Bert
    (sales_b's) has an old, high-mileage trade-in on a lost sales up and four workshop visits this
    year; Carla (sales_a's) has a young car and one visit: not on the radar.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = datetime.datetime.utcnow().replace(microsecond=0)
        Partner = cls.env["res.partner"]
        cls.anna = Partner.create({"firstname": "Anna", "lastname": "Radar", "customer": True,
                                   "user_id": cls.sales_a.id})
        cls.bert = Partner.create({"firstname": "Bert", "lastname": "Radar", "customer": True,
                                   "user_id": cls.sales_b.id})
        cls.carla = Partner.create({"firstname": "Carla", "lastname": "Radar", "customer": True,
                                    "user_id": cls.sales_a.id})
        won = cls._lead("Anna's lease", cls.sales_a, cls.branch_a, "web", "2023-01-05 10:00:00", cls.anna, 30000,
                        80, "warm")
        cls.env["presales.finance.quote"].create({"lead_id": won.id, "kind": "lease", "term_months": 48,
                                                  "vehicle_price": 30000,
                                                  "is_chosen": True})
        won.write({"probability": 100})
        closed = fields.Datetime.to_string(now - datetime.timedelta(days=46 * 30.44))
        cls.env.cr.execute("UPDATE crm_lead SET date_closed = %s WHERE id = %s", (closed, won.id))
        old = cls._lead("Bert's old car", cls.sales_b, cls.branch_b, "web", "2025-05-01 10:00:00", cls.bert, 20000,
                        20, "warm")
        cls.env["presales.trade.in"].create({"lead_id": old.id, "year": now.year - 9, "mileage": 185000,
                                            "make": "Opel", "model": "Astra"})
        old.write({"active": False, "lost_reason": cls.loss_reason.id})
        for days in (20, 80, 150, 300):
            cls.env["presales.contact.moment"].create({
                "kind": "workshop_visit", "summary": "Service", "partner_id": cls.bert.id, "user_id": cls.sales_b.id,
                "team_id": cls.branch_b.id, "origin": "dms",
                "occurred_at": fields.Datetime.to_string(now - datetime.timedelta(days=days))})
        young = cls._lead("Carla", cls.sales_a, cls.branch_a, "web", "2026-01-05 10:00:00", cls.carla, 20000, 20,
                          "warm")
        cls.env["presales.trade.in"].create({"lead_id": young.id, "year": now.year - 2, "mileage": 30000,
                                            "make": "Kia", "model": "Picanto"})
        young.write({"active": False, "lost_reason": cls.loss_reason.id})
        Radar = cls.env["sales_monitor.replacement.radar"]
        Radar.invalidate_cache()

    def _radar(self, user):
        return {row.partner_id: row for row in self.env["sales_monitor.replacement.radar"].sudo(user).search(
            [("partner_id", "in", (self.anna | self.bert | self.carla).ids)])}

    def test_each_salesperson_sees_their_customers_and_why(self):
        mine = self._radar(self.sales_a)
        self.assertEqual(set(mine), {self.anna})
        self.assertTrue(mine[self.anna].finance_ending)
        self.assertIn("Finance or lease ends on", mine[self.anna].reasons)
        theirs = self._radar(self.sales_b)
        self.assertEqual(set(theirs), {self.bert})
        bert = theirs[self.bert]
        self.assertEqual((bert.old_car, bert.high_mileage, bert.frequent_workshop, bert.finance_ending),
                         (True, True, True, False))
        self.assertEqual(bert.reasons.split("\n"), [
            "Car is 9 years old (6 or more)", "Car has 185000 km on the clock (120000 or more)",
            "4 workshop visits in the last 12 months (3 or more)"])
        self.assertEqual(set(self._radar(self.director)), {self.anna, self.bert})
        self.assertEqual(set(self._radar(self.manager_a)), {self.anna})

    def test_a_dutch_salesperson_reads_why_in_dutch(self):
        load_dutch(self.env, ["sales_monitor"])
        bert = self._radar(self.sales_b)[self.bert].with_context(lang="nl_NL")
        self.assertEqual(bert.reasons.split("\n")[0], "Auto is 9 jaar oud (6 of meer)")
        # the printed and exported lists head their columns in the user's language too
        report = self.env["sales_monitor.client.report"].with_context(lang="nl_NL")
        self.assertIn(("best_call_time", "Beste tijd om te bellen"), report._print_columns("phone"))
        self.assertEqual(self.env["report.sales_monitor.phone_contacts_xlsx"].with_context(
            lang="nl_NL")._pack_title, "Telefooncontacten")

    def test_one_click_makes_the_sales_up_and_the_customer_leaves_the_radar(self):
        row = self._radar(self.sales_b)[self.bert]
        action = row.action_create_sales_up()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual((lead.partner_id, lead.user_id, lead.team_id), (self.bert, self.sales_b, self.branch_b))
        self.assertIn("Car is 9 years old", lead.description)
        self.assertNotIn(self.bert, self._radar(self.sales_b), "an open sales up is being worked")

    def test_radar_sql_equals_the_python_rule(self):
        today = datetime.date.today()
        for row in self.env["sales_monitor.replacement.radar"].search([]):
            codes = [code for code, _words in monitor.replacement_reasons(
                row.car_year or None, row.mileage or None, fields.Date.from_string(row.finance_end),
                row.workshop_visits or None, today)]
            flags = [code for code in ("old_car", "high_mileage", "finance_ending", "frequent_workshop") if row[code]]
            self.assertEqual(flags, codes, row.partner_id.name)

    def test_the_thresholds_are_settings(self):
        self.env["res.config.settings"].create({"monitor_radar_visits": 5}).set_values()
        self.assertFalse(self._radar(self.director)[self.bert].frequent_workshop)
