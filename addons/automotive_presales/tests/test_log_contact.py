from lxml import etree

from .common import DealerCase, sales_up_values


class TestLogContact(DealerCase):
    """The sales-up form shows its contact moments and logs a new one in a short dialog."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Estate for the Alpha family", "partner_id": cls.customer_a.id,
            "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))

    def test_the_salesperson_logs_a_contact_and_its_phase_follows_from_the_kind(self):
        action = self.lead.sudo(self.sales_a).action_presales_log_contact()
        self.assertEqual((action["res_model"], action["target"]), ("presales.contact.moment", "new"))
        Moment = self.env["presales.contact.moment"].sudo(self.sales_a).with_context(**action["context"])
        moment = Moment.create({"kind": "offer_sent", "direction": "outbound", "summary": "Sent the lease offer"})
        self.assertEqual((moment.lead_id, moment.partner_id, moment.user_id, moment.team_id),
                         (self.lead, self.customer_a, self.sales_a, self.branch_a))
        self.assertEqual(moment.phase_id.code, "offer_made")
        self.assertIn(moment, self.lead.contact_moment_ids)
        # the dialog shows the derived phase as soon as the kind is chosen
        draft = Moment.new({"kind": "test_drive"})
        draft._onchange_kind_set_phase()
        self.assertEqual(draft.phase_id.code, "test_drive")

    def test_the_dialog_asks_four_things_and_the_form_shows_the_moments(self):
        view = self.env.ref("automotive_presales.presales_contact_moment_view_form_log")
        arch = etree.fromstring(self.env["presales.contact.moment"].sudo(self.sales_a).fields_view_get(
            view_id=view.id, view_type="form")["arch"])
        editable = [field.get("name") for field in arch.iter("field")
                    if field.get("invisible") != "1" and field.get("readonly") != "1"]
        self.assertEqual(editable[:4], ["kind", "channel", "direction", "summary"])
        self.assertEqual(arch.xpath("//field[@name='phase_id']")[0].get("readonly"), "1")
        form = etree.fromstring(self.env["crm.lead"].sudo(self.sales_a).fields_view_get(
            view_id=self.env.ref("crm.crm_case_form_view_oppor").id, view_type="form")["arch"])
        self.assertTrue(form.xpath("//header/button[@name='action_presales_log_contact']"))
        self.assertTrue(form.xpath("//page[@name='presales_contact_moments']/field[@name='contact_moment_ids']"))
