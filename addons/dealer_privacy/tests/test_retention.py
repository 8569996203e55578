import datetime

from odoo import fields

from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values


class TestRetention(DealerCase):
    """Prospects without activity for two years are listed, reviewed, then anonymised by the cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        old = fields.Datetime.to_string(datetime.datetime.now() - datetime.timedelta(days=3 * 365))
        cls.stale = Partner.create({"name": "Oud Prospect", "customer": True, "email": "oud@example.nl"})
        cls.kept = Partner.create({"name": "Bewaar Prospect", "customer": True})
        cls.recent = Partner.create({"name": "Nieuw Prospect", "customer": True})
        cls.buyer = Partner.create({"name": "Oude Klant", "customer": True})
        lead = cls.env["crm.lead"].create(sales_up_values({"name": "Old sale", "partner_id": cls.buyer.id}))
        lead.write({"probability": 100})
        cls.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id IN %s",
                           (old, (cls.stale.id, cls.kept.id, cls.buyer.id)))
        cls.env.cr.execute("UPDATE crm_lead SET create_date = %s, lead_date = %s, date_closed = %s WHERE id = %s",
                           (old, old, old, lead.id))
        cls.Retention = cls.env["dealer.privacy.retention"]

    def test_list_review_then_anonymise(self):
        self.Retention._cron_retention()
        listed = self.Retention.search([])
        self.assertIn(self.stale, listed.mapped("partner_id"))
        self.assertIn(self.kept, listed.mapped("partner_id"))
        self.assertNotIn(self.recent, listed.mapped("partner_id"))
        self.assertNotIn(self.buyer, listed.mapped("partner_id"), "a customer is no prospect")
        self.assertEqual(set(listed.mapped("state")), {"review"})
        self.assertFalse(self.stale.privacy_anonymised_at, "nothing goes before the director's review")
        keep = listed.filtered(lambda line: line.partner_id == self.kept).sudo(self.director)
        keep.keep_reason = "Dispute about a repair, lawyer asked to keep the file"
        keep.action_keep()
        listed.filtered(lambda line: line.partner_id == self.stale).sudo(self.director).action_approve()
        self.Retention._cron_retention()
        self.assertTrue(self.stale.privacy_anonymised_at)
        self.assertFalse(self.stale.email)
        self.assertEqual(self.kept.name, "Bewaar Prospect")
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.stale.id)])
        self.assertEqual(log.event, "retention")

    def test_a_prospect_active_again_drops_off_the_list(self):
        self.Retention._cron_retention()
        self.env["crm.lead"].create(sales_up_values({"name": "Back again", "partner_id": self.stale.id}))
        self.Retention.search([("partner_id", "=", self.stale.id)]).action_approve()
        self.Retention._cron_retention()
        self.assertFalse(self.stale.privacy_anonymised_at)
        self.assertEqual(self.Retention.search([("partner_id", "=", self.stale.id)]).state, "dropped")

    def test_the_review_period_ends_without_the_director(self):
        self.env["ir.config_parameter"].sudo().set_param("dealer_privacy.review_days", "0")
        self.Retention._cron_retention()
        self.assertTrue(self.stale.privacy_anonymised_at)
