from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PresalesRoadReadyCost(models.Model):
    """A cost of making a new car road-ready ("rijklaar maken"): registration, number plates,
    delivery, a full tank, the recycling fee. Every configured car carries each active cost that
    applies to its make; the dealer's administrator keeps the amounts."""

    _name = "presales.road.ready.cost"
    _description = "Road-ready cost"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    amount = fields.Float("Amount excl. VAT", digits=(12, 2), required=True)
    taxable = fields.Boolean(
        "VAT applies", default=True,
        help="Off for government fees such as the registration fee, which carry no VAT.")
    make_ids = fields.Many2many(
        "presales.catalog.make", "presales_road_ready_cost_make_rel", "cost_id", "make_id", "Only for makes",
        help="Empty: every make.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A road-ready cost cannot be negative."),
    ]

    @api.model
    def _for(self, make, company):
        """The costs a car of this make sold by this company carries."""
        costs = self.sudo().search([("company_id", "=", company.id)])
        return costs.filtered(lambda cost: not cost.make_ids or make in cost.make_ids)

    def _presales_precheck(self, vals):
        # the database's check, said first in words (a refused INSERT or UPDATE would log an error)
        if (vals.get("amount") or 0) < 0:
            raise ValidationError(_("Road-ready cost %s: field Amount cannot be negative.") % (
                vals.get("name") or ", ".join(self.mapped("name"))))

    @api.model
    def create(self, vals):
        self._presales_precheck(vals)
        cost = super().create(vals)
        self.env["presales.vehicle.configuration"].sudo().search([])._presales_reprice()
        return cost

    @api.multi
    def write(self, vals):
        self._presales_precheck(vals)
        result = super().write(vals)
        self.env["presales.vehicle.configuration"].sudo().search([])._presales_reprice()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.env["presales.vehicle.configuration"].sudo().search([])._presales_reprice()
        return result
