from odoo.exceptions import AccessError, UserError, ValidationError

from .common import DealerCase, sales_up_values


class TestDistributionRules(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["presales.assignment.rule"]
        cls.rule_web_b = Rule.create({
            "name": "Web leads to branch B", "sequence": 5, "team_id": cls.branch_b.id,
            "lead_type": "web", "user_ids": [(6, 0, cls.sales_b.ids)]})
        cls.rule_a = Rule.create({
            "name": "Branch A", "sequence": 10, "team_id": cls.branch_a.id,
            "user_ids": [(6, 0, (cls.sales_a | cls.sales_a2).ids)]})

    def intake(self, name, **values):
        """A sales up as the DMS or the mail gateway creates it: as superuser, nobody named."""
        return self.env["crm.lead"].create(sales_up_values(dict(values, name=name, type="opportunity")))

    def test_new_sales_ups_of_a_branch_go_round_robin(self):
        leads = [self.intake("Lead %s" % number, team_id=self.branch_a.id) for number in range(3)]
        self.assertEqual([lead.user_id for lead in leads], [self.sales_a, self.sales_a2, self.sales_a])
        log = self.env["presales.assignment.log"].search([("lead_id", "=", leads[1].id)])
        self.assertEqual((log.rule_id, log.user_id), (self.rule_a, self.sales_a2))
        self.assertEqual(leads[1].assignment_log_ids, log)

    def test_a_salesperson_on_leave_is_passed_by(self):
        self.sales_a2.sudo(self.sales_a2).write({"presales_available": False})
        leads = [self.intake("Lead %s" % number, team_id=self.branch_a.id) for number in range(2)]
        self.assertEqual([lead.user_id for lead in leads], [self.sales_a, self.sales_a])
        self.assertEqual(self.rule_a.available_user_ids, self.sales_a)

    def test_first_matching_rule_by_sequence_also_sets_the_branch(self):
        lead = self.intake("Web form", lead_type="web")
        self.assertEqual(lead.user_id, self.sales_b)
        self.assertEqual(lead.team_id, self.branch_b)

    def test_the_make_rule_uses_the_makes_of_the_sales_up(self):
        volvo = self.env["presales.assignment.rule"].create({
            "name": "Volvo specialist", "sequence": 1, "make": "Volvo",
            "user_ids": [(6, 0, self.sales_a2.ids)]})
        # the make comes from what the customer asks for: a desired vehicle, here typed in by hand
        lead = self.intake("Volvo fan", team_id=self.branch_a.id, desired_vehicle_ids=[
            (0, 0, {"make": "VOLVO", "model": "XC60", "year": 2024})])
        self.assertEqual(lead.user_id, self.sales_a2)
        self.assertEqual(lead.assignment_log_ids.rule_id, volvo)
        self.assertEqual(self.intake("No make", team_id=self.branch_a.id).assignment_log_ids.rule_id, self.rule_a)

    def test_the_language_rule_uses_the_customers_language(self):
        self.env["res.lang"].load_lang("nl_NL")
        self.customer_a.lang = "nl_NL"
        dutch = self.env["presales.assignment.rule"].create({
            "name": "Dutch speakers", "sequence": 1, "lang": "nl_NL", "user_ids": [(6, 0, self.sales_a2.ids)]})
        lead = self.intake("Dutch customer", partner_id=self.customer_a.id, team_id=self.branch_a.id)
        self.assertEqual((lead.user_id, lead.assignment_log_ids.rule_id), (self.sales_a2, dutch))

    def test_no_matching_rule_leaves_the_sales_up_unassigned(self):
        lead = self.intake("Walk-in elsewhere", lead_type="walk_in", team_id=self.branch_b.id)
        self.assertFalse(lead.user_id)
        self.assertFalse(lead.assignment_log_ids)

    def test_an_owner_given_explicitly_or_by_the_creator_is_kept(self):
        named = self.intake("Named", team_id=self.branch_a.id, user_id=self.sales_a2.id)
        self.assertEqual(named.user_id, self.sales_a2)
        own = self.env["crm.lead"].sudo(self.sales_b).create(
            sales_up_values({"name": "Own", "team_id": self.branch_b.id}))
        self.assertEqual(own.user_id, self.sales_b)
        self.assertFalse((named | own).mapped("assignment_log_ids"))

    def test_a_manager_may_ask_for_distribution_on_create(self):
        lead = self.env["crm.lead"].sudo(self.manager_a).with_context(presales_distribute=True).create(sales_up_values(
            {"name": "Phone-in for the branch", "team_id": self.branch_a.id}))
        self.assertEqual(lead.user_id, self.sales_a)

    def test_distribute_button_for_managers(self):
        lead = self.env["crm.lead"].create(sales_up_values(
            {"name": "Picked from the pool", "team_id": self.branch_a.id, "user_id": False}))
        with self.assertRaises(AccessError):
            lead.sudo(self.sales_a).action_presales_distribute()
        lead.sudo(self.manager_a).action_presales_distribute()
        self.assertEqual(lead.user_id, self.sales_a)
        self.assertEqual(lead.assignment_log_ids.assigned_by_id, self.manager_a)

    def test_distribute_button_says_when_no_rule_fits(self):
        lead = self.env["crm.lead"].create(sales_up_values(
            {"name": "Nobody's walk-in", "team_id": self.branch_b.id, "user_id": False, "lead_type": "walk_in"}))
        with self.assertRaises(UserError) as caught:
            lead.sudo(self.director).action_presales_distribute()
        self.assertIn("Nobody's walk-in", caught.exception.name)
        self.assertFalse(lead.user_id)

    def test_an_active_rule_needs_salespeople(self):
        with self.assertRaisesRegex(ValidationError, "Empty rule"):
            self.env["presales.assignment.rule"].create({"name": "Empty rule"})
        with self.assertRaisesRegex(ValidationError, "Branch A"):
            self.rule_a.write({"user_ids": [(5,)]})
        parked = self.env["presales.assignment.rule"].create({"name": "Parked", "active": False})
        self.assertFalse(parked.user_ids)

    def test_managers_read_rules_the_director_edits_them(self):
        Rule = self.env["presales.assignment.rule"]
        with self.assertRaises(AccessError):
            Rule.sudo(self.sales_a).search([])
        self.assertIn(self.rule_a, Rule.sudo(self.manager_a).search([]))
        with self.assertRaises(AccessError):
            self.rule_a.sudo(self.manager_a).write({"sequence": 1})
        self.rule_a.sudo(self.director).write({"sequence": 1})
        self.assertEqual(self.rule_a.sequence, 1)

    def test_assignment_log_follows_the_branch(self):
        lead_a = self.intake("A", team_id=self.branch_a.id)
        lead_b = self.intake("B", lead_type="web")
        Log = self.env["presales.assignment.log"]
        logs = (lead_a | lead_b).mapped("assignment_log_ids")
        self.assertEqual(Log.sudo(self.manager_a).search([("id", "in", logs.ids)]), lead_a.assignment_log_ids)
        self.assertEqual(Log.sudo(self.director).search([("id", "in", logs.ids)]), logs)
        with self.assertRaises(AccessError):
            Log.sudo(self.sales_a).search([])


class TestAvailability(DealerCase):

    def test_salesperson_switches_their_own_availability(self):
        self.sales_a.sudo(self.sales_a).action_presales_toggle_available()
        self.assertFalse(self.sales_a.presales_available)
        self.sales_a.sudo(self.sales_a).write({"presales_available": True})
        self.assertTrue(self.sales_a.presales_available)

    def test_branch_manager_switches_the_branch_people_only(self):
        self.sales_a2.sudo(self.manager_a).action_presales_toggle_available()
        self.assertFalse(self.sales_a2.presales_available)
        with self.assertRaisesRegex(AccessError, "Sales B"):
            self.sales_b.sudo(self.manager_a).action_presales_toggle_available()
        with self.assertRaises(AccessError):
            self.sales_a2.sudo(self.sales_a).action_presales_toggle_available()
        self.sales_b.sudo(self.director).action_presales_toggle_available()
        self.assertFalse(self.sales_b.presales_available)
