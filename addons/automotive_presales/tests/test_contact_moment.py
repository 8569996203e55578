from odoo.exceptions import AccessError, ValidationError

from .common import DealerCase


class TestContactMoment(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # moments without sales up follow the customer's portfolio owner (issue 7, item 8)
        cls.customer_a.user_id = cls.sales_a
        cls.customer_b.user_id = cls.sales_b
        Moment = cls.env["presales.contact.moment"]
        cls.moment_a = Moment.create({
            "kind": "lead", "channel": "web", "summary": "Asked for a quote",
            "user_id": cls.sales_a.id, "partner_id": cls.customer_a.id})
        cls.moment_a2 = Moment.create({
            "kind": "test_drive", "summary": "Drove the estate",
            "user_id": cls.sales_a2.id, "partner_id": cls.customer_a.id})
        cls.moment_b = Moment.create({
            "kind": "offer_sent", "summary": "Offer for the SUV",
            "user_id": cls.sales_b.id, "partner_id": cls.customer_b.id})
        # a moment the DMS reported without a salesperson, for branch A
        cls.moment_a_unassigned = Moment.create({
            "kind": "call", "summary": "Customer called the branch", "origin": "dms",
            "user_id": False, "team_id": cls.branch_a.id, "partner_id": cls.customer_a.id})

    def _visible(self, user):
        moments = self.moment_a | self.moment_a2 | self.moment_b | self.moment_a_unassigned
        return self.env["presales.contact.moment"].sudo(user).search([("id", "in", moments.ids)])

    def test_phase_follows_kind_and_channel(self):
        self.assertEqual(self.moment_a.phase_id.code, "lead_digital")
        self.assertEqual(self.moment_a2.phase_id.code, "test_drive")
        self.assertEqual(self.moment_b.phase_id.code, "offer_made")

    def test_branch_defaults_to_the_salespersons_branch(self):
        self.assertEqual(self.moment_a.team_id, self.branch_a)
        self.assertEqual(self.moment_b.team_id, self.branch_b)

    def test_a_lead_without_channel_is_refused_naming_the_field(self):
        with self.assertRaises(ValidationError) as error:
            self.env["presales.contact.moment"].create(
                {"kind": "lead", "summary": "No channel", "user_id": self.sales_a.id})
        self.assertIn("Channel", str(error.exception))

    def test_salesperson_sees_only_the_moments_of_their_portfolio(self):
        # whoever logged them, DMS ones included: none of them is on a sales up
        self.assertEqual(self._visible(self.sales_a), self.moment_a | self.moment_a2 | self.moment_a_unassigned)
        self.assertEqual(self._visible(self.sales_b), self.moment_b)

    def test_salesperson_cannot_read_a_moment_of_a_colleagues_portfolio(self):
        with self.assertRaises(AccessError):
            self.moment_b.sudo(self.sales_a).read(["summary"])
        # logging a moment grants nothing: moment_a2 is sales_a2's, on sales_a's customer
        with self.assertRaises(AccessError):
            self.moment_a2.sudo(self.sales_a2).read(["summary"])

    def test_branch_manager_sees_the_branch_including_unassigned_moments(self):
        self.assertEqual(
            self._visible(self.manager_a),
            self.moment_a | self.moment_a2 | self.moment_a_unassigned)

    def test_director_sees_every_branch(self):
        self.assertEqual(
            self._visible(self.director),
            self.moment_a | self.moment_a2 | self.moment_b | self.moment_a_unassigned)

    def test_salesperson_logs_a_moment_for_themselves(self):
        moment = self.env["presales.contact.moment"].sudo(self.sales_b).create(
            {"kind": "happy_call", "summary": "Happy with the car", "partner_id": self.customer_b.id})
        self.assertEqual(moment.user_id, self.sales_b)
        self.assertEqual(moment.team_id, self.branch_b)
        self.assertEqual(moment.phase_id.code, "happy_call")
        with self.assertRaises(AccessError):
            moment.sudo(self.sales_b).unlink()
