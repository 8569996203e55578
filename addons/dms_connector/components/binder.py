from odoo import fields

from odoo.addons.component.core import Component


class DmsBinder(Component):
    """Links DMS ids and Odoo records through the binding models.

    On top of connector's binder it keeps the payload hash beside the id: an unchanged payload
    is recognised before anything is written.
    """

    _name = "dms.binder"
    _inherit = "base.binder"
    _collection = "dms.backend"
    _apply_on = ["dms.moment.binding", "dms.partner.binding", "dms.lead.binding"]

    def to_binding(self, external_id):
        return self.model.with_context(active_test=False).search(
            [("backend_id", "=", self.backend_record.id), ("external_id", "=", str(external_id))], limit=1)

    def bind_record(self, external_id, record, payload_hash=False, binding=None):
        """Create or refresh the binding of `record` (the Odoo record) to `external_id`."""
        binding = binding if binding is not None else self.to_binding(external_id)
        values = {"odoo_id": record.id, "payload_hash": payload_hash or False,
                  "sync_date": fields.Datetime.now()}
        if binding:
            binding.write(values)
            return binding
        return self.model.create(dict(values, backend_id=self.backend_record.id, external_id=str(external_id)))
