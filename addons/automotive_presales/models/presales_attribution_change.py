from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PresalesAttributionChange(models.Model):
    """One re-crediting of a sales up to another source: the attribution ledger.

    Entries are written by the sales up itself when its source changes and can never be
    edited or deleted, so the source report can be audited.
    """

    _name = "presales.attribution.change"
    _description = "Source attribution change"
    _order = "changed_at desc, id desc"
    _rec_name = "lead_name"

    lead_id = fields.Many2one(
        "crm.lead", "Sales up", index=True, readonly=True, ondelete="set null",
        help="Empty when the sales up was deleted or merged away; its name is kept.")
    lead_name = fields.Char("Sales up name", required=True, readonly=True)
    old_source_id = fields.Many2one("utm.source", "Old source", readonly=True, ondelete="restrict")
    new_source_id = fields.Many2one("utm.source", "New source", readonly=True, ondelete="restrict")
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", "Changed by", required=True, readonly=True, index=True, ondelete="restrict")
    changed_at = fields.Datetime(
        "Changed on", required=True, readonly=True, index=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("source_changed_check", "CHECK (old_source_id IS DISTINCT FROM new_source_id)",
         "An attribution change must change the source."),
    ]

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        # the ledger is append-only: no path may change a row
        raise UserError(
            _("Attribution change of %s: the ledger cannot be edited; record a new change instead.")
            % ", ".join(self.mapped("lead_name")))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _("Attribution change of %s: the ledger cannot be deleted.")
            % ", ".join(self.mapped("lead_name")))
