import json
import logging

import psycopg2

from odoo import _, fields
from odoo.exceptions import UserError, ValidationError
from odoo.addons.component.core import Component
from odoo.addons.automotive_presales.lib import sales_up as sales_up_rules, stock, vin

from ..lib import matching, phases
from ..lib.errors import RecordError

_logger = logging.getLogger(__name__)


# what a DMS record may say about a customer it matched: (its key, the partner's field)
MERGED_CUSTOMER_FIELDS = (("first_name", "firstname"), ("last_name", "lastname"), ("email", "email"),
                          ("phone", "phone"), ("mobile", "mobile"))


class ImportBatch(object):
    """What a backend knows during one import (one push, one page, one file), loaded once:
    the type, site and user tables and the index of the customers we have."""

    def __init__(self, backend, source="push", quarantine=True, received_at=None):
        self.backend = backend
        self.source = source
        self.quarantine = quarantine
        # when the records reached us (an e-mail's Date): a lead without request date arrived then
        self.received_at = received_at
        self.tables = backend._ingest_tables()
        self.partner_owner = {}
        # {partner id: (customer data, source time)} of the matched customers, the newest record each
        self.customer_data = {}
        # {partner id: its last change in the CRM before this batch touched it}
        self.crm_edited = {}

    def bind_partner(self, external_id, partner_id):
        """Remember that the DMS customer `external_id` is this partner (a binding row)."""
        self.backend._bind_partner(external_id, partner_id)

    def match(self, customer):
        """matching.Match of an incoming customer. A push holds a few records: the index is built
        from the partners the database finds for this customer's keys (each query finds at least
        what the rule would), instead of from every customer as the bulk path does."""
        index, owners = self.backend._customer_index([customer])
        self.partner_owner.update(owners)
        found = index.match(customer)
        if found.partner_id:
            self.remember_edit(found.partner_id)
        return found

    def remember_edit(self, partner_id):
        """Keep when the customer was last changed in the CRM, before this batch stores anything on
        it (a sales up made for a customer may write it): the time its data is weighed against.
        The bulk path writes no customer until the end: there the customer's own time serves."""
        if partner_id not in self.crm_edited:
            self.backend.env.cr.execute("SELECT write_date FROM res_partner WHERE id = %s", (partner_id,))
            row = self.backend.env.cr.fetchone()
            self.crm_edited[partner_id] = row[0] if row else None

    def partner_added(self, partner_id, customer):
        """A partner was created for `customer`; the database finds it for the next record."""

    def note_customer(self, partner_id, customer, source_time):
        """Remember what a record says about a customer it matched, with the record's own time
        (a moment's occurred_at, a lead's request date); merge_customers applies it."""
        values = {name: customer.get(key) or "" for key, name in MERGED_CUSTOMER_FIELDS}
        if not partner_id or not any(values.values()):
            return
        known = self.customer_data.get(partner_id)
        if known is None or (source_time and (known[1] is None or source_time >= known[1])):
            self.customer_data[partner_id] = (values, source_time)

    def merge_customers(self):
        """Apply the customers' data of the batch once it is stored, the newest record per customer:
        an edit made on both sides keeps the newer by source time, the other goes to the chatter
        (res.partner._dms_merge). After the moments: a bulk run writes no partner meanwhile."""
        data, self.customer_data = self.customer_data, {}
        partners = self.backend.env["res.partner"].sudo().browse(sorted(data)).exists()
        # the merged fields of every customer in one query: reading one field of one partner
        # would prefetch every field of a thousand of them (60 % of a bulk import's time)
        partners.read([name for _key, name in MERGED_CUSTOMER_FIELDS] + ["write_date"])
        for partner in partners:
            values, source_time = data[partner.id]
            partner._dms_merge(values, source_time, self.backend, crm_time=self.crm_edited.get(partner.id))


def result(external_id, status, reason="", repaired=""):
    """One record's answer; `repaired` says what of a broken document was mended to read it."""
    answer = {"external_id": external_id or "", "status": status, "reason": reason}
    if repaired:
        answer["repaired"] = repaired
    return answer


