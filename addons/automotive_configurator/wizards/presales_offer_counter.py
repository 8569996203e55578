from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PresalesOfferCounter(models.TransientModel):
    """The approver's counter: the largest discount they approve, and a word for the salesperson."""

    _name = "presales.offer.counter"
    _description = "Counter a discount"

    offer_id = fields.Many2one("presales.offer", required=True, ondelete="cascade")
    discount_percent = fields.Float(related="offer_id.discount_percent", readonly=True)
    max_discount_percent = fields.Float("Largest discount you approve (%)", digits=(5, 2), required=True)
    note = fields.Char("Note for the salesperson")

    @api.multi
    def action_apply(self):
        self.ensure_one()
        if not 0 <= self.max_discount_percent < self.offer_id.discount_percent:
            raise UserError(_("Counter on offer %s: field Largest discount you approve: a counter lies between "
                              "0 %% and the asked %.2f %%, not %.2f %%.") % (
                self.offer_id.name, self.offer_id.discount_percent, self.max_discount_percent))
        return self.offer_id._presales_counter(self.max_discount_percent, self.note)
