from odoo.fields import Datetime

from odoo.addons.component.core import Component
from odoo.addons.component_event import skip_if

from ..models.dms_notify import CUSTOMER_FIELDS

LEAD_STATUS_FIELDS = ("user_id", "lead_status", "probability", "active", "stage_id")
# fields whose change may close or re-open a sales up (crm.lead.lifecycle_state once it exists)
LEAD_LIFECYCLE_FIELDS = LEAD_STATUS_FIELDS + ("lifecycle_state",)


class DmsPartnerListener(Component):
    """A new customer made in the CRM is queued for export to every enabled backend that sends
    back over REST; an edit of a customer the DMS knows goes to that DMS (dms_notify "customer")."""

    _name = "dms.partner.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["res.partner"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        if not record.customer or record.parent_id:
            return
        for backend in self.env["dms.backend"].sudo().search([
                ("enabled", "=", True), ("base_url", "!=", False), ("outbound_channel", "=", "rest")]):
            record.sudo().with_delay(channel="root.dms", max_retries=0).dms_export_customer(backend)

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        changed = [name for name in fields or () if name in CUSTOMER_FIELDS]
        if not changed or not record.customer:
            return
        values = {name: record[name] or "" for name in changed}
        self.env["dms.backend"].dms_notify("customer", record, dict(values, changed_at=record.write_date),
                                           event_time=record.write_date)


class DmsLeadListener(Component):
    """A sales up that came from the DMS or a lead sender sends its owner, status and outcome back
    when they change (sold and lost once each)."""

    _name = "dms.lead.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["crm.lead"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        if set(fields or ()) & set(LEAD_LIFECYCLE_FIELDS):
            record._dms_status_changed()


class DmsMomentListener(Component):
    """A contact moment logged in the CRM goes to the DMS, and tells the lead's sender about the
    first contact, a test drive or an offer."""

    _name = "dms.moment.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["presales.contact.moment"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        record._dms_notify_logged()


class DmsAppointmentListener(Component):
    """An appointment booked on a sales up is news for its sender, once. A test drive is told by
    the test-drive contact moment its booking logs (DmsMomentListener: "test_drive"); its agenda
    entry is not an appointment of its own."""

    _name = "dms.appointment.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["calendar.event"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        lead = record.opportunity_id
        if not lead or record.test_drive_id:
            return
        # told about the sales up, like every status its sender hears (one message per appointment)
        self.env["dms.backend"].dms_notify(
            "appointment", lead, {"appointment_id": record.id, "start": record.start, "name": record.display_name},
            event_time=Datetime.now())


class DmsOrderListener(Component):
    """A vehicle order confirmed in the CRM goes to the DMS."""

    _name = "dms.order.listener"
    _inherit = "base.connector.listener"
    _apply_on = ["sale.order"]

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        if "state" not in (fields or ()) or record.state != "sale":
            return
        lines = [{"product": line.product_id.display_name, "quantity": line.product_uom_qty,
                  "price_total": line.price_total} for line in record.order_line]
        self.env["dms.backend"].dms_notify("order", record, {
            "name": record.name, "customer": record.partner_id.display_name, "amount_total": record.amount_total,
            "currency": record.currency_id.name, "lines": lines, "confirmed_at": record.confirmation_date},
            event_time=record.confirmation_date)
