from odoo import api, models


class MergePartnerAutomatic(models.TransientModel):
    """Odoo's contact merge moves orders and sales ups to the kept partner in SQL, behind the
    ORM's back: its prospect/customer state is recomputed afterwards."""

    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _merge(self, partner_ids, dst_partner=None):
        result = super()._merge(partner_ids, dst_partner=dst_partner)
        self.env["res.partner"].browse(partner_ids).exists()._presales_recompute_customer_state()
        return result
