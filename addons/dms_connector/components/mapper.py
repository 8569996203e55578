from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping

from ..lib import ingest


class DmsMomentImportMapper(Component):
    """A parsed DMS moment -> contact-moment values, by the rule in lib/ingest.py (which the bulk
    path applies too). The record given to it carries the parsed moment and what the importer
    resolved: partner, its portfolio owner and the sales up; the batch's tables come as options."""

    _name = "dms.moment.import.mapper"
    _inherit = "base.import.mapper"
    _collection = "dms.backend"
    _apply_on = "dms.moment.binding"
    _usage = "import.mapper"

    @mapping
    def moment(self, record):
        return ingest.moment_values(record["moment"], self.options.tables, partner_id=record["partner_id"],
                                    partner_owner=record["partner_owner"], lead=record["lead"])

    @mapping
    def company(self, record):
        return {"company_id": self.backend_record.company_id.id}


class DmsLeadImportMapper(Component):
    """A parsed ADF prospect -> sales-up values: the five required fields, source, contact data,
    desired vehicles and trade-ins."""

    _name = "dms.lead.import.mapper"
    _inherit = "base.import.mapper"
    _collection = "dms.backend"
    _apply_on = "dms.lead.binding"
    _usage = "import.mapper"

    @mapping
    def contact(self, record):
        customer = record["customer"]
        return {
            "type": "opportunity",
            "contact_name": customer["first_name"] or customer["last_name"],
            "contact_lastname": customer["last_name"],
            "email_from": customer["email"] or False,
            "phone": customer["phone"] or False,
            "mobile": customer["mobile"] or False,
            "street": customer["street"] or False,
            "city": customer["city"] or False,
            "zip": customer["zip"] or False,
            "lead_date": record["request_date"],
            "lead_type": record["lead_type"],
            "lead_status": "warm",
            "description": record["comments"] or False,
        }
