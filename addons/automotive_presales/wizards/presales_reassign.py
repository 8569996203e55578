from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PresalesReassign(models.TransientModel):
    """A manager hands several sales ups (or orders) to another salesperson at once. Each one is
    reassigned as if by hand: tracked in its chatter, logged in the assignment log, its open
    follow-ups and orders moving with it, the new owner told."""

    _name = "presales.reassign"
    _description = "Reassign to a salesperson"

    user_id = fields.Many2one(
        "res.users", "New salesperson", required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)])
    record_count = fields.Integer("Records", compute="_compute_record_count")

    @api.depends("user_id")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard._records())

    @api.multi
    def _records(self):
        """The records chosen in the list (active_model, active_ids) the user may read."""
        model = self.env.context.get("active_model")
        if model not in self._reassignable_models():
            return self.env["crm.lead"]
        return self.env[model].browse(self.env.context.get("active_ids") or []).exists()

    @api.model
    def _reassignable_models(self):
        return ("crm.lead",)

    @api.multi
    def action_reassign(self):
        self.ensure_one()
        if not self.env.user._presales_is_manager():
            raise AccessError(_("Reassign: only a branch manager or the sales director reassigns work."))
        records = self._records()
        if not records:
            raise UserError(_("Reassign: choose the sales ups or orders to reassign in the list first."))
        records.check_access_rule("write")
        self._reassign(records, self.user_id)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _reassign(self, records, user):
        """Reassign `records` (extended per model); a sales up carries its orders along."""
        records.filtered(lambda record: record.user_id != user).with_context(
            tracking_disable=False).write({"user_id": user.id})
