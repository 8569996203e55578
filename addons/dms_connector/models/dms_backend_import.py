import datetime
import json
import logging

import psycopg2
import psycopg2.errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.automotive_presales.lib.funnel import CHANNELS
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

from ..components.importer import ImportBatch
from ..lib import formats, matching, moments
from ..lib.errors import PayloadError
from .dms_backend import PULL_BACKOFF_MINUTES

_logger = logging.getLogger(__name__)
RETRY_PATTERN = {1: 60, 3: 5 * 60, 6: 30 * 60}
PULL_PAGE_SIZE = 500


def _folded(value):
    """A value compared as a person reads it: no case, no blanks (1011 AA is 1011aa)."""
    return "".join((value or "").split()).lower()


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
        partners = self.env["res.partner"].sudo().browse([partner_id for partner_id, _score, _rule in match.scores[:5]])
        candidates = [(0, 0, {"partner_id": partner.id, "confidence": score, "rule": rule,
                              "changes": self._reconcile_changes(customer, partner)})
                      for partner, (_partner_id, score, rule) in zip(partners, match.scores[:5]) if partner.exists()]
        values = {
            "kind": kind, "payload": moments.storable(payload),
            "candidate_ids": [(5, 0, 0)] + candidates,
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

    @api.model
    def _reconcile_changes(self, customer, partner):
        """What accepting this candidate does, shown beside it: the DMS customer is bound to it and
        its moment stored on it; where the DMS's data differs, the customer keeps the CRM's."""
        differs = ["%s %s (CRM: %s)" % (label, customer[key], partner[field] or "-")
                   for key, field, label in (("email", "email", _("e-mail")), ("phone", "phone", _("phone")),
                                             ("zip", "zip", _("postcode")), ("last_name", "lastname", _("name")))
                   if customer.get(key) and _folded(partner[field]) != _folded(customer[key])]
        bound = _("binds DMS customer %s; ") % customer["external_id"] if customer.get("external_id") else ""
        return (bound + _("the moment is stored on this customer") +
                ("; %s %s" % (_("the DMS says"), ", ".join(differs)) if differs else ""))[:250]

    # ---- the one engine: every channel ends here ----

    @api.multi
    def _ingest(self, body, content_type="", filename="", source="push", target="moments", quarantine=True,
                only_external_id=None, received_at=None, bulk=None):
        """Import a body in any registered format (lib/formats): pushed, pulled, uploaded or mailed.

        Raises lib.errors.PayloadError when the body cannot be read at all; otherwise returns one
        result per record, in the body's order: {"external_id", "status", "reason"} (and "repaired"
        when a broken document was mended to read it)."""
        self.ensure_one()
        items = formats.parse(body, content_type, filename, target, options={"mapping": self.column_mapping()})
        return self._ingest_items(items, source=source, quarantine=quarantine, only_external_id=only_external_id,
                                  received_at=received_at, bulk=bulk)

    @api.multi
    def _ingest_items(self, items, source="push", quarantine=True, only_external_id=None, forced_partner_id=None,
                      received_at=None, bulk=None):
        """Store parsed Items of any kind under the backend's lock; one result per item, in order.

        Each kind is stored as the format registry declares it (lib/formats.RecordKind): record
        kinds by their importer method, in their order (customers and leads before the moments of
        the same body, which may name them; stock rows after); every moment through the bulk path
        (our schema, STAR events, the moments of delivery reports: one record or a hundred
        thousand, the same rules and answers), then the kind's `after` method for each stored one
        (a delivery sells the car, completes the customer). `bulk=False` sends the moments through
        the per-record ORM importer instead: the reference the parity tests and the benchmark hold
        the bulk path to."""
        self.ensure_one()
        if only_external_id:
            items = [item for item in items if item.external_id == only_external_id]
        self._lock()
        batch = ImportBatch(self, source, quarantine, received_at=received_at)
        results = [None] * len(items)
        by_kind = {}
        for position, item in enumerate(items):
            if item.error is not None:
                results[position] = self._refuse(item.kind, item.external_id, item.raw, item.error, batch)
            else:
                by_kind.setdefault(item.kind, []).append(position)
        specs = sorted((formats.kind(kind) for kind in by_kind), key=lambda spec: (spec.order, spec.name))
        for spec in [spec for spec in specs if spec.order < formats.MOMENT_ORDER]:
            for position in by_kind[spec.name]:
                results[position] = getattr(self, spec.importer)(items[position], batch)
        moment_positions = sorted(position for spec in specs if spec.store == "moment"
                                  for position in by_kind[spec.name])
        if moment_positions:
            entries = [(items[position].kind, items[position].raw,
                        formats.kind(items[position].kind).moment_of(items[position].parsed), None)
                       for position in moment_positions]
            if bulk is False:
                answers = self._import_moments_one_by_one(entries, batch, forced_partner_id)
            else:
                answers = []
                self._bulk_import_entries(entries, source=source, results=answers, quarantine=quarantine,
                                          forced_partner_id=forced_partner_id)
            for position, answer in zip(moment_positions, answers):
                results[position] = answer
                after = formats.kind(items[position].kind).after
                if after and answer["status"] in ("accepted", "updated"):
                    getattr(self, after)(items[position].parsed, answer)
        for spec in [spec for spec in specs if spec.store == "record" and spec.order > formats.MOMENT_ORDER]:
            for position in by_kind[spec.name]:
                results[position] = getattr(self, spec.importer)(items[position], batch)
        batch.merge_customers()
        return results

    @api.multi
    def _import_adf(self, item, batch):
        """One ADF lead (lib/formats/adf.py): the lead importer finds or makes its sales up."""
        with self.work_on("dms.lead.binding") as work:
            return work.component(usage="record.importer").run(item.raw, item.parsed, batch)

    @api.multi
    def _import_moments_one_by_one(self, entries, batch, forced_partner_id=None):
        with self.work_on("dms.moment.binding") as work:
            importer = work.component(usage="record.importer")
            return [importer.run(kind, raw, parsed, batch, forced_partner_id=forced_partner_id)
                    for kind, raw, parsed, _error in entries]

    # ---- what the other modules call ----

    @api.multi
    def _import_body(self, body, content_type="application/json", source="push", quarantine=True,
                     only_external_id=None, bulk=None):
        """A pushed or uploaded moments body: see _ingest."""
        return self._ingest(body, content_type, source=source, quarantine=quarantine,
                            only_external_id=only_external_id, bulk=bulk)

    @api.multi
    def _import_records(self, records, source="push", quarantine=True, forced_partner_id=None, bulk=None):
        """Decoded records [(kind, raw dict)] of any kind the formats return ("moment", "star",
        "star_delivery", ...), as the quarantine and the reconciliation queue keep them."""
        self.ensure_one()
        items = [formats.kind(kind).item(raw) for kind, raw in records]
        return self._ingest_items(items, source=source, quarantine=quarantine, forced_partner_id=forced_partner_id,
                                  bulk=bulk)

    @api.multi
    def _refuse(self, kind, external_id, raw, error, batch):
        if batch.quarantine:
            self.env["dms.quarantine"]._keep(self, kind, external_id, raw, error.reason, "invalid", False,
                                             batch.source)
        return {"external_id": external_id or "", "status": "quarantined", "reason": error.reason}

    @api.multi
    def _import_inventory(self, body, source="push", content_type="text/csv", filename=""):
        """Import a stock feed (CSV or XLSX); one result per row, keyed by stock number."""
        return self._ingest(body, content_type, filename, source=source, target="inventory")

    @api.multi
    def _import_stock_item(self, item, batch):
        """One row of a stock feed (lib/formats/table.py)."""
        with self.work_on("presales.stock.vehicle") as work:
            return work.component(usage="record.importer").run(item.raw, item.parsed, batch)

    # ---- scheduled pull ----

    @api.model
    def _cron_pull(self):
        """Queue one pull job per enabled backend with a base URL whose back-off has run out (the
        jobs page on by themselves)."""
        now = fields.Datetime.now()
        for backend in self.search([("enabled", "=", True), ("base_url", "!=", False)]):
            if backend.next_pull_at and backend.next_pull_at > now:
                continue
            backend.with_delay(channel="root.dms", identity_key="dms-pull-%d" % backend.id).dms_pull_page()
        return True

    def _pull_lock(self):
        """One pull of a backend at a time (the scheduled pull and the next page's job may start
        together): the backend's row, locked for this transaction. False when another pull holds
        it or has changed it since this transaction began; both would otherwise end in a
        serialization failure on the pull's status, after reading the same page twice.

        FOR NO KEY UPDATE, not FOR UPDATE: a push storing bindings under the backend's advisory
        lock takes a key-share lock on this row (their foreign key), which FOR UPDATE would block;
        the pull, waiting for that advisory lock, then deadlocked with the push (the load run:
        9 deadlocks in 10 minutes)."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env.cr.execute("SELECT id FROM dms_backend WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                                    (self.id,))
        except (psycopg2.errors.LockNotAvailable, psycopg2.extensions.TransactionRollbackError):
            _logger.info("DMS %s: a pull is already running or has just run; this one stands down", self.code)
            return False
        return True

    @job(default_channel="root.dms", retry_pattern=RETRY_PATTERN)
    @api.multi
    def dms_pull_page(self):
        """Read one page after the cursor, store it, then move the cursor; queue the next page.

        The cursor moves in the same transaction that stores the page: if storing fails, neither
        happens, and the next pull reads the same page again (a duplicate of nothing). A DMS that
        does not answer (refused, timed out, 5xx, a page that is not JSON) is an expected
        condition: one WARNING line, the failure shown on the backend, and the next pull waits
        longer each time (PULL_BACKOFF_MINUTES); never a failed job with a traceback.
        """
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        # the import is the system's work, whoever started the job (DMS moments are superuser's)
        backend = self.sudo()
        if not backend._pull_lock():
            return _("Another pull of this backend runs or has just run: this one stands down.")
        try:
            with backend.work_on("dms.moment.binding") as work:
                adapter = work.component(usage="backend.adapter")
                records, next_cursor = adapter.search_page(backend.pull_cursor, PULL_PAGE_SIZE)
            items = formats.parse(json.dumps(records).encode(), "application/json") if records else []
        except (RetryableJobError, PayloadError) as error:
            return backend._pull_failed(str(error))
        results = backend._ingest_items(items, source="pull") if items else []
        backend.write({"last_pull_at": fields.Datetime.now(), "pull_failures": 0, "next_pull_at": False,
                       "last_pull_error": False})
        if next_cursor and next_cursor != backend.pull_cursor:
            backend.pull_cursor = next_cursor
            if records:
                backend.with_delay(channel="root.dms").dms_pull_page()
        return _("%d records: %s") % (len(results), ", ".join(
            "%d %s" % (sum(1 for res in results if res["status"] == status), status)
            for status in ("accepted", "updated", "duplicate", "quarantined")))

    @api.multi
    def _pull_failed(self, reason):
        self.ensure_one()
        now = fields.Datetime.from_string(fields.Datetime.now())
        failures = self.pull_failures + 1
        first, most = PULL_BACKOFF_MINUTES
        wait = min(first * 2 ** (failures - 1), most)
        _logger.warning("DMS %s: pull failed (%d in a row), next try in %d min: %s", self.code, failures, wait,
                        reason)
        self.write({"pull_failures": failures, "last_pull_failed_at": fields.Datetime.to_string(now),
                    "last_pull_error": reason[:200],
                    "next_pull_at": fields.Datetime.to_string(now + datetime.timedelta(minutes=wait))})
        return _("pull failed, next try in %d minutes: %s") % (wait, reason)


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
