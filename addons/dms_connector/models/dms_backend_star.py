import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..components.importer import result
from ..lib.errors import RecordError

_logger = logging.getLogger(__name__)
STORE_ERRORS = (RecordError, ValidationError, UserError, psycopg2.Error, ValueError)


class DmsCustomerVehicle(models.Model):
    """A car the DMS says a customer owns or drives (STAR garage items): the car to trade in, to
    service, or to replace."""

    _name = "dms.customer.vehicle"
    _description = "Customer's vehicle (from the DMS)"
    _order = "current desc, year desc, id desc"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade", index=True)
    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    vehicle_id = fields.Char("ID in the DMS", required=True)
    vin = fields.Char("VIN", index=True)
    year = fields.Integer("Model year")
    make = fields.Char()
    model = fields.Char()
    trim = fields.Char()
    stock_number = fields.Char()
    relation = fields.Char(help="As the DMS says it: primary_owner, co_owner, driver ...")
    current = fields.Boolean(default=True, help="Off: the customer no longer has this car.")

    _sql_constraints = [
        ("vehicle_uniq", "unique(backend_id, partner_id, vehicle_id)", "A DMS vehicle is listed once per customer."),
    ]


class ResPartner(models.Model):
    _inherit = "res.partner"

    dms_vehicle_ids = fields.One2many("dms.customer.vehicle", "partner_id", "Vehicles (DMS)", readonly=True)

    @api.multi
    def _dms_merge(self, values, source_time, backend, crm_time=None):
        """Apply customer data from the DMS: an edit made on both sides keeps the newer by source
        time (the DMS record's own time against the customer's last change in the CRM: `crm_time`
        when the import knew it before it stored anything on the customer, else its write date)
        and leaves the other in the chatter. Empty CRM fields are always filled."""
        self.ensure_one()
        partner = self.sudo().with_context(tracking_disable=True, connector_no_export=True)
        changed = {name: value for name, value in values.items() if value and (partner[name] or "") != value}
        if not changed:
            return False
        empty = {name: value for name, value in changed.items() if not partner[name]}
        if crm_time and not isinstance(crm_time, str):
            crm_time = fields.Datetime.to_string(crm_time)
        newer = bool(source_time) and fields.Datetime.to_string(source_time) >= (crm_time or partner.write_date or "")

        def labels(items):
            return ", ".join("%s: %s" % (partner._fields[name].string, value) for name, value in items)

        if newer:
            kept = [(name, partner[name]) for name in changed if partner[name]]
            partner.write(changed)
            if kept:
                partner.message_post(body=_("Updated from DMS %s (its record of %s is newer); the CRM had %s.") % (
                    backend.name, source_time, labels(kept)), subtype="mail.mt_note")
            return True
        if empty:
            partner.write(empty)
        skipped = [(name, value) for name, value in changed.items() if name not in empty]
        if skipped:
            partner.message_post(body=_("DMS %s sent %s (its record of %s); the newer CRM values were kept.") % (
                backend.name, labels(skipped), source_time or _("unknown time")), subtype="mail.mt_note")
        return bool(empty)


