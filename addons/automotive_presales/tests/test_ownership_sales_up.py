from odoo.exceptions import AccessError

from .common import DealerCase, sales_up_values


class OwnershipCase(DealerCase):
    """Sales ups of every kind of owner: own, second salesperson, colleague, other branch and
    unassigned (with and without branch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]

        def lead(name, user, team, **values):
            return Lead.create(sales_up_values(dict(
                values, name=name, type="opportunity", user_id=user.id if user else False,
                team_id=team.id if team else False)))

        cls.lead_own = lead("Own estate", cls.sales_a, cls.branch_a, partner_id=cls.customer_a.id)
        cls.lead_second = lead("Shared SUV", cls.sales_a2, cls.branch_a, second_user_id=cls.sales_a.id)
        cls.lead_colleague = lead("Colleague's coupe", cls.sales_a2, cls.branch_a)
        cls.lead_branch_b = lead("Branch B van", cls.sales_b, cls.branch_b, partner_id=cls.customer_b.id)
        cls.lead_unassigned = lead("Unassigned hatchback", None, cls.branch_a)
        cls.lead_orphan = lead("Orphan web lead", None, None)
        cls.all_leads = (cls.lead_own | cls.lead_second | cls.lead_colleague | cls.lead_branch_b
                         | cls.lead_unassigned | cls.lead_orphan)

    def visible_leads(self, user):
        return self.env["crm.lead"].sudo(user).search([("id", "in", self.all_leads.ids)])


class TestSalesUpVisibility(OwnershipCase):

    def test_salesperson_sees_own_and_second_but_no_unassigned(self):
        self.assertEqual(self.visible_leads(self.sales_a), self.lead_own | self.lead_second)
        self.assertEqual(self.visible_leads(self.sales_b), self.lead_branch_b)

    def test_salesperson_cannot_open_a_colleagues_or_an_unassigned_sales_up(self):
        for lead in (self.lead_colleague, self.lead_unassigned, self.lead_orphan, self.lead_branch_b):
            with self.assertRaises(AccessError, msg=lead.name):
                lead.sudo(self.sales_a).read(["name"])

    def test_branch_manager_sees_the_branch_including_its_unassigned(self):
        self.assertEqual(
            self.visible_leads(self.manager_a),
            self.lead_own | self.lead_second | self.lead_colleague | self.lead_unassigned)

    def test_director_sees_every_sales_up(self):
        self.assertEqual(self.visible_leads(self.director), self.all_leads)

    def test_pipeline_analysis_shows_a_salesperson_only_their_own(self):
        Report = self.env["crm.opportunity.report"]
        own = Report.sudo(self.sales_a).search([("id", "in", self.all_leads.ids)])
        self.assertEqual(set(own.ids), {self.lead_own.id})
        branch = Report.sudo(self.manager_a).search([("id", "in", self.all_leads.ids)])
        self.assertEqual(set(branch.ids), set((self.lead_own | self.lead_second | self.lead_colleague
                                               | self.lead_unassigned).ids))

    def test_odoo_personal_lead_rule_no_longer_shows_unassigned_leads(self):
        rule = self.env.ref("crm.crm_rule_personal_lead")
        self.assertNotIn("False", rule.domain_force)
        self.assertIn("second_user_id", rule.domain_force)


class TestSalesUpOwnerChanges(OwnershipCase):

    def test_the_creator_owns_a_new_sales_up(self):
        lead = self.env["crm.lead"].sudo(self.sales_a).create(
            sales_up_values({"name": "Walk-in family", "type": "opportunity"}))
        self.assertEqual(lead.user_id, self.sales_a)
        self.assertEqual(lead.team_id, self.branch_a)
        self.assertEqual(lead.search([("id", "=", lead.id)]), lead, "the creator keeps seeing it")
        self.assertFalse(lead.sudo(self.sales_a2).search([("id", "=", lead.id)]))

    def test_salesperson_cannot_create_a_sales_up_for_someone_else(self):
        with self.assertRaisesRegex(AccessError, "Salesperson"):
            self.env["crm.lead"].sudo(self.sales_a).create(
                sales_up_values({"name": "Gift", "user_id": self.sales_a2.id}))
        with self.assertRaisesRegex(AccessError, "Second salesperson"):
            self.env["crm.lead"].sudo(self.sales_a).create(
                sales_up_values({"name": "Duo", "second_user_id": self.sales_a2.id}))

    def test_salesperson_cannot_change_owner_second_salesperson_or_branch(self):
        lead = self.lead_own.sudo(self.sales_a)
        team_label = self.env["crm.lead"]._fields["team_id"].string
        for values, label in (({"user_id": self.sales_a2.id}, "Salesperson"),
                              ({"user_id": False}, "Salesperson"),
                              ({"second_user_id": self.sales_a2.id}, "Second salesperson"),
                              ({"team_id": self.branch_b.id}, team_label)):
            with self.assertRaises(AccessError) as caught:
                lead.write(values)
            self.assertIn("Own estate", caught.exception.name)
            self.assertIn(label, caught.exception.name)
        self.assertEqual(self.lead_own.user_id, self.sales_a)

    def test_salesperson_still_edits_the_rest_of_their_sales_up(self):
        self.lead_own.sudo(self.sales_a).write({
            "description": "Wants a tow bar", "user_id": self.sales_a.id, "team_id": self.branch_a.id})
        self.assertEqual(self.lead_own.description, "Wants a tow bar")
        self.lead_second.sudo(self.sales_a).write({"description": "Second opinion"})
        self.assertEqual(self.lead_second.description, "Second opinion")

    def test_form_lets_only_managers_change_the_owner(self):
        self.assertFalse(self.lead_own.sudo(self.sales_a).presales_can_assign)
        self.assertTrue(self.lead_own.sudo(self.manager_a).presales_can_assign)

    def test_branch_manager_reassigns_within_the_branch_but_not_elsewhere(self):
        self.lead_own.sudo(self.manager_a).write({
            "user_id": self.sales_a2.id, "second_user_id": self.sales_a.id})
        self.assertEqual(self.lead_own.user_id, self.sales_a2)
        self.assertIn(self.lead_own, self.visible_leads(self.sales_a))
        with self.assertRaises(AccessError):
            self.lead_branch_b.sudo(self.manager_a).write({"user_id": self.sales_a.id})

    def test_owner_change_is_tracked_in_the_chatter(self):
        lead = self.lead_own.sudo(self.manager_a).with_context(tracking_disable=False)
        lead.write({"user_id": self.sales_a2.id})
        tracking = self.env["mail.tracking.value"].search([
            ("mail_message_id", "in", self.lead_own.message_ids.ids), ("field", "=", "user_id")])
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_integer, self.sales_a.id)
        self.assertEqual(tracking.new_value_integer, self.sales_a2.id)
        self.assertEqual(tracking.mail_message_id.author_id, self.manager_a.partner_id)
