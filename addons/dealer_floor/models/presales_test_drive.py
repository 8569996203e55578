from odoo import api, fields, models


class PresalesTestDrive(models.Model):
    _name = "presales.test.drive"
    _inherit = ["presales.test.drive", "dealer.floor.capture.mixin"]

    licence_photo = fields.Binary(
        "Photo of the driving licence", attachment=True, copy=False,
        help="Taken with the phone's camera when the drive is booked; read the number and expiry from it.")
    licence_photo_name = fields.Char("Licence photo file name", copy=False)

    @api.model
    def create(self, vals):
        return self._floor_capture_create(vals, super().create)
