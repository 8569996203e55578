import json
import logging

import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.addons.component.core import Component
from odoo.addons.automotive_presales.lib import stock, vin

from ..lib import matching, phases
from ..lib.errors import RecordError

_logger = logging.getLogger(__name__)


class ImportBatch(object):
    """What a backend knows during one import (one push, one page, one file), loaded once:
    the type, site and user tables and the index of the customers we have."""

    def __init__(self, backend, source="push", quarantine=True):
        self.backend = backend
        self.source = source
        self.quarantine = quarantine
        self.tables = backend._ingest_tables()
        self.partner_owner = {}

    def bind_partner(self, external_id, partner_id):
        """Remember that the DMS customer `external_id` is this partner (a binding row)."""
        self.backend._bind_partner(external_id, partner_id)

    def match(self, customer):
        """matching.Match of an incoming customer. A push holds a few records: the index is built
        from the partners the database finds for this customer's keys (each query finds at least
        what the rule would), instead of from every customer as the bulk path does."""
        index, owners = self.backend._customer_index([customer])
        self.partner_owner.update(owners)
        return index.match(customer)

    def partner_added(self, partner_id, customer):
        """A partner was created for `customer`; the database finds it for the next record."""


def result(external_id, status, reason=""):
    return {"external_id": external_id or "", "status": status, "reason": reason}


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
        Moment = self.env["presales.contact.moment"].sudo().with_context(tracking_disable=True)
        if binding:
            values = self.mapper.map_record(record).values(tables=batch.tables)
            binding.odoo_id.write(values)
            status = "updated"
            target = binding.odoo_id
        else:
            values = self.mapper.map_record(record).values(for_create=True, tables=batch.tables)
            target = Moment.create(values)
            status = "accepted"
        self.binder_for("dms.moment.binding").bind_record(
            moment["external_id"], target, moment["payload_hash"], binding=binding)
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
    """Imports one ADF lead: finds the sales up by any of the lead's keys (provider id, prospect
    id + vendor), so a resend never makes a second one; creates it with its intake moment, or
    adds what changed (vehicles, trade-ins)."""

    _name = "dms.lead.importer"
    _inherit = "base.importer"
    _collection = "dms.backend"
    _apply_on = "dms.lead.binding"
    _usage = "record.importer"

    def run(self, raw, lead, batch):
        Binding = self.env["dms.lead.binding"].sudo()
        bindings = Binding.search([("backend_id", "=", self.backend_record.id), ("external_id", "in", lead["keys"])])
        if bindings and all(binding.payload_hash == lead["payload_hash"] for binding in bindings):
            return result(lead["external_id"], "duplicate")
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
                return result(lead["external_id"], status)
        except (RecordError, ValueError) as error:
            reason = getattr(error, "reason", None) or str(error)
            if batch.quarantine:
                self.env["dms.quarantine"]._keep(self.backend_record, "adf", lead["external_id"], raw, reason,
                                                 "invalid", False, batch.source)
            return result(lead["external_id"], "quarantined", reason)

    def _create(self, lead, batch):
        values = self.mapper.map_record(lead).values(for_create=True)
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
        values["desired_vehicle_ids"] = [(0, 0, self._desired(vehicle)) for vehicle in lead["vehicles"]]
        values["trade_in_ids"] = [(0, 0, self._trade_in(vehicle)) for vehicle in lead["trade_ins"]]
        sales_up = self.env["crm.lead"].sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, connector_no_export=True).create(values)
        # the intake moment crm.lead logged is the DMS's record of this lead
        sales_up.contact_moment_ids.filtered(lambda moment: moment.kind == "lead").write({"origin": "dms"})
        return sales_up

    def _update(self, sales_up, lead):
        known = {(desired.make or "", desired.model or "", desired.year or 0)
                 for desired in sales_up.desired_vehicle_ids}
        added = [(0, 0, self._desired(vehicle)) for vehicle in lead["vehicles"]
                 if (vehicle["make"], vehicle["model"], vehicle["year"] or 0) not in known]
        known_trade = {(trade.make or "", trade.model or "", trade.year or 0) for trade in sales_up.trade_in_ids}
        trades = [(0, 0, self._trade_in(vehicle)) for vehicle in lead["trade_ins"]
                  if (vehicle["make"], vehicle["model"], vehicle["year"] or 0) not in known_trade]
        values = {}
        if added:
            values["desired_vehicle_ids"] = added
        if trades:
            values["trade_in_ids"] = trades
        if lead["comments"] and lead["comments"] not in (sales_up.description or ""):
            values["description"] = "\n".join(filter(None, (sales_up.description, lead["comments"])))
        if values:
            sales_up.with_context(tracking_disable=True).write(values)

    @staticmethod
    def _notes(vehicle, *extra):
        parts = [vehicle["interest"], vehicle["status"], vehicle["comments"]] + list(extra)
        if vehicle.get("price"):
            parts.append("price %s" % vehicle["price"])
        return ", ".join(filter(None, parts))

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
        return {"make": vehicle["make"] or "?", "model": vehicle["model"] or "?", "year": vehicle["year"] or False,
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
        except (ValidationError, UserError, psycopg2.IntegrityError) as error:
            # a constraint of the stock model (VIN taken by another car, ...): the row waits in quarantine
            reason = getattr(error, "name", None) or str(error).splitlines()[0]
            _logger.info("DMS stock row %s refused: %s", row["stock_number"], reason)
            if batch.quarantine:
                self.env["dms.quarantine"]._keep(self.backend_record, "inventory", row["stock_number"],
                                                 json.dumps(raw, default=str), reason, "error", False, batch.source)
            return result(row["stock_number"], "quarantined", reason)
