from odoo import fields
from odoo.addons.component.core import Component

from ..lib.hashing import payload_hash


class DmsPartnerExporter(Component):
    """Sends a customer created in the CRM to the DMS once: the binding it leaves behind is the
    proof, so a retried or repeated job sends nothing."""

    _name = "dms.partner.exporter"
    _inherit = "base.exporter"
    _collection = "dms.backend"
    _apply_on = "dms.partner.binding"
    _usage = "record.exporter"

    def run(self, partner):
        Binding = self.env["dms.partner.binding"].sudo()
        if Binding.search_count([("backend_id", "=", self.backend_record.id), ("odoo_id", "=", partner.id)]):
            return False
        values = {"first_name": partner.firstname or "", "last_name": partner.lastname or partner.name,
                  "email": partner.email or "", "phone": partner.phone or "", "mobile": partner.mobile or "",
                  "zip": partner.zip or "", "crm_id": partner.id}
        external_id = self.backend_adapter.export_customer(values)
        Binding.create({"backend_id": self.backend_record.id, "external_id": external_id, "odoo_id": partner.id,
                        "exported": True, "payload_hash": payload_hash(values), "sync_date": fields.Datetime.now()})
        return external_id
