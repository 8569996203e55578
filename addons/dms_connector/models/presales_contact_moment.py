from odoo import fields, models


class PresalesContactMoment(models.Model):
    """What the DMS adds to a contact moment. Who may record a DMS moment (origin) is decided once,
    in automotive_presales (presales.contact.moment._presales_check_create_moment and the locked
    fields): a salesperson never does; the importers run as the system."""

    _inherit = "presales.contact.moment"

    no_marketing_consent = fields.Boolean(
        "No marketing consent", index=True, readonly=True,
        help="The customer has not consented to marketing on this channel: the moment counts in the "
             "funnel, but no marketing follow-up may come from it.")
    dms_binding_ids = fields.One2many("dms.moment.binding", "odoo_id", "DMS records", readonly=True)
