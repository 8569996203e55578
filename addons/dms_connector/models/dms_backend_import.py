import json
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib.funnel import CHANNELS
from odoo.addons.queue_job.job import job

from ..components.importer import ImportBatch
from ..lib import inventory, matching, moments, payloads, star
from ..lib.errors import RecordError
from .dms_backend_bulk import BULK_MIN_RECORDS

_logger = logging.getLogger(__name__)
RETRY_PATTERN = {1: 60, 3: 5 * 60, 6: 30 * 60}
PULL_PAGE_SIZE = 500


class DmsBackend(models.Model):
    """The import and export entry points of a backend: every channel (push, pull, file import,
    quarantine retry, reconciliation) ends up in these methods, under the backend's lock."""

    _inherit = "dms.backend"

    # ---- what a batch needs to know, loaded once ----

    @api.multi
    def _ingest_tables(self):
        self.ensure_one()
        users = self._user_table()
        self.env.cr.execute("SELECT id, sale_team_id FROM res_users WHERE sale_team_id IS NOT NULL")
        return {
            "types": self._type_table(),
            "sites": self._site_table(),
            "users": users,
            "user_teams": dict(self.env.cr.fetchall()),
            "default_team": self.team_id.id or None,
            "default_user": self.user_id.id or None,
            "backend_code": self.code,
            "channels": tuple(code for code, _label in CHANNELS),
        }

    @api.multi
    def _customer_index(self, customers, extra_bindings=None):
        """A matching.CustomerIndex and {partner id: portfolio owner} that match `customers` (incoming
        customers of our schema: one for a single record, a chunk's for the bulk path) as an index
        of every customer of the company would: the DMS bindings of their ids and, for a customer
        whose id is not bound to exactly one partner (CustomerIndex.match then asks the other
        rules), the partners the database finds for its keys: the same e-mail, a phone ending in
        the same seven digits, the same zip. Each filter finds at least the partners its rule
        matches, so the Match is the same. `extra_bindings` ({DMS id: partner id}) are bindings
        made but not written yet (the bulk path writes them with their chunk)."""
        self.ensure_one()
        index = matching.CustomerIndex()
        cr = self.env.cr
        external_ids = list({str(customer.get("external_id") or "") for customer in customers} - {""})
        bound = {}
        if external_ids:
            cr.execute("SELECT external_id, odoo_id FROM dms_partner_binding WHERE backend_id = %s "
                       "AND external_id = ANY(%s)", (self.id, external_ids))
            extra = extra_bindings or {}
            for external_id, partner_id in cr.fetchall() + [
                    (external_id, extra[external_id]) for external_id in external_ids if external_id in extra]:
                index.add_binding(external_id, partner_id)
                bound.setdefault(external_id, set()).add(partner_id)
        emails, phones, zips, seen = set(), set(), set(), set()
        for customer in customers:
            if len(bound.get(str(customer.get("external_id") or ""), ())) == 1:
                continue
            signature = tuple(customer.get(key) or "" for key in
                              ("external_id", "email", "phone", "mobile", "first_name", "last_name", "zip"))
            if signature in seen:
                continue
            seen.add(signature)
            keys = index.keys_of(customer)
            if keys["email"]:
                emails.add(keys["email"])
            phones.update(phone[-7:] for phone in keys["phone"])
            if keys["name_zip"]:
                zips.add(keys["name_zip"].rsplit("|", 1)[1])
        rules, params = [], []
        if emails:
            rules.append("lower(trim(email)) = ANY(%s)")
            params.append(sorted(emails))
        if phones:
            rules.append("right(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), 7) = ANY(%s) "
                         "OR right(regexp_replace(coalesce(mobile, ''), '\\D', '', 'g'), 7) = ANY(%s)")
            params += [sorted(phones), sorted(phones)]
        if zips:
            rules.append("lower(regexp_replace(coalesce(zip, ''), '[\\s-]+', '', 'g')) = ANY(%s)")
            params.append(sorted(zips))
        bound_ids = sorted(set().union(*bound.values())) if bound else []
        if not rules and not bound_ids:
            return index, {}
        # a partner found only through a binding needs no rule keys: the binding decides its match
        candidate = " OR ".join("(%s)" % rule for rule in rules) or "false"
        cr.execute("""
            SELECT id, email, phone, mobile, firstname, lastname, zip, user_id, {candidate} FROM res_partner
            WHERE active AND customer AND parent_id IS NULL AND (company_id IS NULL OR company_id = %s)
              AND (id = ANY(%s) OR {candidate})
        """.format(candidate=candidate), params + [self.company_id.id, bound_ids] + params)
        owners = {}
        for partner_id, email, phone, mobile, first, last, zip_code, user_id, is_candidate in cr.fetchall():
            if is_candidate:
                index.add_partner(partner_id, email or "", (phone, mobile), first or "", last or "", zip_code or "")
            owners[partner_id] = user_id
        return index, owners

    @api.model
    def _partner_values(self, customer, team_id=None):
        customer = customer or {}
        return {
            "firstname": customer.get("first_name") or False,
            "lastname": (customer.get("last_name") or customer.get("email") or customer.get("phone")
                         or _("DMS customer")),
            "email": customer.get("email") or False,
            "phone": customer.get("phone") or False,
            "mobile": customer.get("mobile") or False,
            "zip": customer.get("zip") or False,
            "city": customer.get("city") or False,
            "customer": True,
            "team_id": team_id or False,
        }

    @api.multi
    def _bind_partner(self, external_id, partner_id):
        self.ensure_one()
        partner_id = getattr(partner_id, "id", partner_id)
        Binding = self.env["dms.partner.binding"].sudo()
        binding = Binding.search([("backend_id", "=", self.id), ("external_id", "=", str(external_id))], limit=1)
        if binding:
            binding.write({"odoo_id": partner_id, "sync_date": fields.Datetime.now()})
        else:
            Binding.create({"backend_id": self.id, "external_id": str(external_id), "odoo_id": partner_id,
                            "sync_date": fields.Datetime.now()})

    @api.multi
    def _lead_of(self, lead_external_id):
        """(sales up id, owner id, branch id) of a bound DMS lead, or None."""
        if not lead_external_id:
            return None
        self.env.cr.execute("""
            SELECT l.id, l.user_id, l.team_id FROM dms_lead_binding b JOIN crm_lead l ON l.id = b.odoo_id
            WHERE b.backend_id = %s AND b.external_id = %s
        """, (self.id, lead_external_id))
        row = self.env.cr.fetchone()
        return tuple(row) if row else None

    @api.multi
    def _queue_reconciliation(self, kind, raw, moment, match, batch):
        self.ensure_one()
        customer = moment.get("customer") or {}
        Reconciliation = self.env["dms.reconciliation"].sudo()
        existing = Reconciliation.search([("backend_id", "=", self.id), ("external_id", "=", moment["external_id"]),
                                          ("state", "=", "open")], limit=1)
        payload = dict(raw, __customer__=customer) if isinstance(raw, dict) else {"raw": raw}
        values = {
            "kind": kind, "payload": json.dumps(payload, ensure_ascii=False, default=str),
            "customer_external_id": customer.get("external_id") or False,
            "customer_name": " ".join(filter(None, (customer.get("first_name"), customer.get("last_name"))))
            or customer.get("email") or moment["external_id"],
            "customer_email": customer.get("email") or False,
            "customer_phone": customer.get("phone") or customer.get("mobile") or False,
            "customer_zip": customer.get("zip") or False,
            "suggested_partner_id": match.partner_id, "confidence": match.confidence, "rule": match.rule,
            "team_id": batch.tables["sites"].get((moment.get("site") or "").upper()) or self.team_id.id or False,
        }
        if existing:
            existing.write(values)
        else:
            Reconciliation.create(dict(values, backend_id=self.id, external_id=moment["external_id"]))

    # ---- entry points ----

    @api.multi
    def _import_body(self, body, content_type="application/json", source="push", quarantine=True,
                     only_external_id=None, bulk=None):
        """Import a pushed or uploaded moments body (our JSON, STAR JSON or ADF XML).

        Raises lib.errors.PayloadError when the body cannot be read at all; otherwise returns one
        result per record: {"external_id", "status", "reason"}.
        """
        self.ensure_one()
        items = payloads.parse_body(body, content_type)
        if bulk is not False and quarantine and not only_external_id and len(items) >= (
                1 if bulk else BULK_MIN_RECORDS) and all(item.kind in ("moment", "star") for item in items):
            results = []
            self._bulk_import_entries([(item.kind, item.raw, item.parsed, item.error) for item in items],
                                      source=source, results=results)
            return results
        self._lock()
        batch = ImportBatch(self, source, quarantine)
        results = []
        with self.work_on("dms.moment.binding") as work:
            moment_importer = work.component(usage="record.importer")
        with self.work_on("dms.lead.binding") as work:
            lead_importer = work.component(usage="record.importer")
        for item in items:
            if only_external_id and item.external_id != only_external_id:
                continue
            if item.error is not None:
                results.append(self._refuse(item.kind, item.external_id, item.raw, item.error, batch))
            elif item.kind == "adf":
                results.append(lead_importer.run(item.raw, item.parsed, batch))
            else:
                results.append(moment_importer.run(item.kind, item.raw, item.parsed, batch))
        return results

    @api.multi
    def _import_records(self, records, source="push", quarantine=True, forced_partner_id=None, bulk=None):
        """Import decoded records [(kind, raw dict)] of our schema ("moment") or STAR ("star").

        A batch of BULK_MIN_RECORDS or more that keeps its refused records in quarantine goes
        through the bulk path (same rules, same answers); a single record, a retry from the
        quarantine and a reconciled moment go through the per-record importer. `bulk` True or False
        forces the choice where both paths may run (the parity tests)."""
        self.ensure_one()
        records = list(records)
        if bulk is not False and quarantine and not forced_partner_id and len(records) >= (
                1 if bulk else BULK_MIN_RECORDS):
            results = []
            self._bulk_import_entries([(kind, raw, None, None) for kind, raw in records], source=source,
                                      results=results)
            return results
        self._lock()
        batch = ImportBatch(self, source, quarantine)
        results = []
        with self.work_on("dms.moment.binding") as work:
            importer = work.component(usage="record.importer")
            for kind, raw in records:
                try:
                    parsed = (star.parse_event if kind == "star" else moments.parse_moment)(raw)
                except RecordError as error:
                    results.append(self._refuse(kind, error.external_id or moments.external_id_of(raw), raw,
                                                error, batch))
                    continue
                results.append(importer.run(kind, raw, parsed, batch, forced_partner_id=forced_partner_id))
        return results

    @api.multi
    def _refuse(self, kind, external_id, raw, error, batch):
        if batch.quarantine:
            self.env["dms.quarantine"]._keep(self, kind, external_id, raw, error.reason, "invalid", False,
                                             batch.source)
        return {"external_id": external_id or "", "status": "quarantined", "reason": error.reason}

    @api.multi
    def _import_inventory(self, body, source="push"):
        """Import a stock feed (CSV); one result per row, keyed by stock number."""
        self.ensure_one()
        parsed = inventory.parse(body, self.column_mapping())
        return self._import_inventory_rows([(row, raw) for row, raw, _vehicle, _error in parsed], source=source)

    @api.multi
    def _import_inventory_rows(self, rows, source="push", quarantine=True):
        self.ensure_one()
        self._lock()
        batch = ImportBatch(self, source, quarantine)
        results, seen = [], {}
        with self.work_on("presales.stock.vehicle") as work:
            importer = work.component(usage="record.importer")
            for row_number, raw in rows:
                try:
                    vehicle = inventory.parse_row(raw)
                    if vehicle["stock_number"] in seen:
                        raise RecordError("stock_number", "%s repeats row %d of the feed"
                                          % (vehicle["stock_number"], seen[vehicle["stock_number"]]),
                                          external_id=vehicle["stock_number"])
                    seen[vehicle["stock_number"]] = row_number
                except RecordError as error:
                    results.append(self._refuse("inventory", error.external_id, raw, error, batch))
                    continue
                results.append(importer.run(raw, vehicle, batch))
        return results

    # ---- scheduled pull ----

    @api.model
    def _cron_pull(self):
        """Queue one pull job per enabled backend with a base URL (the jobs page on by themselves)."""
        for backend in self.search([("enabled", "=", True), ("base_url", "!=", False)]):
            backend.with_delay(channel="root.dms", identity_key="dms-pull-%d" % backend.id).dms_pull_page()
        return True

    @job(default_channel="root.dms", retry_pattern=RETRY_PATTERN)
    @api.multi
    def dms_pull_page(self):
        """Read one page after the cursor, store it, then move the cursor; queue the next page.

        The cursor moves in the same transaction that stores the page: if storing fails, neither
        happens, and the retried job reads the same page again (a duplicate of nothing).
        """
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        # the import is the system's work, whoever started the job (DMS moments are superuser's)
        backend = self.sudo()
        with backend.work_on("dms.moment.binding") as work:
            adapter = work.component(usage="backend.adapter")
            records, next_cursor = adapter.search_page(backend.pull_cursor, PULL_PAGE_SIZE)
        kinds = [("star" if star.is_star(record) else "moment", record) for record in records]
        results = backend._import_records(kinds, source="pull") if kinds else []
        if next_cursor and next_cursor != backend.pull_cursor:
            backend.pull_cursor = next_cursor
            if records:
                backend.with_delay(channel="root.dms").dms_pull_page()
        return _("%d records: %s") % (len(results), ", ".join(
            "%d %s" % (sum(1 for res in results if res["status"] == status), status)
            for status in ("accepted", "updated", "duplicate", "quarantined")))


