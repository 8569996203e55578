from odoo.exceptions import AccessError, UserError

from ..lib import lifecycle, stock
from .common import sales_up_values
from .vehicles_common import VehiclesCase


class TestDeal(VehiclesCase):
    """One owner for "sold": the stored outcome, the car's one state machine, Mark Won that asks,
    the agreement that wins once whoever brings it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.golf_for_a = cls.env["presales.desired.vehicle"].create(
            {"lead_id": cls.lead_a.id, "stock_vehicle_id": cls.golf.id})

    def _kinds(self, lead):
        return sorted(lead.sudo().contact_moment_ids.mapped("kind"))

    def _win_wizard(self, lead, user, **values):
        Wizard = self.env["presales.win"].sudo(user).with_context(active_id=lead.id)
        wizard = Wizard.create(dict(Wizard.default_get(list(Wizard._fields)), **values))
        return wizard

    # ---- the outcome, stored once

    def test_the_stored_outcome_agrees_with_the_rule_and_its_sql_for_every_combination(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = Lead
        for active in (True, False):
            for probability in (0, 40, 100):
                for status in ("hot", "sold", "bought_elsewhere"):
                    leads |= Lead.create(sales_up_values({
                        "name": "Combination %s %s %s" % (active, probability, status), "user_id": self.sales_a.id,
                        "team_id": self.branch_a.id, "probability": probability, "lead_status": status,
                        "lost_reason": self.loss_reason.id}))
                    # raw facts, as an import of old data may hold them
                    leads[-1:]._presales_write_facts({"active": active, "probability": probability,
                                                      "lead_status": status})
        leads.invalidate_cache()
        for lead in leads:
            self.assertEqual(lead.lifecycle_state, lifecycle.state(lead.active, lead.probability, lead.lead_status))
        for state in lifecycle.STATES:
            self.env.cr.execute("SELECT id FROM crm_lead WHERE id IN %s AND " + lifecycle.sql_predicate(state),
                                (tuple(leads.ids),))
            by_sql = {row[0] for row in self.env.cr.fetchall()}
            self.assertEqual(by_sql, set(leads.filtered(lambda lead: lead.lifecycle_state == state).ids), state)
            # the domain our views and the other addons use says the same
            self.assertEqual(set(Lead.search([("id", "in", leads.ids)] + lifecycle.domain(state)).ids), by_sql, state)

    def test_bought_elsewhere_is_lost_in_the_views_filters(self):
        self.lead_a2.write({"lead_status": "bought_elsewhere", "lost_reason": self.loss_reason.id})
        self.assertTrue(self.lead_a2.active)
        self.assertEqual(self.lead_a2.lifecycle_state, lifecycle.LOST)
        Lead = self.env["crm.lead"].sudo(self.sales_a2)
        lost = Lead.search([("lifecycle_state", "=", "lost"), ("active", "in", [True, False])])
        self.assertIn(self.lead_a2, lost)
        self.assertNotIn(self.lead_a2, Lead.search([("lifecycle_state", "in", ("open", "won"))]))

    # ---- the car: one state machine, one writer

    def test_nobody_writes_a_cars_state_but_its_events(self):
        for user in (self.manager_a, self.director):
            for field, value in (("state", "sold"), ("reserved_lead_id", self.lead_a.id)):
                with self.assertRaises(UserError) as refused, self.cr.savepoint():
                    self.golf.sudo(user).write({field: value})
                self.assertIn("Stock vehicle STK1042", refused.exception.name)
        with self.assertRaises(UserError), self.cr.savepoint():
            self.golf.write({"state": "removed"})
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env["presales.stock.vehicle"].create({
                "stock_number": "STK9", "vin": "1HGCM82633A999999", "make": "VW", "model": "Up", "state": "sold"})
        self.assertEqual(self.golf.state, stock.AVAILABLE)

    def test_winning_keeps_the_car_reserved_and_losing_frees_it(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).action_set_won()
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id), (stock.RESERVED, self.lead_a))
        self.assertEqual(self.golf_for_a.reservation_state, "reserved")
        # a colleague cannot take it from the won sales up
        wish_b = self.env["presales.desired.vehicle"].create(
            {"lead_id": self.lead_a2.id, "stock_vehicle_id": self.golf.id})
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            wish_b.sudo(self.sales_a2).action_reserve()
        self.assertIn("reserved for another sales up (branch Branch A)", refused.exception.name)
        self.assertNotIn(self.lead_a.name, refused.exception.name)
        # re-opened and lost: back on the lot for everyone
        self.lead_a.sudo(self.sales_a).action_presales_reopen()
        self.assertEqual((self.lead_a.lifecycle_state, self.golf.state), (lifecycle.OPEN, stock.RESERVED))
        self.lead_a.sudo(self.sales_a).write({"lost_reason": self.loss_reason.id})
        self.lead_a.sudo(self.sales_a).action_set_lost()
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id.id), (stock.AVAILABLE, False))
        wish_b.sudo(self.sales_a2).action_reserve()
        self.assertEqual(self.golf.reserved_lead_id, self.lead_a2)

    def test_a_manager_removes_a_car_and_puts_it_back(self):
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.tiguan.sudo(self.sales_a).action_remove_from_stock()
        self.tiguan.sudo(self.manager_a).action_remove_from_stock()
        self.assertEqual(self.tiguan.state, stock.REMOVED)
        wish = self.env["presales.desired.vehicle"].create(
            {"lead_id": self.lead_a.id, "stock_vehicle_id": self.tiguan.id})
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            wish.sudo(self.sales_a).action_reserve()
        self.assertIn("no longer in stock", refused.exception.name)
        self.tiguan.sudo(self.manager_a).action_back_in_stock()
        wish.sudo(self.sales_a).action_reserve()
        self.assertEqual(self.tiguan.state, stock.RESERVED)

    def test_the_desired_vehicle_offers_only_cars_it_may_take(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        Vehicle = self.env["presales.stock.vehicle"]
        domain = ["|", ("state", "=", "available"), ("reserved_for_lead_id", "=", self.lead_a.id)]
        self.assertEqual(set(Vehicle.sudo(self.sales_a).search(domain).ids) & set((self.golf | self.tiguan).ids),
                         set((self.golf | self.tiguan).ids))
        domain_b = ["|", ("state", "=", "available"), ("reserved_for_lead_id", "=", self.lead_a2.id)]
        offered = Vehicle.sudo(self.sales_a2).search(domain_b)
        self.assertNotIn(self.golf, offered)
        self.assertIn(self.tiguan, offered)
        # whom a car is held for stays hidden from a colleague: asking for another's sales up finds nothing
        self.assertFalse(Vehicle.sudo(self.sales_b).search([("reserved_for_lead_id", "=", self.lead_a.id)]))

    # ---- Mark Won asks

    def test_mark_won_asks_price_car_and_delivery_date(self):
        action = self.lead_a.sudo(self.sales_a).action_set_won_rainbowman()
        self.assertEqual((action["res_model"], action["target"]), ("presales.win", "new"))
        empty = self._win_wizard(self.lead_a2, self.sales_a2, planned_revenue=0)
        self.assertFalse(empty.stock_vehicle_id)
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            empty.action_win()
        self.assertIn("the sale price and the car and the planned delivery date", refused.exception.name)
        self.assertEqual(self.lead_a2.lifecycle_state, lifecycle.OPEN)

        self.golf_for_a.sudo(self.sales_a).action_reserve()
        wizard = self._win_wizard(self.lead_a, self.sales_a)
        # taken from the car held for the sales up
        self.assertEqual((wizard.stock_vehicle_id, wizard.planned_revenue), (self.golf, 31990.0))
        wizard.write({"planned_revenue": 31500.0, "delivery_date": "2026-12-20"})
        wizard.action_win()
        self.assertEqual(self.lead_a.lifecycle_state, lifecycle.WON)
        self.assertEqual((self.lead_a.planned_revenue, self.lead_a.delivery_date), (31500.0, "2026-12-20"))
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id), (stock.RESERVED, self.lead_a))
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "lead"])

    def test_mark_won_with_a_car_from_stock_holds_it(self):
        wizard = self._win_wizard(self.lead_a2, self.sales_a2, stock_vehicle_id=self.tiguan.id,
                                  planned_revenue=45000, delivery_date="2027-01-15")
        wizard.action_win()
        self.assertEqual((self.tiguan.state, self.tiguan.reserved_lead_id), (stock.RESERVED, self.lead_a2))
        self.assertEqual(self.lead_a2.desired_vehicle_ids.filtered("stock_vehicle_id").reservation_state, "reserved")

    def test_a_drag_to_won_takes_the_price_of_the_held_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        won_stage = self.lead_a._stage_find(domain=[("probability", "=", 100.0), ("on_change", "=", True)])
        self.lead_a.sudo(self.sales_a).write({"stage_id": won_stage.id})
        self.assertEqual((self.lead_a.lifecycle_state, self.lead_a.planned_revenue), (lifecycle.WON, 31990.0))

    # ---- the agreement moment wins, once

    def test_an_agreement_moment_wins_its_sales_up_once_whoever_logs_it(self):
        Moment = self.env["presales.contact.moment"]
        Moment.sudo(self.sales_a).create({"kind": "agreement", "summary": "Signed in the showroom",
                                          "lead_id": self.lead_a.id})
        self.assertEqual(self.lead_a.lifecycle_state, lifecycle.WON)
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "lead"])
        self.assertEqual(self.lead_a.sales_step_ids.mapped("step"), ["signed"])
        # a DMS ORDER moment for a sales up won already: nothing more happens
        Moment.create({"kind": "agreement", "summary": "ORDER", "lead_id": self.lead_a.id, "origin": "dms",
                       "user_id": self.sales_a.id})
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "agreement", "lead"])
        self.assertEqual(len(self.lead_a.sales_step_ids), 1)

    def test_the_dms_order_of_a_lost_sales_up_wins_it_after_all(self):
        self.lead_b.write({"lost_reason": self.loss_reason.id})
        self.lead_b.action_set_lost()
        self.assertEqual(self.lead_b.lifecycle_state, lifecycle.LOST)
        self.env["presales.contact.moment"].create({
            "kind": "agreement", "summary": "ORDER", "lead_id": self.lead_b.id, "origin": "dms",
            "user_id": self.sales_b.id})
        lead = self.lead_b.with_context(active_test=False)
        self.assertEqual((lead.lifecycle_state, lead.active, lead.lost_reason.id), (lifecycle.WON, True, False))
        self.assertEqual(sorted(lead.sudo().contact_moment_ids.mapped("kind")), ["agreement", "lead", "lost"])

    def test_the_bulk_path_hook_wins_the_sales_ups_of_the_moments_it_stored(self):
        moments = self.env["presales.contact.moment"].browse()
        for lead in (self.lead_a, self.lead_b):
            self.env.cr.execute("""
                INSERT INTO presales_contact_moment (occurred_at, kind, summary, user_id, lead_id, phase_id,
                                                     origin, company_id, direction)
                VALUES (now() at time zone 'utc', 'agreement', 'ORDER', %s, %s,
                        (SELECT id FROM presales_funnel_phase WHERE code = 'sales_agreement'), 'dms', %s, 'inbound')
                RETURNING id""", (lead.user_id.id, lead.id, self.env.user.company_id.id))
            moments |= moments.browse(self.env.cr.fetchone()[0])
        moments._lifecycle_after_store()
        self.assertEqual((self.lead_a | self.lead_b).mapped("lifecycle_state"), [lifecycle.WON, lifecycle.WON])
        self.assertEqual(self._kinds(self.lead_b), ["agreement", "lead"])
