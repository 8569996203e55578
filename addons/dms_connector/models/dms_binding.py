from odoo import fields, models


class DmsBinding(models.AbstractModel):
    """What every DMS binding holds: the backend, the record's id there and the hash of the
    payload it was last written from (the same payload again is a duplicate, a new one an update)."""

    _name = "dms.binding"
    _inherit = "external.binding"
    _description = "DMS binding (abstract)"

    # no index of its own: unique(backend_id, external_id) below serves every look-up by backend
    # (one index fewer to write per imported record)
    backend_id = fields.Many2one("dms.backend", "DMS backend", required=True, ondelete="restrict")
    external_id = fields.Char("ID in the DMS", required=True)
    payload_hash = fields.Char(help="SHA-256 of the canonical payload last imported.")

    _sql_constraints = [
        ("external_uniq", "unique(backend_id, external_id)", "A DMS record can be bound only once per backend."),
    ]


class DmsMomentBinding(models.Model):
    """A contact moment imported from the DMS and the DMS record it came from."""

    _name = "dms.moment.binding"
    _inherit = "dms.binding"
    _description = "DMS contact moment binding"

    odoo_id = fields.Many2one("presales.contact.moment", "Contact moment", required=True, ondelete="cascade",
                              index=True)


class DmsPartnerBinding(models.Model):
    """A customer of the DMS and the partner they are."""

    _name = "dms.partner.binding"
    _inherit = "dms.binding"
    _description = "DMS customer binding"

    odoo_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    exported = fields.Boolean(help="Sent to the DMS (a customer created in the CRM); never sent twice.")
    source_time = fields.Datetime(help="The DMS's own time of the customer data last applied: an older record "
                                       "does not overwrite a newer edit.")


class DmsLeadBinding(models.Model):
    """A lead of the DMS or of an ADF sender and the sales up it made; a resend finds it here."""

    _name = "dms.lead.binding"
    _inherit = "dms.binding"
    _description = "DMS lead binding"

    odoo_id = fields.Many2one("crm.lead", "Sales up", required=True, ondelete="cascade", index=True)
    exported_status = fields.Char(help="The last owner/status/outcome sent to the DMS, to never send it twice.")
    sent_outcome = fields.Selection([("open", "Open"), ("won", "Won"), ("lost", "Lost")],
                                    help="The outcome the sender last heard: sold and lost are sent once each time "
                                         "it changes.")
