from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    presales_default_team_id = fields.Many2one(
        "crm.team", "Default branch", domain=[("is_branch", "=", True)], ondelete="set null",
        help="Incoming sales ups that name no branch and that no distribution rule takes wait "
             "for a branch manager here.")

    @api.model
    def _presales_demo_keep_books_in(self, company_id, currency_id):
        """Demo data only: the demo dealer group is Dutch and counts in EUR.

        Odoo's generic accounting demo, installed before this addon's demo, already posted
        journal items in the main company's USD, and res.company.write refuses a new currency
        once journal items exist. Those items belong to Odoo's generic demo that the dealer's
        screens leave out, so the column is set directly; the public price list follows.
        """
        currency = self.env["res.currency"].browse(currency_id)
        currency.active = True
        self.env.cr.execute("UPDATE res_company SET currency_id = %s WHERE id = %s", (currency_id, company_id))
        self.invalidate_cache(["currency_id"], [company_id])
        pricelist = self.env.ref("product.list0", raise_if_not_found=False)
        if pricelist:
            pricelist.currency_id = currency
        return True
