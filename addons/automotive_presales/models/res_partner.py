from odoo import _, api, fields, models

from ..lib import lifecycle

CUSTOMER_STATES = [("prospect", "Prospect"), ("customer", "Customer")]

# What makes a prospect a customer: a confirmed order or a won sales up, anywhere in the
# company it belongs to (the company itself, or one of its contact persons).
_SALE_FIELDS = ("sale_order_ids.state", "presales_lead_ids.probability", "presales_lead_ids.active",
                "presales_lead_ids.lead_status")
_RELATIVES = ("", "child_ids.", "parent_id.", "parent_id.child_ids.")


class ResPartner(models.Model):
    """Customers and prospects: grey until they buy, blue once they did; and duplicate flags."""

    _name = "res.partner"
    _inherit = ["res.partner", "presales.match.mixin"]

    team_id = fields.Many2one(string="Branch")
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
        """Two queries for the whole batch: the commercial partners with a confirmed order, and
        those with a won sales up (lib/lifecycle), each over all of their contact persons."""
        commercials = self.mapped("commercial_partner_id").filtered(lambda partner: isinstance(partner.id, int))
        bought = set()
        if commercials:
            buyers = self.env["sale.order"].sudo().read_group(
                [("partner_id", "child_of", commercials.ids), ("state", "in", ("sale", "done"))],
                ["partner_id"], ["partner_id"])
            winners = self.env["crm.lead"].sudo().with_context(active_test=False).read_group(
                [("partner_id", "child_of", commercials.ids)] + lifecycle.domain(lifecycle.WON),
                ["partner_id"], ["partner_id"])
            partner_ids = {group["partner_id"][0] for group in buyers + winners if group["partner_id"]}
            bought = set(self.browse(partner_ids).sudo().mapped("commercial_partner_id").ids)
        for partner in self:
            partner.presales_customer_state = (
                "customer" if partner.commercial_partner_id.id in bought else "prospect")

    @api.multi
    def _presales_recompute_customer_state(self):
        """After changes the ORM does not see (the merge wizard moves orders and sales ups in SQL)."""
        partners = (self | self.mapped("child_ids") | self.mapped("parent_id")).exists()
        partners.invalidate_cache(["presales_customer_state"], partners.ids)
        self.env.add_todo(self._fields["presales_customer_state"], partners)
        self.recompute()

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