class DmsMomentImporter(Component):
    """Imports one DMS contact moment, following connector's flow: skip an unchanged record by its
    hash, resolve the customer (binding, e-mail, phone, name + zip), map, create or write, bind.

    The caller holds the backend's advisory lock, so two imports of the same batch see each other's
    bindings; each record runs in a savepoint, so one bad record never spoils the batch.
    """

    _name = "dms.moment.importer"
    _inherit = "base.importer"
    _collection = "dms.backend"
    _apply_on = "dms.moment.binding"
    _usage = "record.importer"

    def run(self, kind, raw, moment, batch, forced_partner_id=None):
        binder = self.binder_for("dms.moment.binding")
        binding = binder.to_binding(moment["external_id"])
        if binding and binding.payload_hash == moment["payload_hash"]:
            return result(moment["external_id"], "duplicate")
        try:
            with self.env.cr.savepoint():
                return self._import(kind, raw, moment, batch, binding, forced_partner_id)
        except phases.UnknownTypeCode as error:
            return self._quarantine(batch, kind, raw, moment["external_id"], str(error), "unknown_type",
                                    error.code)
        except RecordError as error:
            return self._quarantine(batch, kind, raw, moment["external_id"], error.reason)
        except (ValidationError, UserError, psycopg2.Error) as error:
            # a constraint of the contact moment: the record waits in quarantine, the batch goes on
            reason = getattr(error, "name", None) or str(error).splitlines()[0]
            return self._quarantine(batch, kind, raw, moment["external_id"], reason, "error")

    def _import(self, kind, raw, moment, batch, binding, forced_partner_id):
        # the phase first: an unknown type code must not create a customer
        phases.resolve(moment["type_code"], batch.tables["types"], batch.tables["backend_code"])
        partner_id = forced_partner_id or self._partner(kind, raw, moment, batch)
        if partner_id is False:
            return result(moment["external_id"], "quarantined",
                          "customer match below %.2f: waiting in the reconciliation queue"
                          % matching.THRESHOLD)
        lead = self.backend_record._lead_of(moment.get("lead_external_id"))
        record = {"moment": moment, "partner_id": partner_id or None, "lead": lead,
                  "partner_owner": batch.partner_owner.get(partner_id) if partner_id else None}
        Moment = self.env["presales.contact.moment"].sudo().with_context(
            tracking_disable=True, connector_no_export=True)
        if binding:
            values = self.mapper.map_record(record).values(tables=batch.tables)
            binding.odoo_id.write(values)
            status = "updated"
            target = binding.odoo_id
            # the ORM create runs the lifecycle hook itself; a rewritten moment may change its sales up too
            if hasattr(target, "_lifecycle_after_store"):
                target._lifecycle_after_store()
        else:
            values = self.mapper.map_record(record).values(for_create=True, tables=batch.tables)
            target = Moment.create(values)
            status = "accepted"
        self.binder_for("dms.moment.binding").bind_record(
            moment["external_id"], target, moment["payload_hash"], binding=binding)
        if kind == "moment" and partner_id:
            # a STAR customer's consent comes with its contact method; ours with each moment
            self.backend_record._moment_consents_received({partner_id: moment})
        return result(moment["external_id"], status)

    def _partner(self, kind, raw, moment, batch):
        """The partner id of the moment's customer, None without customer, False when a person must
        decide (the moment then waits in the reconciliation queue)."""
        customer = moment.get("customer") or {}
        if not customer:
            return None
        match = batch.match(customer)
        if match.trusted:
            if customer.get("external_id") and "binding" not in match.rule:
                batch.bind_partner(customer["external_id"], match.partner_id)
            batch.note_customer(match.partner_id, customer, moment["occurred_at"])
            return match.partner_id
        if match.partner_id:
            self.backend_record._queue_reconciliation(kind, raw, moment, match, batch)
            return False
        partner = self.env["res.partner"].sudo().with_context(tracking_disable=True, connector_no_export=True).create(
            self.backend_record._partner_values(customer, batch.tables.get("default_team")))
        if customer.get("external_id"):
            batch.bind_partner(customer["external_id"], partner.id)
        batch.partner_added(partner.id, customer)
        batch.partner_owner[partner.id] = partner.user_id.id or None
        return partner.id

    def _quarantine(self, batch, kind, raw, external_id, reason, reason_code="invalid", type_code=False):
        if batch.quarantine:
            self.env["dms.quarantine"]._keep(self.backend_record, kind, external_id, raw, reason, reason_code,
                                             type_code, batch.source)
        return result(external_id, "quarantined", reason)


