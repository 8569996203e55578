from odoo import api, fields, models


class DealerPrivacyEraseWizard(models.TransientModel):
    """The director's erasure of a person: why, and what the law keeps; then the outcome."""

    _name = "dealer.privacy.erase.wizard"
    _description = "Erase a person's data"

    partner_id = fields.Many2one("res.partner", "Person", required=True, readonly=True, ondelete="cascade")
    reason = fields.Text(required=True, help="The request: when, how and by whom it was made.")
    kept_until = fields.Date("Kept by law until", compute="_compute_kept_until",
                             help="Invoices and orders within the retention period keep the name and address "
                                  "they need until this date.")
    outcome = fields.Text(readonly=True)

    @api.depends("partner_id")
    def _compute_kept_until(self):
        for wizard in self:
            wizard.kept_until = wizard.partner_id and self.env["dealer.privacy.registry"]._retained_until(
                wizard.partner_id.sudo())

    @api.multi
    def action_erase(self):
        self.ensure_one()
        self.outcome = self.partner_id.privacy_anonymise(self.reason)
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id, "view_mode": "form",
                "target": "new", "name": self.partner_id.display_name}
