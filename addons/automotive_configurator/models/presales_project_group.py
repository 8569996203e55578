from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import offers, pricing


def _catalog_currency(model):
    return model.env["product.template"]._presales_catalog_pricelist().currency_id


class PresalesProjectGroup(models.Model):
    """The offers made to one customer, across sales ups and salespeople: the alternatives the
    sales director weighs, and what keeps two salespeople from undercutting each other unknowingly.
    For a fleet the group is the deal, split into sub-projects (a sales up each)."""

    _name = "presales.project.group"
    _description = "Project group"
    _order = "name"

    name = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    offer_ids = fields.One2many("presales.offer", "project_group_id", "Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")
    sub_project_ids = fields.One2many("presales.sub.project", "project_group_id", "Sub-projects")
    currency_id = fields.Many2one("res.currency", compute="_compute_deal_totals")
    deal_car_count = fields.Integer(
        "Cars in the deal", compute="_compute_deal_totals",
        help="The cars of the sub-projects you may see, from the offer that counts in each.")
    deal_amount_total = fields.Monetary(
        "Deal total incl. VAT", compute="_compute_deal_totals", currency_field="currency_id",
        help="The sum of the sub-projects you may see (the director: the whole deal).")

    _sql_constraints = [
        ("partner_uniq", "unique(partner_id, company_id)", "A customer has one project group per company."),
    ]

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for group in self:
            group.offer_count = len(group.offer_ids)

    @api.depends("sub_project_ids.car_count", "sub_project_ids.amount_total")
    def _compute_deal_totals(self):
        currency = _catalog_currency(self)
        for group in self:
            group.currency_id = currency
            group.deal_car_count = sum(group.sub_project_ids.mapped("car_count"))
            group.deal_amount_total = float(sum((pricing.money(sub.amount_total) for sub in group.sub_project_ids),
                                                pricing.money(0)))

    @api.model
    def _for_partner(self, partner):
        """The customer's group, made on their first offer (a system record: written as superuser)."""
        commercial = partner.commercial_partner_id
        Group = self.sudo()
        group = Group.search([("partner_id", "=", commercial.id),
                              ("company_id", "=", self.env.user.company_id.id)], limit=1)
        return group or Group.create({"name": commercial.display_name, "partner_id": commercial.id})


class PresalesSubProject(models.Model):
    """One part of a fleet deal (say the 12 estates of a lease company ordering 16 cars): its own
    sales up, hence its own salesperson, configurations and alternative offers."""

    _name = "presales.sub.project"
    _description = "Fleet sub-project"
    _order = "project_group_id, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    project_group_id = fields.Many2one("presales.project.group", "Project group", required=True, index=True,
                                       ondelete="cascade")
    partner_id = fields.Many2one(related="project_group_id.partner_id", store=True, readonly=True,
                                 string="Customer")
    company_id = fields.Many2one(related="project_group_id.company_id", store=True, readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, readonly=True, string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")
    offer_ids = fields.One2many(related="lead_id.offer_ids", readonly=True, string="Alternatives")
    currency_id = fields.Many2one("res.currency", compute="_compute_totals")
    counted_offer_id = fields.Many2one(
        "presales.offer", "Counted offer", compute="_compute_totals",
        help="The accepted offer, else the latest open one still valid: alternatives replace each other.")
    car_count = fields.Integer("Cars", compute="_compute_totals")
    amount_total = fields.Monetary("Total incl. VAT", compute="_compute_totals", currency_field="currency_id")

    _sql_constraints = [
        ("lead_uniq", "unique(lead_id)", "A sales up belongs to one sub-project."),
    ]

    @api.depends("lead_id.offer_ids.state", "lead_id.offer_ids.validity_date", "lead_id.offer_ids.amount_total",
                 "lead_id.offer_ids.configuration_ids.quantity")
    def _compute_totals(self):
        currency = _catalog_currency(self)
        today = fields.Date.context_today(self)
        for sub in self:
            sub.currency_id = currency
            key = offers.counted_offer(
                [(offer.id, offer.state, offer.validity_date) for offer in sub.offer_ids], today)
            counted = sub.offer_ids.filtered(lambda offer: offer.id == key)
            sub.counted_offer_id = counted
            sub.car_count = sum(counted.configuration_ids.mapped("quantity"))
            sub.amount_total = counted.amount_total

    @api.constrains("lead_id", "project_group_id")
    def _check_customer(self):
        for sub in self.sudo():
            group = sub.project_group_id
            if sub.lead_id.partner_id.commercial_partner_id != group.partner_id:
                raise ValidationError(_(
                    "Sub-project %s: field Sales up: the sales up must be for %s, the customer of project group %s.")
                    % (sub.name, group.partner_id.display_name, group.name))

    @api.model
    def _deal_partners_of(self, lead):
        """The other sub-projects' sales ups of the deal this sales up is part of (read as superuser:
        the parts of one deal complement each other, they do not compete)."""
        own = self.sudo().search([("lead_id", "=", lead.id)]) if lead else self.browse()
        return (own.project_group_id.sub_project_ids - own).mapped("lead_id")