class DmsLeadImporter(Component):
    """Imports one lead (ADF, a STAR lead source): finds the sales up by any of the lead's keys
    (provider id, prospect id + vendor, content fingerprint, DMS lead id), so a resend never makes
    a second one; creates it with its intake moment and acknowledges it to the sender, or adds what
    changed (vehicles, trade-ins, comments). Whatever the lead holds, it is stored or quarantined
    with its reason: a constraint of the sales up never escapes the savepoint."""

    _name = "dms.lead.importer"
    _inherit = "base.importer"
    _collection = "dms.backend"
    _apply_on = "dms.lead.binding"
    _usage = "record.importer"

    def run(self, raw, lead, batch, kind="adf"):
        Binding = self.env["dms.lead.binding"].sudo()
        bindings = Binding.search([("backend_id", "=", self.backend_record.id), ("external_id", "in", lead["keys"])])
        note = lead.get("repaired") or ""
        if bindings and all(binding.payload_hash == lead["payload_hash"] for binding in bindings) and \
                set(bindings.mapped("external_id")) >= set(lead["keys"]):
            return result(lead["external_id"], "duplicate", repaired=note)
        if bindings[:1].odoo_id.partner_id:
            batch.remember_edit(bindings[:1].odoo_id.partner_id.id)
        try:
            with self.env.cr.savepoint():
                sales_up = bindings[:1].odoo_id
                if sales_up:
                    self._update(sales_up, lead)
                    status = "updated"
                else:
                    sales_up = self._create(lead, batch)
                    status = "accepted"
                binder = self.binder_for("dms.lead.binding")
                for key in lead["keys"]:
                    binder.bind_record(key, sales_up, lead["payload_hash"],
                                       binding=bindings.filtered(lambda binding: binding.external_id == key))
        except (RecordError, ValueError, ValidationError, UserError, psycopg2.Error) as error:
            reason = getattr(error, "reason", None) or getattr(error, "name", None) or str(error).splitlines()[0]
            _logger.info("DMS lead %s refused: %s", lead["external_id"], reason)
            if batch.quarantine:
                self.env["dms.quarantine"]._keep(self.backend_record, kind, lead["external_id"], raw, reason,
                                                 "error", False, batch.source)
            return result(lead["external_id"], "quarantined", reason, repaired=note)
        if sales_up.partner_id and lead["customer"]:
            # the customer the lead names: its data merged by the lead's request date
            batch.note_customer(sales_up.partner_id.id, lead["customer"], lead["request_date"])
        if status == "accepted":
            self.env["dms.backend"].dms_notify("received", sales_up, {
                "received_at": sales_up.lead_received_at, "source": lead.get("source") or ""},
                event_time=sales_up.lead_received_at)
        return result(lead["external_id"], status, repaired=note)

    def _names(self, customer):
        """(first, last): both are required on a sales up; what the lead lacks is made up as the
        mail gateway does (the address stands in for an unknown last name)."""
        first, last = customer.get("first_name") or "", customer.get("last_name") or ""
        if first and last:
            return first, last
        if first or last:
            return first or last, customer.get("email") or customer.get("phone") or customer.get("mobile") or "?"
        first, last = sales_up_rules.names_from_sender("", customer.get("email") or "")
        return (first or customer.get("phone") or customer.get("mobile") or "?",
                last or customer.get("email") or customer.get("phone") or customer.get("mobile") or "?")

    def _create(self, lead, batch):
        values = self.mapper.map_record(lead).values(for_create=True)
        values["contact_name"], values["contact_lastname"] = self._names(lead["customer"])
        values["lead_date"] = lead["request_date"] or batch.received_at or fields.Datetime.now()
        values["lead_received_at"] = lead["request_date"] or batch.received_at or fields.Datetime.now()
        values["purchase_timeframe_start"] = lead.get("purchase_start") or False
        values["purchase_timeframe_end"] = lead.get("purchase_end") or False
        match = batch.match(lead["customer"]) if lead["customer"] else None
        if match and match.trusted:
            values["partner_id"] = match.partner_id
        values["team_id"] = (batch.tables["sites"].get((lead["vendor"].get("id") or "").upper())
                             or batch.tables.get("default_team") or False)
        source = lead["source"] and self.env["utm.source"].sudo().search([("name", "=", lead["source"])], limit=1)
        if lead["source"] and not source:
            source = self.env["utm.source"].sudo().create({"name": lead["source"]})
        if source:
            values["source_id"] = source.id
        desired, unknown = self._desired_lines(lead["vehicles"])
        values["desired_vehicle_ids"] = desired
        values["trade_in_ids"] = [(0, 0, self._trade_in(vehicle)) for vehicle in lead["trade_ins"]]
        if unknown:
            values["description"] = "\n".join(filter(None, (values.get("description"), unknown)))
        sales_up = self.env["crm.lead"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, connector_no_export=True).create(values)
        # the intake moment crm.lead logged is the DMS's record of this lead
        sales_up.contact_moment_ids.filtered(lambda moment: moment.kind == "lead").write({"origin": "dms"})
        return sales_up

    def _update(self, sales_up, lead):
        known = {(desired.make or "", desired.model or "", desired.year or 0)
                 for desired in sales_up.desired_vehicle_ids}
        added, unknown = self._desired_lines([
            vehicle for vehicle in lead["vehicles"] if (vehicle["make"], vehicle["model"], vehicle["year"] or 0)
            not in known])
        known_trade = {(trade.make or "", trade.model or "", trade.year or 0) for trade in sales_up.trade_in_ids}
        trades = [(0, 0, self._trade_in(vehicle)) for vehicle in lead["trade_ins"]
                  if (vehicle["make"] or "?", vehicle["model"] or "?", vehicle["year"] or 0) not in known_trade]
        values = {}
        if added:
            values["desired_vehicle_ids"] = added
        if trades:
            values["trade_in_ids"] = trades
        text = "\n".join(filter(None, (lead["comments"], unknown)))
        if text and text not in (sales_up.description or ""):
            values["description"] = "\n".join(filter(None, (sales_up.description, text)))
        for name, key in (("purchase_timeframe_start", "purchase_start"), ("purchase_timeframe_end", "purchase_end")):
            if lead.get(key) and not sales_up[name]:
                values[name] = lead[key]
        if values:
            sales_up.with_context(tracking_disable=True).write(values)

    @staticmethod
    def _notes(vehicle, *extra):
        parts = [vehicle["interest"], vehicle["status"], vehicle["comments"]] + list(extra)
        if vehicle.get("price"):
            parts.append("price %s" % vehicle["price"])
        return ", ".join(filter(None, parts))

    def _desired_lines(self, vehicles):
        """(one2many commands, text): a car from stock when the lead names its stock number or VIN,
        else one with its make and model; a car the lead names without make or model goes to the
        text, since a desired vehicle needs them."""
        Stock = self.env["presales.stock.vehicle"].sudo()
        lines, unknown = [], []
        for vehicle in vehicles:
            car = Stock.browse()
            if vehicle["stock"]:
                car = Stock.search([("stock_number", "=", vehicle["stock"].upper())], limit=1)
            if not car and len(vehicle["vin"]) == 17:
                car = Stock.search([("vin", "=", vehicle["vin"])], limit=1)
            if car and car.state == "available":
                lines.append((0, 0, {"stock_vehicle_id": car.id, "notes": self._notes(vehicle)}))
            elif vehicle["make"] and vehicle["model"]:
                lines.append((0, 0, self._desired(vehicle)))
            else:
                unknown.append(_("Interested in: %s") % " ".join(filter(None, (
                    str(vehicle["year"] or ""), vehicle["make"] or _("(make unknown)"),
                    vehicle["model"] or _("(model unknown)"), vehicle["vin"], vehicle["stock"] and
                    "stock %s" % vehicle["stock"]))))
        return lines, "\n".join(unknown)

    def _desired(self, vehicle):
        return {"make": vehicle["make"] or False, "model": vehicle["model"] or False, "year": vehicle["year"] or False,
                "trim": vehicle["trim"] or False, "colour": vehicle["colour"] or False,
                "notes": self._notes(vehicle, vehicle["stock"] and "stock %s" % vehicle["stock"])}

    def _trade_in(self, vehicle):
        vin_value, extra = vehicle["vin"] or False, ""
        if vin_value:
            try:
                vin.validate(vin_value)
            except vin.InvalidVin:
                vin_value, extra = False, "VIN %s" % vehicle["vin"]
        year = vehicle["year"] if vehicle["year"] and vehicle["year"] <= fields.Date.from_string(
            fields.Date.today()).year + 1 else False
        return {"make": vehicle["make"] or "?", "model": vehicle["model"] or "?", "year": year,
                "vin": vin_value, "mileage": vehicle["mileage"] or 0, "notes": self._notes(vehicle, extra) or False}


