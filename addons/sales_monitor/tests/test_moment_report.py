from odoo.addons.automotive_presales.tests.common import DealerCase


class TestMomentReport(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Moment = cls.env["presales.contact.moment"]
        # moments without a sales up follow the customer's portfolio owner
        cls.customer_a.user_id = cls.sales_a
        cls.customer_b.user_id = cls.sales_b
        for user, kind, channel, customer in (
                (cls.sales_a, "lead", "importer", cls.customer_a), (cls.sales_a, "test_drive", None, cls.customer_a),
                (cls.sales_a2, "offer_sent", None, cls.customer_a), (cls.sales_b, "lead", "web", cls.customer_b),
                (cls.sales_b, "lost", None, cls.customer_b)):
            Moment.create({"kind": kind, "channel": channel, "summary": kind, "user_id": user.id,
                           "partner_id": customer.id})
        cls.branches = cls.branch_a | cls.branch_b

    def _funnel(self, user, groupby):
        groups = self.env["sales_monitor.moment.report"].sudo(user).read_group(
            [("team_id", "in", self.branches.ids)], ["moment_count", groupby], [groupby])
        return {group[groupby][1] if group[groupby] else False: group["moment_count"] for group in groups}

    def test_director_compares_branches(self):
        self.assertEqual(self._funnel(self.director, "team_id"), {"Branch A": 3, "Branch B": 2})

    def test_branch_manager_sees_only_the_branch_by_phase(self):
        self.assertEqual(
            self._funnel(self.manager_a, "phase_id"),
            {"Lead from importer": 1, "Test drive": 1, "Offer made": 1})

    def test_salesperson_sees_only_their_own_funnel(self):
        self.assertEqual(self._funnel(self.sales_b, "phase_id"),
                         {"Lead from digital channels": 1, "Lost order": 1})
        # the portfolio owner sees a colleague's moment with their customer; the colleague does not
        self.assertEqual(self._funnel(self.sales_a, "user_id"), {"Sales A": 2, "Sales A2": 1})
        self.assertEqual(self._funnel(self.sales_a2, "user_id"), {})

    def test_lost_moments_are_flagged(self):
        lost = self.env["sales_monitor.moment.report"].search(
            [("team_id", "=", self.branch_b.id), ("is_lost", "=", True)])
        self.assertEqual(lost.mapped("kind"), ["lost"])
