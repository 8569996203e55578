from odoo import api, models


class PresalesFunnelPhase(models.Model):
    """A phase that moves to another step or block changes how far its sales ups got and whether
    its moments are after-sales: their stored state (and with it the rollups) is computed again."""

    _inherit = "presales.funnel.phase"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if {"step", "block_id", "awaits_follow_up"} & set(vals):
            self.env.cr.execute("SELECT DISTINCT lead_id FROM presales_contact_moment "
                                "WHERE phase_id IN %s AND lead_id IS NOT NULL", (tuple(self.ids),))
            lead_ids = [row[0] for row in self.env.cr.fetchall()]
            if lead_ids:
                Rollup = self.env["sales_monitor.rollup"].sudo()
                Rollup.refresh_leads(lead_ids)
                Rollup.refresh_urgency(lead_ids)
        return result
