from odoo import api, fields, models


class PresalesProjectGroup(models.Model):
    """The offers made to one customer, across sales ups and salespeople: the alternatives the
    sales director weighs, and what keeps two salespeople from undercutting each other unknowingly."""

    _name = "presales.project.group"
    _description = "Project group"
    _order = "name"

    name = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    offer_ids = fields.One2many("presales.offer", "project_group_id", "Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")

    _sql_constraints = [
        ("partner_uniq", "unique(partner_id, company_id)", "A customer has one project group per company."),
    ]

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for group in self:
            group.offer_count = len(group.offer_ids)

    @api.model
    def _for_partner(self, partner):
        """The customer's group, made on their first offer (a system record: written as superuser)."""
        commercial = partner.commercial_partner_id
        Group = self.sudo()
        group = Group.search([("partner_id", "=", commercial.id),
                              ("company_id", "=", self.env.user.company_id.id)], limit=1)
        return group or Group.create({"name": commercial.display_name, "partner_id": commercial.id})
