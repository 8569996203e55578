from odoo.exceptions import AccessError, UserError

from ..lib import attribution
from .common import DealerCase, sales_up_values


class TestSourceAttribution(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referral = cls.env.ref("automotive_presales.utm_source_referral")
        cls.internet = cls.env.ref("automotive_presales.utm_source_internet")
        cls.print_ad = cls.env.ref("automotive_presales.utm_source_print_ad")
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "SUV for Anna", "type": "opportunity", "partner_id": cls.customer_a.id,
            "user_id": cls.sales_a.id, "team_id": cls.branch_a.id, "source_id": cls.internet.id}))

    def _change_source(self, user, lead, source, reason):
        wizard = self.env["presales.attribution.change.wizard"].sudo(user).with_context(
            default_lead_id=lead.id).create({"new_source_id": source.id, "reason": reason})
        return wizard.action_apply()

    def test_the_dealer_sources_are_seeded(self):
        names = [self.env.ref("automotive_presales.utm_source_%s" % key).name
                 for key, _name in attribution.SEEDED_SOURCES]
        self.assertEqual(names, ["Referral", "Repeat customer", "Internet", "Print ad",
                                 "Importer", "Walk-in", "Phone", "Event", "Cold prospecting"])

    def test_the_original_source_is_the_source_at_creation_and_never_changes(self):
        self.assertEqual(self.lead.original_source_id, self.internet)
        for user in (self.sales_a, self.director):
            with self.assertRaisesRegex(UserError, "SUV for Anna.*Original source"):
                self.lead.sudo(user).write({"original_source_id": self.referral.id})
        with self.assertRaisesRegex(UserError, "Original source"):
            self.lead.write({"original_source_id": False})
        self.assertEqual(self.lead.original_source_id, self.internet)

    def test_a_sales_up_nobody_credited_gets_the_source_of_its_lead_type(self):
        lead = self.env["crm.lead"].create(sales_up_values({"name": "Walk-in without source", "type": "opportunity"}))
        walk_in = self.env.ref("automotive_presales.utm_source_walk_in")
        self.assertEqual((lead.source_id, lead.original_source_id), (walk_in, walk_in))
        copy = self.lead.copy()
        self.assertEqual(copy.original_source_id, self.internet)

    def test_a_direct_write_of_the_source_is_refused_with_the_sales_up_and_field(self):
        for user in (self.sales_a, self.director):
            with self.assertRaisesRegex(UserError, "SUV for Anna.*Source"):
                self.lead.sudo(user).write({"source_id": self.referral.id})
        # writing the same source again is no change and passes (e.g. a form saving all fields)
        self.lead.sudo(self.sales_a).write({"source_id": self.internet.id})
        self.assertEqual(self.lead.source_id, self.internet)

    def test_the_wizard_changes_the_source_and_the_ledger_keeps_who_why_and_when(self):
        self._change_source(self.sales_a, self.lead, self.referral, "Customer was sent by her neighbour")
        self.assertEqual(self.lead.source_id, self.referral)
        self.assertEqual(self.lead.original_source_id, self.internet)
        change = self.lead.attribution_change_ids
        self.assertEqual(len(change), 1)
        self.assertEqual(change.old_source_id, self.internet)
        self.assertEqual(change.new_source_id, self.referral)
        self.assertEqual(change.reason, "Customer was sent by her neighbour")
        self.assertEqual(change.user_id, self.sales_a)
        self.assertEqual(change.lead_name, "SUV for Anna")
        self.assertTrue(change.changed_at)

    def test_the_wizard_refuses_an_empty_reason_or_the_same_source(self):
        with self.assertRaisesRegex(UserError, "SUV for Anna.*Reason"):
            self._change_source(self.sales_a, self.lead, self.referral, "  ok ")
        with self.assertRaisesRegex(UserError, "SUV for Anna.*New source"):
            self._change_source(self.sales_a, self.lead, self.internet, "Still the internet")
        self.assertEqual(self.lead.source_id, self.internet)
        self.assertFalse(self.lead.attribution_change_ids)

    def test_nobody_edits_or_deletes_the_ledger(self):
        self._change_source(self.sales_a, self.lead, self.print_ad, "Customer brought the newspaper ad")
        change = self.lead.attribution_change_ids
        for env_change in (change.sudo(self.director), change.sudo()):
            with self.assertRaisesRegex(UserError, "SUV for Anna"):
                env_change.write({"reason": "Something else entirely"})
            with self.assertRaisesRegex(UserError, "SUV for Anna"):
                env_change.unlink()
        self.assertEqual(change.reason, "Customer brought the newspaper ad")

    def test_only_the_director_sees_the_ledger(self):
        self._change_source(self.sales_a, self.lead, self.referral, "Customer was sent by her neighbour")
        Change = self.env["presales.attribution.change"]
        self.assertEqual(Change.sudo(self.director).search([("lead_id", "=", self.lead.id)]).new_source_id,
                         self.referral)
        self.assertEqual(self.lead.sudo(self.director).attribution_change_ids.reason,
                         "Customer was sent by her neighbour")
        for user in (self.sales_a, self.manager_a):
            with self.assertRaises(AccessError):
                Change.sudo(user).search([])
            with self.assertRaises(AccessError):
                self.lead.sudo(user).read(["attribution_change_ids"])
        # the salesperson still reads the sales up's own source fields
        self.assertEqual(self.lead.sudo(self.sales_a).original_source_id, self.internet)

    def test_a_merge_that_credits_another_source_is_in_the_ledger(self):
        older = self.env["crm.lead"].create(sales_up_values({
            "name": "Older sales up", "type": "opportunity", "partner_id": self.customer_b.id,
            "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
        # from before the source was set at intake
        older._presales_write_facts({"source_id": False, "original_source_id": False})
        newer = self.env["crm.lead"].create(sales_up_values({
            "name": "Newer sales up", "type": "opportunity", "partner_id": self.customer_b.id,
            "user_id": self.sales_a.id, "team_id": self.branch_a.id, "source_id": self.print_ad.id}))
        merged = (older | newer).merge_opportunity()
        self.assertEqual(merged, older)
        self.assertEqual(merged.source_id, self.print_ad)
        self.assertFalse(merged.original_source_id)
        change = merged.attribution_change_ids
        self.assertEqual((change.old_source_id, change.new_source_id),
                         (self.env["utm.source"], self.print_ad))
        self.assertIn("Newer sales up", change.reason)

    def test_a_source_the_ledger_keeps_cannot_be_deleted_and_says_why(self):
        flyer = self.env["utm.source"].create({"name": "Flyer 2026"})
        unused = self.env["utm.source"].create({"name": "Never used"})
        self._change_source(self.director, self.lead, flyer, "The customer brought the flyer")
        with self.assertRaisesRegex(UserError, 'Lead source "Flyer 2026".*1 record.*New source'):
            (unused | flyer).unlink()
        self.assertTrue(flyer.exists() and unused.exists())
        unused.unlink()
        self.assertFalse(unused.exists())
