from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import lifecycle, sales_up
from . import presales_ownership_guard as guard


class CrmLead(models.Model):
    """Lead quality: a salesperson marks a lead bogus (duplicate, fake, unreachable), which loses
    it with the loss reason "Bogus lead"; the source report counts the bogus rate per source."""

    _inherit = "crm.lead"

    bogus_reason = fields.Selection(
        sales_up.BOGUS_REASONS, "Bogus", index=True, readonly=True, copy=False, track_visibility="onchange",
        help="Why this lead was never a real prospect; set by Mark bogus, cleared when it is re-opened.")
    bogus_note = fields.Char("Bogus because", readonly=True, copy=False)

    @api.multi
    def action_presales_mark_bogus(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Mark bogus"),
            "res_model": "presales.bogus",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    @api.multi
    def _presales_mark_bogus(self, reason, note=False):
        """Lose these open leads as bogus, saying why."""
        guard.check_may_write(self)
        if reason not in dict(sales_up.BOGUS_REASONS):
            raise UserError(_("Mark bogus: field Bogus: %r is not a reason; use one of %s.") % (
                reason, ", ".join(dict(sales_up.BOGUS_REASONS))))
        for lead in self:
            if lead._presales_state() != lifecycle.OPEN:
                raise UserError(_("Sales up %s: field Outcome: only an open lead can be marked bogus.") % lead.name)
        bogus = self.env.ref("automotive_presales.lost_reason_bogus")
        # the reason first, then the loss, as Mark Lost's dialog does
        self.write({"bogus_reason": reason, "bogus_note": note or False, lifecycle.LOSS_REASON_FIELD: bogus.id})
        self.write({"active": False, "probability": 0})
        return True

    @api.multi
    def _presales_on_reopen(self):
        result = super()._presales_on_reopen()
        marked = self.filtered("bogus_reason")
        if marked:
            marked._presales_write_facts({"bogus_reason": False, "bogus_note": False})
        return result
