from odoo.addons.component.core import Component
from odoo.addons.component_event import skip_if

LEAD_STATUS_FIELDS = ("user_id", "lead_status", "probability", "active", "stage_id")


class DmsPartnerListener(Component):
    """A new customer made in the CRM is queued for export to every enabled backend that pulls."""

    _name = "dms.partner.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["res.partner"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        if not record.customer or record.parent_id:
            return
        for backend in self.env["dms.backend"].sudo().search([("enabled", "=", True), ("base_url", "!=", False)]):
            record.sudo().with_delay(channel="root.dms").dms_export_customer(backend)


class DmsLeadListener(Component):
    """A sales up that came from the DMS sends its owner, status and outcome back when they change."""

    _name = "dms.lead.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["crm.lead"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        if not set(fields or ()) & set(LEAD_STATUS_FIELDS):
            return
        for binding in self.env["dms.lead.binding"].sudo().search([("odoo_id", "=", record.id)]):
            if binding.backend_id.enabled and binding.backend_id.base_url:
                binding.with_delay(channel="root.dms").dms_export_status()
