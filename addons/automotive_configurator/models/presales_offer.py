import base64
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard

from ..lib import offers, pricing

REPORT_XMLID = "automotive_configurator.report_presales_offer"
FOLLOW_UP_ACTIVITY_XMLID = "automotive_configurator.mail_activity_offer_follow_up"


class PresalesOffer(models.Model):
    """A personal offer to the customer of a sales up: one or more configurations, the trade-in at
    its appraised value and the chosen finance quote, valid until a date; printed and mailed."""

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
        compute="_compute_amounts", store=True, currency_field="currency_id",
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
    followed_up_on = fields.Datetime(readonly=True, copy=False)
    amount_total = fields.Monetary(
        "Total incl. VAT", compute="_compute_amounts", store=True, currency_field="currency_id")
    amount_due = fields.Monetary(
        "To pay", compute="_compute_amounts", store=True, currency_field="currency_id",
        help="The total of the configurations minus the trade-in value.")
    project_group_id = fields.Many2one("presales.project.group", "Project group", index=True, readonly=True,
                                       ondelete="set null")
    sub_project_id = fields.Many2one(
        "presales.sub.project", "Sub-project", compute="_compute_sub_project_id",
        help="The part of a fleet deal this offer is for: the sub-project of its sales up.")
    colleague_warning = fields.Text(
        compute="_compute_colleague_warning",
        help="Open offers of colleagues to the same customer: who and at what price.")

    @api.depends("configuration_ids.price_total", "trade_in_id.appraised_value")
    def _compute_amounts(self):
        for offer in self:
            total = sum((pricing.money(config.price_total) for config in offer.configuration_ids),
                        pricing.money(0))
            trade_in = pricing.money(offer.trade_in_id.appraised_value)
            offer.amount_total = float(total)
            offer.trade_in_value = float(trade_in)
            offer.amount_due = float(total - trade_in)

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
        lines = [offers.colleague_line(
            offer.user_id.name or _("Unassigned"), offer.currency_id.name, offer.amount_total,
            offer.validity_date) for offer in others]
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

    @api.model
    def create(self, vals):
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

    @api.multi
    def action_send(self):
        """Mail the offer PDF to the customer from the chatter, log the 'offer made' contact moment
        on the sales up and plan the follow-up activity for its salesperson."""
        for offer in self:
            if not offer.configuration_ids:
                raise UserError(_("Offer %s: field Configurations: add at least one configuration.") % offer.name)
            offer.configuration_ids._presales_check_complete()
            if not offer.partner_id:
                raise UserError(_("Offer %s: field Customer: sales up %s has no customer to send it to.")
                                % (offer.name, offer.lead_id.name))
            attachment = self.env["ir.attachment"].create({
                "name": "%s.pdf" % offer.name,
                "datas_fname": "%s.pdf" % offer.name.replace("/", "-"),
                "datas": base64.b64encode(offer._presales_pdf()),
                "res_model": offer._name,
                "res_id": offer.id,
                "mimetype": "application/pdf",
            })
            offer.message_post(
                body=_("Dear %s, please find your personal offer %s attached, valid until %s.") % (
                    offer.partner_id.name, offer.name, offer.validity_date),
                subject=_("Your offer %s") % offer.name,
                partner_ids=[offer.partner_id.id], attachment_ids=[attachment.id],
                message_type="comment", subtype="mail.mt_comment")
            offer.write({"state": "sent", "sent_on": fields.Datetime.now()})
            offer.lead_id._presales_log_moment(
                "offer_sent", _("Offer %s sent: %s %s") % (
                    offer.name, offer.currency_id.name, pricing.format_amount(offer.amount_due)))
            offer._presales_plan_follow_up()
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

    @api.multi
    def action_accept(self):
        self.write({"state": "accepted"})
        return True

    @api.multi
    def action_decline(self):
        self.write({"state": "declined"})
        return True
