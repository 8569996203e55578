from odoo import _, api, fields, models

CUSTOMER_STATES = [("prospect", "Prospect"), ("customer", "Customer")]

# What makes a prospect a customer: a confirmed order or a won sales up, anywhere in the
# company it belongs to (the company itself, or one of its contact persons).
_SALE_FIELDS = ("sale_order_ids.state", "presales_lead_ids.probability", "presales_lead_ids.active")
_RELATIVES = ("", "child_ids.", "parent_id.", "parent_id.child_ids.")


class ResPartner(models.Model):
    """Customers and prospects: grey until they buy, blue once they did; and duplicate flags."""

    _name = "res.partner"
    _inherit = ["res.partner", "presales.match.mixin"]

    presales_lead_ids = fields.One2many(
        "crm.lead", "partner_id", "Sales ups", context={"active_test": False})
    presales_customer_state = fields.Selection(
        CUSTOMER_STATES, "Customer state", compute="_compute_presales_customer_state",
        store=True, index=True, compute_sudo=True,
        help="Prospect until the customer (or their company) has a confirmed order or a won "
             "sales up; customer from then on.")
    duplicate_partner_ids = fields.Many2many(
        "res.partner", string="Possible duplicates", compute="_compute_duplicate_partner_ids")
    duplicate_partner_count = fields.Integer(
        "Duplicates", compute="_compute_duplicate_partner_ids")

    @api.depends("parent_id", "is_company",
                 *[relative + field for relative in _RELATIVES for field in _SALE_FIELDS])
    def _compute_presales_customer_state(self):
        Order = self.env["sale.order"].sudo()
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        for partner in self:
            commercial = partner.commercial_partner_id
            if not isinstance(commercial.id, int):
                partner.presales_customer_state = "prospect"
                continue
            bought = Order.search_count([
                ("partner_id", "child_of", commercial.id), ("state", "in", ("sale", "done"))])
            won = bought or Lead.search_count([
                ("partner_id", "child_of", commercial.id), ("probability", ">=", 100),
                ("active", "=", True)])
            partner.presales_customer_state = "customer" if bought or won else "prospect"

    def _match_values(self):
        return self.name, self.zip, self.phone, self.mobile, self.email

    @api.depends("name", "zip", "phone", "mobile", "email")
    def _compute_match_keys(self):
        return super()._compute_match_keys()

    @api.depends("phone_key", "mobile_key", "email_key", "name_zip_key")
    def _compute_duplicate_partner_ids(self):
        for partner in self:
            # a company and its own contact persons often share a phone or address
            relatives = partner | partner.parent_id | partner.child_ids
            duplicates = partner._match_duplicates(relatives.ids)
            partner.duplicate_partner_ids = duplicates
            partner.duplicate_partner_count = len(duplicates)

    @api.multi
    def action_view_duplicate_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Possible duplicates of %s") % self.display_name,
            "res_model": "res.partner",
            "view_mode": "tree,form",
            "views": [(self.env.ref("automotive_presales.res_partner_view_tree_customer_overview").id, "tree"),
                      (False, "form")],
            "domain": [("id", "in", self.duplicate_partner_ids.ids)],
        }

    @api.multi
    def action_merge_duplicate_partners(self):
        """Open Odoo's contact merge wizard with this partner and its duplicates."""
        self.ensure_one()
        action = self.env.ref("crm.action_partner_merge").read()[0]
        action["context"] = {
            "active_model": "res.partner", "active_id": self.id,
            "active_ids": (self | self.duplicate_partner_ids).ids,
        }
        return action
