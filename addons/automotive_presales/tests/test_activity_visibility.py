from odoo.exceptions import AccessError

from .test_ownership_sales_up import OwnershipCase


class TestActivityVisibility(OwnershipCase):
    """Odoo 11 lets any employee search every activity; here they follow their document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cust_own = cls.env["res.partner"].create(
            {"name": "Portfolio Customer", "customer": True, "user_id": cls.sales_a.id})

        def activity(record, user, summary):
            return cls.env["mail.activity"].create({
                "res_model_id": cls.env["ir.model"]._get(record._name).id, "res_id": record.id,
                "user_id": user.id, "summary": summary,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id})

        cls.act_own_lead = activity(cls.lead_own, cls.manager_a, "Call about the estate")
        cls.act_second_lead = activity(cls.lead_second, cls.sales_a2, "Send the SUV brochure")
        cls.act_colleague = activity(cls.lead_colleague, cls.sales_a2, "Coupe offer")
        cls.act_colleague_for_me = activity(cls.lead_colleague, cls.sales_a, "Cover the coupe test drive")
        cls.act_unassigned = activity(cls.lead_unassigned, cls.manager_a, "Pick up the hatchback lead")
        cls.act_branch_b = activity(cls.lead_branch_b, cls.sales_b, "Van delivery")
        cls.act_own_customer = activity(cls.cust_own, cls.sales_a, "Birthday call")
        cls.act_company_customer = activity(cls.customer_b, cls.manager_a, "Who takes Bert?")
        cls.all_activities = (cls.act_own_lead | cls.act_second_lead | cls.act_colleague
                              | cls.act_colleague_for_me | cls.act_unassigned | cls.act_branch_b
                              | cls.act_own_customer | cls.act_company_customer)

    def visible(self, user):
        return self.env["mail.activity"].sudo(user).search([("id", "in", self.all_activities.ids)])

    def test_salesperson_sees_activities_of_visible_records(self):
        # an activity on a sales up or customer is seen with its document, also by whom it is
        # assigned to (issue 16, hole 15: a reassigned sales up's to-dos stay out of reach)
        self.assertEqual(
            self.visible(self.sales_a), self.act_own_lead | self.act_second_lead | self.act_own_customer)
        self.assertEqual(
            self.env["mail.activity"].sudo(self.sales_a).search_count([("id", "in", self.all_activities.ids)]), 3)

    def test_salesperson_cannot_read_a_colleagues_or_unassigned_activity(self):
        for activity in (self.act_colleague, self.act_colleague_for_me, self.act_unassigned, self.act_branch_b,
                         self.act_company_customer):
            with self.assertRaises(AccessError, msg=activity.summary):
                activity.sudo(self.sales_a).read(["summary"])

    def test_the_sales_up_form_lists_its_activities_for_the_owner(self):
        lead = self.lead_own.sudo(self.sales_a)
        self.assertEqual(lead.read(["activity_ids"])[0]["activity_ids"], self.act_own_lead.ids)
        self.assertEqual(lead.activity_ids.read(["summary"])[0]["summary"], "Call about the estate")

    def test_branch_manager_sees_the_branch_and_company_portfolio_activities(self):
        self.assertEqual(self.visible(self.manager_a), self.all_activities - self.act_branch_b)

    def test_director_sees_every_activity(self):
        self.assertEqual(self.visible(self.director), self.all_activities)

    def test_salesperson_schedules_on_own_sales_up_but_not_on_a_colleagues(self):
        Activity = self.env["mail.activity"].sudo(self.sales_a)
        model = self.env["ir.model"]._get("crm.lead").id
        mine = Activity.create({"res_model_id": model, "res_id": self.lead_own.id, "summary": "Follow up"})
        self.assertEqual(mine.user_id, self.sales_a)
        with self.assertRaises(AccessError):
            Activity.create({"res_model_id": model, "res_id": self.lead_colleague.id, "summary": "Snoop"})
