from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError


class PresalesContactMoment(models.Model):
    _inherit = "presales.contact.moment"

    no_marketing_consent = fields.Boolean(
        "No marketing consent", index=True, readonly=True,
        help="The customer has not consented to marketing on this channel: the moment counts in the "
             "funnel, but no marketing follow-up may come from it.")
    dms_binding_ids = fields.One2many("dms.moment.binding", "odoo_id", "DMS records", readonly=True)

    @api.model
    def create(self, vals):
        self._check_dms_origin(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._check_dms_origin(vals)
        return super().write(vals)

    @api.model
    def _check_dms_origin(self, vals):
        """Only the DMS importers (which run as superuser) write moments that claim to come from
        the DMS: the monitor trusts them as the DMS's record."""
        if vals.get("origin") == "dms" and self.env.uid != SUPERUSER_ID:
            raise AccessError(_("Contact moment: field Origin: only the DMS import may record a moment "
                                "as coming from the DMS."))
