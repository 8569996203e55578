import base64
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang, format_date

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard
from odoo.addons.automotive_presales.models import lib_text

from ..lib import offers, pricing

REPORT_XMLID = "automotive_configurator.report_presales_offer"
FOLLOW_UP_ACTIVITY_XMLID = "automotive_configurator.mail_activity_offer_follow_up"
# Fields that change through the offer's buttons only (Send, Approve, Accept ...), never by a plain
# write: a salesperson must not mark an offer approved or sent over RPC. The buttons write them
# with FLOW in the context, an object no JSON-RPC context can carry.
FLOW_FIELDS = ("state", "sent_on", "sent_by", "sent_to", "approval_level", "approval_requested_by_id",
               "approved_discount_percent", "approved_by_id", "approved_on", "approval_note")
FLOW = object()


class PresalesOffer(models.Model):
    """A personal offer to the customer of a sales up: one or more configurations at their price on
    the road, the trade-in at its appraised value, the deposits taken and the chosen finance, valid
    until a date; a discount above the salesperson's limit waits for a manager's approval
    (presales_offer_approval.py); sent as a PDF by mail or handed over printed."""

    _name = "presales.offer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Vehicle offer"
    _order = "id desc"

    name = fields.Char(required=True, copy=False, readonly=True, default=lambda self: _("New offer"))
    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade",
                              track_visibility="onchange")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, readonly=True, string="Customer")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, readonly=True, string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(
        "res.currency", required=True,
        default=lambda self: self.env["product.template"]._presales_catalog_pricelist().currency_id)
    configuration_ids = fields.Many2many(
        "presales.vehicle.configuration", "presales_offer_configuration_rel", "offer_id", "configuration_id",
        "Configurations", domain="[('lead_id', '=', lead_id)]")
    trade_in_id = fields.Many2one(
        "presales.trade.in", "Trade-in", domain="[('lead_id', '=', lead_id), ('appraised_value', '>', 0)]",
        ondelete="set null")
    trade_in_value = fields.Monetary(
        "Trade-in value", compute="_compute_amounts", store=True, currency_field="currency_id",
        help="The appraised value of the trade-in, taken off the price.")
    finance_quote_id = fields.Many2one(
        "presales.finance.quote", "Finance", domain="[('lead_id', '=', lead_id)]", ondelete="set null",
        help="The finance quote in the offer; the sales up's chosen quote by default.")
    finance_currency_id = fields.Many2one(related="finance_quote_id.currency_id", readonly=True)
    monthly_payment = fields.Monetary(related="finance_quote_id.monthly_payment", readonly=True,
                                      currency_field="finance_currency_id")
    validity_date = fields.Date(
        "Valid until", required=True, track_visibility="onchange",
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=offers.VALIDITY_DAYS)))
    state = fields.Selection(offers.STATES, required=True, default="draft", index=True, track_visibility="onchange",
                             copy=False)
    sent_on = fields.Datetime(readonly=True, copy=False)
    sent_by = fields.Selection(offers.SENT_BY, "Sent as", readonly=True, copy=False)
    sent_to = fields.Char("Sent to", readonly=True, copy=False, help="The address the offer was mailed to.")
    followed_up_on = fields.Datetime(readonly=True, copy=False)
    amount_total = fields.Monetary(
        "Total on the road", compute="_compute_amounts", store=True, currency_field="currency_id",
        help="The price on the road of the configurations: the cars with VAT, BPM and road-ready costs.")
    amount_vehicles = fields.Monetary(
        "Cars incl. VAT", compute="_compute_amounts", store=True, currency_field="currency_id")
    amount_bpm = fields.Monetary("BPM", compute="_compute_amounts", store=True, currency_field="currency_id")
    amount_road_ready = fields.Monetary(
        "Road-ready costs", compute="_compute_amounts", store=True, currency_field="currency_id")
    deposit_ids = fields.One2many("presales.deposit", "offer_id", "Deposits")
    deposit_total = fields.Monetary(
        "Deposits", compute="_compute_amounts", store=True, currency_field="currency_id",
        help="What the customer already paid on this offer.")
    amount_due = fields.Monetary(
        "To pay", compute="_compute_amounts", store=True, currency_field="currency_id",
        help="The total on the road minus the trade-in value and the deposits.")
    order_ids = fields.One2many("sale.order", "offer_id", "Orders", readonly=True)
    project_group_id = fields.Many2one("presales.project.group", "Project group", index=True, readonly=True,
                                       ondelete="set null")
    sub_project_id = fields.Many2one(
        "presales.sub.project", "Sub-project", compute="_compute_sub_project_id",
        help="The part of a fleet deal this offer is for: the sub-project of its sales up.")
    colleague_warning = fields.Text(
        compute="_compute_colleague_warning",
        help="Open offers of colleagues to the same customer: who and at what price.")

    @api.depends("configuration_ids.price_on_the_road", "configuration_ids.price_total",
                 "configuration_ids.price_bpm", "configuration_ids.price_road_ready", "trade_in_id.appraised_value",
                 "deposit_ids.amount")
    def _compute_amounts(self):
        def total_of(offer, name):
            return sum((pricing.money(config[name]) for config in offer.configuration_ids), pricing.money(0))

        for offer in self:
            total = total_of(offer, "price_on_the_road")
            trade_in = pricing.money(offer.trade_in_id.appraised_value)
            deposits = sum((pricing.money(deposit.amount) for deposit in offer.deposit_ids), pricing.money(0))
            offer.amount_total = float(total)
            offer.amount_vehicles = float(total_of(offer, "price_total"))
            offer.amount_bpm = float(total_of(offer, "price_bpm"))
            offer.amount_road_ready = float(total_of(offer, "price_road_ready"))
            offer.trade_in_value = float(trade_in)
            offer.deposit_total = float(deposits)
            offer.amount_due = float(total - trade_in - deposits)

    @api.depends("lead_id")
    def _compute_sub_project_id(self):
        SubProject = self.env["presales.sub.project"]
        for offer in self:
            offer.sub_project_id = SubProject.search([("lead_id", "=", offer.lead_id.id)], limit=1) \
                if offer.lead_id else SubProject

    @api.depends("partner_id", "user_id", "lead_id")
    def _compute_colleague_warning(self):
        for offer in self:
            offer.colleague_warning = offer._presales_colleague_warning(offer.partner_id, offer.user_id,
                                                                        offer.lead_id)

    @api.model
    def _presales_colleague_warning(self, partner, user, lead=None):
        """Who else has an open offer for this customer and at what price, never which sales up.

        Read as superuser on purpose: the salesperson may not see the colleague's sales up, but
        must know that a colleague is already offering, to stop two reps undercutting each other.
        The other sub-projects of the fleet deal the sales up is part of do not compete with it
        (the vans next to the estates), so their offers are left out.
        """
        if not partner:
            return False
        today = fields.Date.context_today(self)
        deal_parts = self.env["presales.sub.project"]._deal_partners_of(lead)
        others = self.sudo().search([
            ("partner_id", "child_of", partner.commercial_partner_id.id),
            ("state", "in", list(offers.OPEN_STATES)),
            ("user_id", "!=", user.id or False),
            ("lead_id", "not in", deal_parts.ids),
        ]).filtered(lambda offer: offers.is_live(offer.state, offer.validity_date, today))
        template = _(offers.COLLEAGUE_LINE)
        lines = [offers.colleague_line(
            offer.user_id.name or _("Unassigned"), offer.amount_total, format_date(self.env, offer.validity_date),
            template, lib_text.amount_format(self.env, offer.currency_id)) for offer in others]
        return "\n".join(lines) or False

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if not self.lead_id:
            return None
        self.finance_quote_id = self.lead_id.finance_quote_ids.filtered("is_chosen")[:1]
        self.trade_in_id = self.lead_id.trade_in_ids.filtered(lambda trade_in: trade_in.appraised_value > 0)[:1]
        warning = self._presales_colleague_warning(self.lead_id.partner_id, self.lead_id.user_id, self.lead_id)
        if warning:
            return {"warning": {"title": _("A colleague is already offering"), "message": warning}}
        return None

    def _presales_flow(self):
        """This offer as its buttons write it (see FLOW_FIELDS)."""
        return self.with_context(presales_offer_flow=FLOW)

    def _presales_check_flow(self, vals, label):
        if self.env.uid == SUPERUSER_ID or self.env.context.get("presales_offer_flow") is FLOW:
            return
        # a new offer may start as a draft; everything else of the flow is the buttons' to write
        creating_draft = not self and vals.get("state") == "draft"
        names = [name for name in FLOW_FIELDS if name in vals and not (name == "state" and creating_draft)]
        if names:
            raise AccessError(_("%s: field %s changes through the offer's buttons (Send, Approve, Accepted ...), "
                                "not directly.") % (label, self._fields[names[0]].string))

    @api.model
    def create(self, vals):
        self._presales_check_flow(vals, _("New offer"))
        effective = guard.context_defaults(self, vals, ["lead_id"])
        guard.check_links(self, effective, ["lead_id", "trade_in_id", "finance_quote_id"], _("New offer"))
        lead = self.env["crm.lead"].browse(effective.get("lead_id"))
        vals = dict(vals)
        if vals.get("name", _("New offer")) == _("New offer"):
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("presales.offer") or _("New offer")
        group = self.env["presales.project.group"]
        if lead.partner_id and not vals.get("project_group_id"):
            group = group._for_partner(lead.partner_id)
        if "finance_quote_id" not in vals:
            vals["finance_quote_id"] = lead.finance_quote_ids.filtered("is_chosen")[:1].id
        offer = super().create(vals)
        if group:
            # the customer's project group is chosen here, not by the user, who may not read it
            # until this offer opens it to them: linked as superuser (a group the user sends is
            # checked like any link, base_link_guard.py)
            offer.sudo().write({"project_group_id": group.id})
        return offer

    @api.multi
    def write(self, vals):
        self._presales_check_flow(vals, ", ".join(self.mapped("name")))
        links = [name for name in ("lead_id", "trade_in_id", "finance_quote_id") if name in vals]
        if not links:
            return super().write(vals)
        guard.check_may_write(self)
        guard.check_links(self, vals, links, ", ".join(self.mapped("name")))
        labels = guard.labels_before(self, lambda offer: _("Offer %s") % offer.name)
        result = super().write(vals)
        guard.check_still_writable(self, labels, links)
        return result

    @api.constrains("lead_id", "configuration_ids", "trade_in_id", "finance_quote_id")
    def _check_same_sales_up(self):
        for offer in self.sudo():
            if offer.configuration_ids.filtered(lambda config: config.lead_id != offer.lead_id):
                raise ValidationError(_(
                    "Offer %s: field Configurations: every configuration must belong to sales up %s.")
                    % (offer.name, offer.lead_id.name))
            for field_name in ("trade_in_id", "finance_quote_id"):
                if offer[field_name] and offer[field_name].lead_id != offer.lead_id:
                    raise ValidationError(_("Offer %s: field %s must belong to sales up %s.") % (
                        offer.name, self._fields[field_name].string, offer.lead_id.name))

    # ---- sending and following up ----

    def _presales_pdf(self):
        """The offer as the PDF the customer receives."""
        self.ensure_one()
        content, _format = self.env.ref(REPORT_XMLID).render_qweb_pdf(self.ids)
        return content

    def _presales_without_defaults(self):
        """These offers in a context without default_* keys: a button pressed on the sales up's form
        carries default_type='opportunity', which would become the type of the PDF's attachment."""
        context = {key: value for key, value in self.env.context.items() if not key.startswith("default_")}
        return self.with_env(self.env(context=context))

    def _presales_check_sendable(self):
        """What must hold before an offer leaves: complete configurations with their price on the road."""
        self.ensure_one()
        if self.state not in ("draft", "to_approve", "sent"):
            raise UserError(_("Offer %s: field Status: an offer that was %s cannot be sent again.") % (
                self.name, self._presales_state_name()))
        if not self.configuration_ids:
            raise UserError(_("Offer %s: field Configurations: add at least one configuration.") % self.name)
        self.configuration_ids._presales_check_complete()

    def _presales_customer(self, by_mail=True):
        """The customer the offer goes to. A sales up that knows its prospect only by name (and, to
        mail it, e-mail address) gets its customer here, the way qualifying a lead makes one (an
        existing contact with that address first)."""
        self.ensure_one()
        lead = self.lead_id
        if lead.partner_id:
            return lead.partner_id
        emails = tools.email_split(lead.email_from)
        if by_mail and not emails:
            raise UserError(_(
                "Offer %s: field Customer: sales up %s has no customer and no e-mail address to make one of: "
                "fill in the customer (or the e-mail address) on the sales up first.") % (self.name, lead.name))
        if not (emails or lead.contact_name or lead.partner_name):
            raise UserError(_("Offer %s: field Customer: sales up %s has no customer and no name to make one of.")
                            % (self.name, lead.name))
        partner = (emails and self.env["res.partner"].search([("email", "=ilike", emails[0])], limit=1)) \
            or lead._create_lead_partner()
        lead.partner_id = partner
        return partner

    def _presales_log_sent(self, sent_by, sent_to=False):
        self._presales_flow().write({"state": "sent", "sent_on": fields.Datetime.now(), "sent_by": sent_by,
                                     "sent_to": sent_to, "approval_level": False})
        # a discount lowered within the sender's limit while it waited needs no answer any more
        self._presales_close("automotive_configurator.mail_activity_discount_approval", _("Offer sent"))
        how = _("mailed to %s") % sent_to if sent_by == "email" else _("handed over printed")
        self.lead_id._presales_log_moment("offer_sent", _("Offer %s %s: %s") % (
            self.name, how, formatLang(self.env, self.amount_due, currency_obj=self.currency_id)),
            channel="email" if sent_by == "email" else "showroom")
        self._presales_plan_follow_up()

    @api.multi
    def action_send(self):
        """Mail the offer PDF to the customer: the mail is queued with the PDF to their address, the
        'offer made' contact moment is logged on the sales up and the follow-up planned. An offer
        with a discount above the sender's limit goes to its approver first (state To approve)."""
        for offer in self._presales_without_defaults():
            offer._presales_check_sendable()
            if offer._presales_request_approval_if_needed():
                continue
            partner = offer._presales_customer()
            addresses = tools.email_split(partner.email)
            if not addresses:
                raise UserError(_(
                    "Offer %s: field E-mail of customer %s: there is no (valid) e-mail address to send the offer to. "
                    "Add it to the customer, or print the offer and hand it over.") % (offer.name, partner.name))
            attachment = offer.env["ir.attachment"].create({
                "name": "%s.pdf" % offer.name,
                "datas_fname": "%s.pdf" % offer.name.replace("/", "-"),
                "datas": base64.b64encode(offer._presales_pdf()),
                "res_model": offer._name,
                "res_id": offer.id,
                "mimetype": "application/pdf",
            })
            # queued for the mail cron: the outgoing mail server is the dealer's, not this request's
            message = offer.with_context(mail_notify_force_send=False).message_post(
                body=_("Dear %s, please find your personal offer %s attached, valid until %s.") % (
                    partner.name, offer.name, offer.validity_date),
                subject=_("Your offer %s") % offer.name,
                partner_ids=[partner.id], attachment_ids=[attachment.id],
                message_type="comment", subtype="mail.mt_comment")
            queued = offer.env["mail.mail"].sudo().search([
                ("mail_message_id", "=", message.id), ("recipient_ids", "in", partner.ids)])
            if not queued:
                raise UserError(_(
                    "Offer %s: customer %s receives no e-mail from us (field Receive messages by e-mail of the "
                    "customer): print the offer and hand it over.") % (offer.name, partner.name))
            offer._presales_log_sent("email", addresses[0])
        return True

    @api.multi
    def action_hand_over(self):
        """The salesperson printed the offer and handed it to the customer: it counts as sent."""
        for offer in self._presales_without_defaults():
            offer._presales_check_sendable()
            if offer._presales_request_approval_if_needed():
                continue
            offer._presales_customer(by_mail=False)
            offer.message_post(body=_("Offer handed over printed to the customer."), message_type="comment",
                               subtype="mail.mt_note")
            offer._presales_log_sent("printed")
        return True

    def _presales_plan_follow_up(self):
        activity_type = self.env.ref(FOLLOW_UP_ACTIVITY_XMLID)
        deadline = fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=offers.FOLLOW_UP_DAYS)
        return self.env["mail.activity"].create({
            "activity_type_id": activity_type.id,
            "summary": _("Follow up offer %s") % self.name,
            "date_deadline": fields.Date.to_string(deadline),
            "user_id": self.lead_id.user_id.id or self.env.uid,
            "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
            "res_id": self.lead_id.id,
        })

    @api.multi
    def action_follow_up(self):
        """The salesperson followed the offer up with the customer: log it, close the planned activity."""
        activity_type = self.env.ref(FOLLOW_UP_ACTIVITY_XMLID)
        for offer in self:
            if offer.state != "sent":
                raise UserError(_("Offer %s: field Status: only a sent offer can be followed up.") % offer.name)
            offer.lead_id._presales_log_moment("offer_follow_up", _("Offer %s followed up") % offer.name)
            offer.followed_up_on = fields.Datetime.now()
            planned = self.env["mail.activity"].search([
                ("res_model", "=", "crm.lead"), ("res_id", "=", offer.lead_id.id),
                ("activity_type_id", "=", activity_type.id), ("summary", "=", _("Follow up offer %s") % offer.name)])
            planned.action_feedback(feedback=_("Offer followed up"))
        return True

    def _presales_state_name(self):
        """'sent': the offer's status in the user's language, inside a sentence."""
        return dict(self._fields["state"]._description_selection(self.env))[self.state].lower()

    @api.multi
    def action_accept(self):
        for offer in self:
            if offer.state not in ("draft", "sent"):
                raise UserError(_("Offer %s: field Status: an offer that is %s cannot be accepted.") % (
                    offer.name, offer._presales_state_name()))
            offer._presales_check_discount_approved()
        self._presales_flow().write({"state": "accepted"})
        return True

    @api.multi
    def action_create_order(self):
        """The customer signed: the order of the accepted offer, with its deposits."""
        self.ensure_one()
        order = self.env["sale.order"]._presales_create_from_offer(self)
        return {"type": "ir.actions.act_window", "res_model": "sale.order", "res_id": order.id,
                "view_mode": "form", "target": "current"}

    @api.multi
    def action_decline(self):
        self._presales_flow().write({"state": "declined", "approval_level": False})
        self._presales_close("automotive_configurator.mail_activity_discount_approval", _("Offer declined"))
        return True