class ResPartner(models.Model):
    _inherit = "res.partner"

    @job(default_channel="root.dms", retry_pattern=RETRY_PATTERN)
    @api.multi
    def dms_export_customer(self, backend):
        # A job method is public: over RPC `backend` arrives as an id (it was a 500) and any user
        # could send any customer to the DMS. The job itself runs as superuser (listener.py);
        # by hand only who manages the DMS backends may.
        if not isinstance(backend, models.BaseModel):
            if isinstance(backend, bool) or not isinstance(backend, int):
                raise UserError(_("DMS export of customers %s: %r is not a DMS backend.") % (self.ids, backend))
            backend = self.env["dms.backend"].browse(backend)
        elif backend._name != "dms.backend":
            raise UserError(_("DMS export of customers %s: %s is not a DMS backend.") % (self.ids, backend))
        backend.check_access_rights("write")
        backend.exists().check_access_rule("write")
        if not (self.exists() and backend.exists()):
            # deleted (or merged away) between the event and the job: the DMS has nothing to learn
            return _("Customer %s or DMS backend %s deleted before the export; nothing sent.") % (
                self.ids, backend.ids)
        with backend.work_on("dms.partner.binding") as work:
            return work.component(usage="record.exporter").run(self)


class DmsLeadBinding(models.Model):
    _inherit = "dms.lead.binding"

    @job(default_channel="root.dms", retry_pattern=RETRY_PATTERN)
    @api.multi
    def dms_export_status(self):
        if not self.exists():
            return _("Sales-up binding %s deleted before the export; nothing sent.") % self.ids
        with self.backend_id.work_on("dms.lead.binding") as work:
            return work.component(usage="record.exporter").run(self)