class DmsStockImporter(Component):
    """Imports one row of the stock feed into presales.stock.vehicle, found by stock number (or VIN).
    Sold and removed cars change state; nothing is deleted."""

    _name = "dms.stock.importer"
    _inherit = "base.importer"
    _collection = "dms.backend"
    _apply_on = "presales.stock.vehicle"
    _usage = "record.importer"

    FIELDS = ("vin", "stock_number", "year", "make", "model", "trim", "colour", "mileage", "price")
    STATE_EVENTS = {"sold": stock.FEED_SOLD, "removed": stock.FEED_REMOVED}

    def run(self, raw, row, batch):
        Vehicle = self.env["presales.stock.vehicle"].sudo().with_context(tracking_disable=True)
        values = {name: row[name] if row[name] not in ("", None) else False for name in self.FIELDS}
        values["dms_condition"] = row["condition"] or False
        values["dms_options"] = row["options"] or False
        # a sold or removed car changes state through the car's one method (lib/stock.py)
        event = self.STATE_EVENTS.get(row["status"])
        car = Vehicle.search([("stock_number", "=", row["stock_number"])], limit=1) or Vehicle.search(
            [("vin", "=", row["vin"])], limit=1)
        try:
            with self.env.cr.savepoint():
                if not car:
                    values.setdefault("team_id", batch.tables.get("default_team") or False)
                    car = Vehicle.create(values)
                    if event:
                        car._presales_stock_event(event)
                    return result(row["stock_number"], "accepted")
                changed = {name: value for name, value in values.items() if car[name] != value and not (
                    name == "price" and value and abs((car.price or 0) - value) < 0.005)}
                moved = bool(event) and car.state != row["status"]
                if not changed and not moved:
                    return result(row["stock_number"], "duplicate")
                if changed:
                    car.write(changed)
                if moved:
                    car._presales_stock_event(event)
                return result(row["stock_number"], "updated")
        except (ValidationError, UserError, psycopg2.Error) as error:
            # a constraint of the stock model (VIN taken by another car, ...): the row waits in quarantine
            reason = getattr(error, "name", None) or str(error).splitlines()[0]
            _logger.info("DMS stock row %s refused: %s", row["stock_number"], reason)
            if batch.quarantine:
                self.env["dms.quarantine"]._keep(self.backend_record, "inventory", row["stock_number"],
                                                 json.dumps(raw, default=str), reason, "error", False, batch.source)
            return result(row["stock_number"], "quarantined", reason)