class DmsBackend(models.Model):
    """The STAR records that are not moments: customers (with their leads, cars and lifecycle),
    contact methods (contact data and consent), lifecycle events and lead sources sent on their
    own, and what a delivery report does besides its moment."""

    _inherit = "dms.backend"

    # ---- customers ----

    @api.multi
    def _star_partner(self, customer, batch):
        """(partner, created) for a STAR customer (our schema): its binding, else a trusted match,
        else a new partner (a weak match creates one too: a manager merges duplicates later)."""
        Binding = self.env["dms.partner.binding"].sudo()
        binding = Binding.search([("backend_id", "=", self.id), ("external_id", "=", customer["external_id"])], limit=1)
        if binding:
            return binding.odoo_id, False
        match = batch.match(customer)
        if match.trusted:
            self._bind_partner(customer["external_id"], match.partner_id)
            return self.env["res.partner"].browse(match.partner_id), False
        if not (customer.get("last_name") or customer.get("email") or customer.get("phone")):
            raise RecordError("party_references", "the customer has no name, e-mail or phone: a party reference "
                              "with the customer's name is needed to make one")
        partner = self.env["res.partner"].sudo().with_context(tracking_disable=True, connector_no_export=True).create(
            self._partner_values(customer, batch.tables.get("default_team")))
        if customer.get("external_id"):
            self._bind_partner(customer["external_id"], partner.id)
        return partner, True

    @api.multi
    def _hash_binding(self, external_id, digest):
        """(binding, unchanged) of a partner binding that keeps the hash of a STAR record."""
        binding = self.env["dms.partner.binding"].sudo().search(
            [("backend_id", "=", self.id), ("external_id", "=", external_id)], limit=1)
        return binding, bool(binding) and binding.payload_hash == digest

    @api.multi
    def _import_star_customer(self, item, batch):
        record = item.parsed
        binding, unchanged = self._hash_binding(record["external_id"], record["payload_hash"])
        if unchanged:
            return result(record["external_id"], "duplicate")
        try:
            with self.env.cr.savepoint():
                if record["deleted"]:
                    return self._star_customer_deleted(record, binding)
                partner, created = self._star_partner(record["customer"], batch)
                if not created:
                    partner._dms_merge({"firstname": record["customer"].get("first_name"),
                                        "lastname": record["customer"].get("last_name")},
                                       record["document_time"], self)
                for lead in record["leads"]:
                    self._star_sales_up(lead, partner, batch)
                self._star_vehicles(partner, record["vehicles"], record["events"])
                self._star_lifecycle_notes(partner, record["events"])
                self.env["dms.partner.binding"].sudo().search([
                    ("backend_id", "=", self.id), ("external_id", "=", record["external_id"])]).write({
                        "payload_hash": record["payload_hash"], "source_time": record["document_time"] or False,
                        "sync_date": fields.Datetime.now()})
        except STORE_ERRORS as error:
            return self._store_refused(item, batch, error)
        return result(record["external_id"], "updated" if binding else "accepted")

    @api.multi
    def _star_customer_deleted(self, record, binding):
        """DELETED in the DMS: the CRM keeps the customer (sales history, consent: erasure is the
        privacy addon's decision) but unbinds it and says so in its chatter."""
        if not binding:
            return result(record["external_id"], "accepted",
                          _("unknown customer deleted in the DMS: nothing to unbind"))
        partner = binding.odoo_id
        event = next(event for event in record["events"] if event["type"] == "DELETED")
        partner.sudo().message_post(body=_("Deleted in DMS %s on %s: %s. The customer stays in the CRM, no longer "
                                           "linked to the DMS.") % (self.name, event["occurred_at"] or "",
                                                                    event["detail"]), subtype="mail.mt_note")
        binding.unlink()
        return result(record["external_id"], "updated")

    @api.multi
    def _star_sales_up(self, lead, partner, batch):
        """The sales up of a STAR lead (lead_id): found by its binding, else made for the customer."""
        Binding = self.env["dms.lead.binding"].sudo()
        if Binding.search_count([("backend_id", "=", self.id), ("external_id", "=", lead["lead_id"])]):
            return False
        source = self.env["utm.source"].sudo().search([("name", "=", lead["source"])], limit=1) if lead["source"] \
            else self.env["utm.source"]
        if lead["source"] and not source:
            source = self.env["utm.source"].sudo().create({"name": lead["source"]})
        received = lead["received_at"] or batch.received_at or fields.Datetime.now()
        lead_type = "call" if "PHONE" in lead["types"] else "walk_in" if "WALK_IN" in lead["types"] else "web"
        sales_up = self.env["crm.lead"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, connector_no_export=True).create({
                "type": "opportunity", "partner_id": partner.id, "contact_name": partner.firstname or partner.name,
                "contact_lastname": partner.lastname or partner.name, "email_from": partner.email or False,
                "phone": partner.phone or False, "lead_date": received, "lead_received_at": received,
                "lead_type": lead_type, "lead_status": "warm", "source_id": source.id or False,
                "description": lead["comments"] or False, "team_id": batch.tables.get("default_team") or False})
        sales_up.contact_moment_ids.filtered(lambda moment: moment.kind == "lead").write({"origin": "dms"})
        self.binder_for_lead().bind_record(lead["lead_id"], sales_up)
        self.env["dms.backend"].dms_notify("received", sales_up, {"received_at": received,
                                                                  "source": lead["source"]}, event_time=received)
        return sales_up

    @api.multi
    def binder_for_lead(self):
        with self.work_on("dms.lead.binding") as work:
            return work.component(usage="binder")

    @api.multi
    def _star_vehicles(self, partner, vehicles, events):
        Vehicle = self.env["dms.customer.vehicle"].sudo()
        disassociated = {event["resource"] for event in events if event["type"] == "VEHICLE_DISASSOCIATED"}
        for car in vehicles:
            if not car["vehicle_id"]:
                continue
            values = {"vin": car["vin"] or False, "year": car["year"] or False, "make": car["make"] or False,
                      "model": car["model"] or False, "trim": car["trim"] or False,
                      "stock_number": car["stock_number"] or False, "relation": car["relation"] or False,
                      "current": car["current"] and car["vehicle_id"] not in disassociated}
            known = Vehicle.search([("backend_id", "=", self.id), ("partner_id", "=", partner.id),
                                    ("vehicle_id", "=", car["vehicle_id"])], limit=1)
            if known:
                known.write(values)
            else:
                Vehicle.create(dict(values, backend_id=self.id, partner_id=partner.id, vehicle_id=car["vehicle_id"]))

    @api.multi
    def _star_lifecycle_notes(self, partner, events):
        """Lifecycle events the records above do not already hold (searched, updated, ...) are kept
        in the customer's chatter, once each."""
        noted = set(partner.sudo().message_ids.mapped("body") or [])
        for event in events:
            if event["type"] in ("VEHICLE_ASSOCIATED", "VEHICLE_DISASSOCIATED", "LEAD_RECEIVED", "CREATED"):
                continue
            body = _("DMS %s, %s at %s: %s") % (
                self.name, event["type"].lower().replace("_", " "), event["occurred_at"] or "",
                event["detail"] or event["key"])
            if not any(body in text for text in noted):
                partner.sudo().message_post(body=body, subtype="mail.mt_note")

    # ---- contact methods: contact data and consent ----

    @api.multi
    def _import_star_contact(self, item, batch):
        record = item.parsed
        binding, unchanged = self._hash_binding(record["external_id"], record["payload_hash"])
        if unchanged:
            return result(record["external_id"], "duplicate")
        try:
            with self.env.cr.savepoint():
                partner, created = self._star_partner(record["customer"], batch)
                if not created:
                    partner._dms_merge({key: record["customer"].get(key) for key in ("email", "phone", "mobile")},
                                       max([consent["time"] for consent in record["consents"] if consent["time"]]
                                           or [None]), self)
                self._consents_received(partner, record["consents"])
                self.env["dms.partner.binding"].sudo().search([
                    ("backend_id", "=", self.id), ("external_id", "=", record["customer"]["external_id"])]).write({
                        "payload_hash": record["payload_hash"], "sync_date": fields.Datetime.now()})
        except STORE_ERRORS as error:
            return self._store_refused(item, batch, error)
        return result(record["external_id"], "updated" if binding else "accepted")

    @api.multi
    def _consents_received(self, partner, consents):
        """Interface with dealer_privacy: res.partner._dms_consent_received, once per partner."""
        if not consents:
            return
        now = fields.Datetime.now()
        partner.sudo()._dms_consent_received([{
            "channel": consent["channel"], "purpose": "marketing", "state": consent["state"], "source": "dms",
            "time": fields.Datetime.to_string(consent["time"]) if consent["time"] else now,
            "text": _("Channel authorisation in DMS %s") % self.name, "backend_id": self.id} for consent in consents])

    # ---- lifecycle events and lead sources sent without their customer ----

    @api.multi
    def _import_star_lifecycle(self, item, batch):
        event = item.parsed["event"]
        bound = event["resource"] and self.env["dms.lead.binding"].sudo().search_count(
            [("backend_id", "=", self.id), ("external_id", "=", event["resource"])])
        if event["type"] == "LEAD_RECEIVED" and bound:
            return result(item.external_id, "duplicate")
        return self._store_refused(item, batch, RecordError(
            "customer", "a %s event sent without its customer cannot be stored: send it inside its customer "
            "(customer_lifecycle_events)" % event["type"]))

    @api.multi
    def _import_star_lead_source(self, item, batch):
        lead = item.parsed["lead"]
        if self.env["dms.lead.binding"].sudo().search_count(
                [("backend_id", "=", self.id), ("external_id", "=", lead["lead_id"])]):
            return result(item.external_id, "duplicate")
        return self._store_refused(item, batch, RecordError(
            "customer", "a lead source sent without its customer makes no sales up: send it inside its "
            "customer (lead_sources)"))

    @api.multi
    def _store_refused(self, item, batch, error):
        reason = getattr(error, "reason", None) or getattr(error, "name", None) or str(error).splitlines()[0]
        if batch.quarantine:
            self.env["dms.quarantine"]._keep(self, item.kind, item.external_id, item.raw, reason,
                                             "invalid" if isinstance(error, RecordError) else "error", False,
                                             batch.source)
        return result(item.external_id, "quarantined", reason)

    # ---- what a delivery report does besides its moment ----

    @api.multi
    def _deliver(self, report, answer):
        """The car of the report is sold and the buyer's address completed; a car not in stock or
        already sold changes nothing (the moment says what was delivered)."""
        binding = self.env["dms.moment.binding"].sudo().search(
            [("backend_id", "=", self.id), ("external_id", "=", report["external_id"])], limit=1)
        moment = binding.odoo_id
        car = report["vehicle"]
        Stock = self.env["presales.stock.vehicle"].sudo()
        stock = (car["vin"] and Stock.search([("vin", "=", car["vin"])], limit=1)) or (
            car["stock_number"] and Stock.search([("stock_number", "=", car["stock_number"])], limit=1))
        if stock and stock.state != "sold":
            try:
                with self.env.cr.savepoint():
                    stock._dms_set_state("sold")
            except (ValidationError, UserError) as error:
                answer["reason"] = _("delivered, but stock car %s stays %s: %s") % (
                    stock.name, stock.state, error.name)
        if moment.partner_id:
            address = report["address"]
            country = address["country"] and self.env["res.country"].search(
                [("code", "=", address["country"])], limit=1)
            occurred = moment.occurred_at and fields.Datetime.from_string(moment.occurred_at)
            moment.partner_id._dms_merge({"street": address["street"], "city": address["city"],
                                          "zip": address["zip"]}, occurred, self)
            if country and not moment.partner_id.country_id:
                moment.partner_id.sudo().write({"country_id": country.id})
