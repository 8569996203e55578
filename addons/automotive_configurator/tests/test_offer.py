from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.automotive_presales.tests.common import load_dutch

from .common import ConfiguratorCase, pdf_text, sales_up_values


class TestOffer(ConfiguratorCase):
    """An offer prints as a real PDF, is sent from the chatter, logs its contact moments and
    warns a colleague who is about to undercut it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trade_in = cls.env["presales.trade.in"].create({
            "lead_id": cls.lead_a.id, "make": "Opel", "model": "Astra", "year": 2015, "mileage": 128000,
            "vin": "W0L0AHL3255247384", "expected_value": 5200, "appraised_value": 4800,
            "appraiser_id": cls.manager_a.id, "appraisal_date": "2026-01-10"})
        cls.quote = cls.env["presales.finance.quote"].create({
            "lead_id": cls.lead_a.id, "kind": "loan", "vehicle_price": 47617.20, "down_payment": 5000,
            "term_months": 48, "annual_rate": 5.9, "is_chosen": True})

    def test_demo_offer_pdf_holds_model_and_total(self):
        offer = self.env.ref("automotive_configurator.offer_golf_hendriks")
        text = pdf_text(self.real_pdf("automotive_configurator.report_presales_offer", offer.ids))
        self.assertIn("Golf Style", text)
        self.assertIn("52,417.20", text)
        # on the road: 52,417.20 + BPM 11,907.50 + 1,019.20 and 37,461.60 + BPM 7,795.00 + 1,019.20
        self.assertIn("65,343.90", text)
        self.assertIn("46,275.80", text)
        self.assertIn("111,619.70", text)  # both configurations together
        self.assertIn("Price on the road", text)
        self.assertIn(offer.name, text)
        self.assertIn(offer.team_id.name, text)

    def test_offer_with_trade_in_and_finance(self):
        config = self.configure(self.lead_a, options=["vw_tow"])
        offer = self.env["presales.offer"].create({
            "lead_id": self.lead_a.id, "configuration_ids": [(6, 0, config.ids)], "trade_in_id": self.trade_in.id})
        self.assertEqual(offer.finance_quote_id, self.quote, "the chosen finance quote comes by default")
        self.assertEqual(offer.trade_in_value, 4800)
        self.assertEqual(offer.amount_total, config.price_on_the_road)
        self.assertEqual(offer.amount_due, round(config.price_on_the_road - 4800, 2))
        self.assertEqual(offer.project_group_id.partner_id, self.customer_a)
        text = pdf_text(self.real_pdf("automotive_configurator.report_presales_offer", offer.ids))
        self.assertIn("Opel Astra", text)
        self.assertIn("4,800.00", text)
        self.assertIn("monthly payment", text)
        self.assertIn("{:,.2f}".format(self.quote.monthly_payment), text)

    def test_the_offer_prints_in_the_customers_language(self):
        load_dutch(self.env, ["automotive_configurator"])
        # Dutch as a Dutch locale gives it (a machine without that locale loads no grouping)
        self.env["res.lang"]._lang_get("nl_NL").write({"decimal_point": ",", "thousands_sep": ".", "grouping": "[3,0]",
                                                      "date_format": "%d-%m-%Y"})
        self.customer_a.lang = "nl_NL"
        config = self.configure(self.lead_a, options=["vw_tow"])
        offer = self.env["presales.offer"].create({
            "lead_id": self.lead_a.id, "configuration_ids": [(6, 0, config.ids)], "trade_in_id": self.trade_in.id,
            "validity_date": "2031-03-04"})
        text = pdf_text(self.real_pdf("automotive_configurator.report_presales_offer", offer.ids))
        self.assertIn("4.800,00", text, "amounts in Dutch")
        self.assertIn("04-03-2031", text, "dates in Dutch")
        self.assertNotIn("4,800.00", text)
        # the BPM note too, whoever priced the configuration
        self.assertIn("dieseltoeslag", text)
        self.assertNotIn("surcharge", text)

    def test_send_logs_offer_made_and_plans_the_follow_up(self):
        config = self.configure(self.lead_a)
        offer = self.env["presales.offer"].sudo(self.sales_a).create({
            "lead_id": self.lead_a.id, "configuration_ids": [(6, 0, config.ids)]})
        offer.action_send()
        self.assertEqual((offer.state, offer.sent_by, offer.sent_to), ("sent", "email", "anna.alpha@example.com"))
        message = offer.message_ids.filtered(lambda msg: msg.attachment_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer_a, message.partner_ids)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual((mail.state, mail.recipient_ids), ("outgoing", self.customer_a), "queued to the customer")
        self.assertEqual(mail.attachment_ids, message.attachment_ids)
        moments = self.lead_a.contact_moment_ids.filtered(lambda moment: moment.kind == "offer_sent")
        self.assertEqual(len(moments), 1)
        self.assertEqual(moments.phase_id.code, "offer_made")
        self.assertEqual(moments.user_id, self.sales_a)
        activity = self.lead_a.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("automotive_configurator.mail_activity_offer_follow_up"))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.sales_a)

        offer.sudo(self.sales_a).action_follow_up()
        follow_ups = self.lead_a.contact_moment_ids.filtered(lambda moment: moment.kind == "offer_follow_up")
        self.assertEqual(follow_ups.phase_id.code, "offer_follow_up")
        self.assertFalse(activity.exists(), "the planned follow-up is done")

    def test_send_from_the_sales_up_form(self):
        # the button on the sales up's offer list runs in the sales up's context
        config = self.configure(self.lead_a)
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        form_context = {"default_type": "opportunity", "default_user_id": self.sales_a.id,
                        "active_model": "crm.lead", "active_id": self.lead_a.id}
        offer.sudo(self.sales_a).with_context(**form_context).action_send()
        self.assertEqual(offer.state, "sent")
        attachment = offer.message_ids.mapped("attachment_ids")
        self.assertEqual(attachment.type, "binary")

    def test_no_address_no_sending(self):
        self.customer_a.email = False
        config = self.configure(self.lead_a)
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        with self.assertRaises(UserError) as error:
            offer.sudo(self.sales_a).action_send()
        self.assertIn("field E-mail of customer Anna Alpha: there is no (valid) e-mail address", error.exception.name)
        self.assertEqual(offer.state, "draft")
        self.customer_a.email = "not an address"
        with self.assertRaises(UserError):
            offer.sudo(self.sales_a).action_send()
        # printed and handed over instead
        offer.sudo(self.sales_a).action_hand_over()
        self.assertEqual((offer.state, offer.sent_by), ("sent", "printed"))
        moment = self.lead_a.contact_moment_ids.filtered(lambda moment: moment.kind == "offer_sent")
        self.assertIn("handed over printed", moment.summary)

    def test_a_prospect_known_by_e_mail_becomes_the_customer(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Golf for Carla", "user_id": self.sales_a.id, "team_id": self.branch_a.id,
            "contact_name": "Carla Gamma", "email_from": "Carla Gamma <carla@example.com>"}))
        lead.partner_id = False
        config = self.configure(lead)
        offer = self.env["presales.offer"].create({"lead_id": lead.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        offer.sudo(self.sales_a).action_send()
        self.assertEqual(lead.partner_id.email, "carla@example.com")
        self.assertEqual(offer.sent_to, "carla@example.com")

    def test_a_prospect_without_address_is_told_what_is_missing(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Golf for Dirk", "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
        lead.write({"partner_id": False, "email_from": False})
        config = self.configure(lead)
        offer = self.env["presales.offer"].create({"lead_id": lead.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        with self.assertRaises(UserError) as error:
            offer.sudo(self.sales_a).action_send()
        self.assertIn("has no customer and no e-mail address", error.exception.name)

    def test_the_status_changes_through_the_buttons_only(self):
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id})
        for values in ({"state": "sent"}, {"approved_by_id": self.sales_a.id, "approved_discount_percent": 50}):
            with self.assertRaises(AccessError) as error:
                offer.sudo(self.sales_a).write(values)
            self.assertIn("changes through the offer's buttons", error.exception.name)
        with self.assertRaises(AccessError):
            self.env["presales.offer"].sudo(self.sales_a).create({"lead_id": self.lead_a.id, "state": "accepted"})
        # a spoofed context key is not the flow's token
        with self.assertRaises(AccessError):
            offer.sudo(self.sales_a).with_context(presales_offer_flow=True).write({"state": "sent"})

    def test_an_incomplete_offer_is_not_sent(self):
        incomplete = self.env["presales.vehicle.configuration"].create(
            {"lead_id": self.lead_a.id, "version_id": self.golf_style.id})
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id})
        with self.assertRaises(UserError) as error:
            offer.action_send()
        self.assertIn("field Configurations", error.exception.name)
        offer.configuration_ids = incomplete
        with self.assertRaises(UserError):
            offer.action_send()
        self.assertEqual(offer.state, "draft")

    def test_configuration_of_another_sales_up_is_refused(self):
        other = self.configure(self.lead_b)
        with self.assertRaises(ValidationError) as error:
            self.env["presales.offer"].create({"lead_id": self.lead_a.id, "configuration_ids": [(6, 0, other.ids)]})
        self.assertIn("must belong to sales up Golf for Anna", error.exception.name)

    def test_colleague_is_warned_with_who_and_price_without_the_sales_up(self):
        config = self.configure(self.lead_a)
        mine = self.env["presales.offer"].create({"lead_id": self.lead_a.id, "configuration_ids": [(6, 0, config.ids)]})
        Offer = self.env["presales.offer"].sudo(self.sales_a2)
        draft = Offer.new({"lead_id": self.lead_a2.id})
        result = draft._onchange_lead_id()
        warning = result["warning"]["message"]
        self.assertIn("Sales A", warning)
        self.assertIn("{:,.2f} €".format(mine.amount_total), warning)
        self.assertNotIn(self.lead_a.name, warning)
        theirs = Offer.create({"lead_id": self.lead_a2.id})
        self.assertIn("Open offer by Sales A:", theirs.colleague_warning)
        # the colleague still cannot open the offer or its sales up
        self.assertFalse(Offer.search([("id", "=", mine.id)]))
        # the director sees both alternatives of the customer's project group
        group = self.env["presales.project.group"].sudo(self.director).browse(mine.project_group_id.id)
        self.assertEqual(group.offer_ids, mine | theirs)
        self.assertEqual(theirs.project_group_id, mine.project_group_id)
        # a salesperson sees only their own alternative in the group
        self.assertEqual(group.sudo(self.sales_a2).offer_ids, theirs)
