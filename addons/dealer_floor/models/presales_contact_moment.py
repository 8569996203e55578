from odoo import api, models


class PresalesContactMoment(models.Model):
    _name = "presales.contact.moment"
    _inherit = ["presales.contact.moment", "dealer.floor.capture.mixin"]

    @api.model
    def create(self, vals):
        return self._floor_capture_create(vals, super().create)
