import hashlib
import hmac
import re
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.queue_job.exception import RetryableJobError

from ..lib import formats


class DmsBackendBusy(RetryableJobError, UserError):
    """Another import of the same backend held its lock: start over in a new transaction.

    A job is retried (RetryableJobError); a person who started a pull or an import by hand is
    told to run it again (UserError), not shown a server error.
    """

    def __init__(self, message):
        super().__init__(message, seconds=5, ignore_retry=True)


# first key of the per-backend advisory lock (the second is the backend id)
LOCK_NAMESPACE = 7331


def _kinds(_model):
    """How a backend reaches us: REST in any registered format, a format's own kind (lib/formats:
    STAR, ADF), leads by e-mail, files only."""
    return ([("rest", "REST API (any format the DMS link reads)")] + formats.backend_kinds()
            + [("email", "ADF leads by e-mail (lead alias)"), ("file", "File exports only")])


OUTBOUND_CHANNELS = [
    ("none", "Nothing goes back"),
    ("rest", "REST: POST to the base URL"),
    ("file", "File drop: one JSON file per message"),
]
# consecutive failed pulls wait 5, 10, 20, 40 ... minutes, at most an hour, before the next try
PULL_BACKOFF_MINUTES = (5, 60)


def hash_api_key(key):
    """The stored form of an API key: SHA-256 hex. The key is 256 random bits, so no slow KDF
    is needed; the plain key is never stored."""
    return hashlib.sha256((key or "").encode("utf-8")).hexdigest()


class DmsBackend(models.Model):
    """One Dealer Management System the CRM exchanges contact moments, leads and stock with.

    It is the connector collection: the DMS components (adapter, binder, mapper, importer,
    exporter) work in its scope. Pushed requests authenticate with its API key, of which only a
    hash is kept; `generate_api_key()` hands out a new key exactly once.
    """

    _name = "dms.backend"
    _inherit = ["connector.backend", "mail.thread", "mail.alias.mixin"]
    _description = "DMS backend"

    name = fields.Char(required=True)
    code = fields.Char(
        required=True, index=True, copy=False,
        help="Short lower-case slug used in the push URLs: /dms/<code>/moments.")
    kind = fields.Selection(_kinds, required=True, default="rest")
    active = fields.Boolean(default=True)
    enabled = fields.Boolean(
        default=True, help="Accept pushes and pull on schedule. Off: pushes get 403 and the cron skips it.")
    base_url = fields.Char("Base URL", help="Root of the DMS REST API the scheduled pull reads from.")
    login = fields.Char(groups="automotive_presales.group_sales_director")
    password = fields.Char(groups="automotive_presales.group_sales_director")
    team_id = fields.Many2one(
        "crm.team", "Default branch",
        help="Branch for moments whose DMS site is not mapped to a branch.")
    user_id = fields.Many2one(
        "res.users", "Default salesperson",
        help="Salesperson for moments whose DMS user is not mapped; empty leaves them unassigned "
             "until the customer's owner is known.")
    site_map_ids = fields.One2many("dms.site.map", "backend_id", "DMS sites")
    user_map_ids = fields.One2many("dms.user.map", "backend_id", "DMS users")
    api_key_hash = fields.Char(copy=False, readonly=True, groups="base.group_system")
    api_key_set = fields.Boolean("API key issued", compute="_compute_api_key_set")
    pull_cursor = fields.Char(
        "Last cursor", copy=False,
        help="Where the scheduled pull goes on: the timestamp and id of the last stored record.")
    column_map_ids = fields.One2many(
        "dms.column.map", "backend_id", "File columns",
        help="Column headers of this DMS's files and stock feed that the usual names do not cover.")
    outbound_channel = fields.Selection(
        OUTBOUND_CHANNELS, "Send back", required=True, default="rest",
        help="How status messages, contact moments, customer edits and orders go back to this DMS or "
             "lead sender: POSTed to <base URL>/events, or written as files into the backend's outbox "
             "folder in the filestore (dms_outbox/<code>/).")
    last_pull_at = fields.Datetime("Last pull", readonly=True, copy=False)
    last_pull_failed_at = fields.Datetime("Last pull failed at", readonly=True, copy=False)
    last_pull_error = fields.Char(readonly=True, copy=False)
    pull_failures = fields.Integer(
        "Failed pulls in a row", readonly=True, copy=False,
        help="The next pull waits longer after each failure (5 minutes doubling to an hour).")
    next_pull_at = fields.Datetime("Next pull not before", readonly=True, copy=False)
    pull_status = fields.Char("Pull status", compute="_compute_pull_status")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each DMS backend needs its own code."),
    ]

    def get_alias_model_name(self, vals):
        return "dms.backend"

    def get_alias_values(self):
        """Mail to the backend's lead alias lands in the backend itself (message_update reads the
        ADF in it): the senders are lead providers, not users, so everyone may write to it."""
        values = super().get_alias_values()
        values.update(alias_force_thread_id=self.id, alias_contact="everyone")
        return values

    @api.depends("last_pull_at", "last_pull_failed_at", "last_pull_error")
    def _compute_pull_status(self):
        for backend in self:
            # the error stays until a pull succeeds
            if backend.last_pull_error:
                backend.pull_status = _("last pull failed at %s: %s; next try not before %s") % (
                    backend.last_pull_failed_at, backend.last_pull_error or "", backend.next_pull_at or "")
            elif backend.last_pull_at:
                backend.pull_status = _("last pull at %s") % backend.last_pull_at
            else:
                backend.pull_status = False

    @api.depends("code")
    def _compute_api_key_set(self):
        for backend in self:
            backend.api_key_set = bool(backend.sudo().api_key_hash)

    @api.constrains("code")
    def _check_code(self):
        for backend in self:
            if not re.match(r"^[a-z0-9][a-z0-9_-]{0,39}$", backend.code or ""):
                raise ValidationError(_(
                    "DMS backend %s: field Code must be a slug of lower-case letters, digits, - and _ "
                    "(at most 40), got %r.") % (backend.name, backend.code))

    @api.multi
    def generate_api_key(self):
        """Store a new API key (as a hash) and return it: the only time anybody sees it."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        key = secrets.token_urlsafe(32)
        self.sudo().write({"api_key_hash": hash_api_key(key)})
        return key

    @api.multi
    def action_generate_api_key(self):
        """Form button: a new key, shown once in a dialog."""
        key = self.generate_api_key()
        # an unsaved dialog: the key travels to the browser in the action and is stored nowhere
        return {
            "type": "ir.actions.act_window",
            "res_model": "dms.api.key.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("New API key for %s") % self.name,
            "context": {"default_backend_id": self.id, "default_api_key": key},
        }

    @api.multi
    def check_api_key(self, key):
        """True when `key` is this backend's key (constant-time comparison)."""
        self.ensure_one()
        stored = self.sudo().api_key_hash
        return bool(stored and key) and hmac.compare_digest(stored, hash_api_key(key))

    @api.multi
    def column_mapping(self):
        """{column header: field} of the backend's file columns table."""
        self.ensure_one()
        return {row.header: row.field for row in self.sudo().column_map_ids}

    # ---- what the importers look up, once per batch ----

    @api.multi
    def _type_table(self):
        """{type code: (kind, phase id, type id)}: the backend's own codes over the global ones."""
        self.ensure_one()
        types = self.env["dms.moment.type"].sudo().search(
            ["|", ("backend_id", "=", False), ("backend_id", "=", self.id)])
        table = {}
        for moment_type in types.sorted(lambda record: bool(record.backend_id)):
            table[moment_type.code] = (moment_type.kind, moment_type.phase_id.id)
        return table

    @api.multi
    def _site_table(self):
        self.ensure_one()
        return {site.site_code.strip().upper(): site.team_id.id for site in self.sudo().site_map_ids}

    @api.multi
    def _user_table(self):
        self.ensure_one()
        return {row.dms_user.strip().lower(): (row.user_id.id, row.user_id.sale_team_id.id)
                for row in self.sudo().user_map_ids}

    @api.multi
    def _lock(self):
        """Serialise every import of this backend: hold its advisory lock until the transaction ends.

        Push, pull and file import of the same batch may run at once. Odoo's transactions are
        REPEATABLE READ: one that had to wait for the lock still reads from its old snapshot and
        would not see the bindings the other just committed. So a busy lock is waited for (the
        other import then has committed) and the caller starts over in a new transaction
        (DmsBackendBusy is a RetryableJobError: a job is retried, a push runs again). The unique
        constraint on the bindings stays the last guard.
        """
        self.ensure_one()
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, self.id))
        if not self.env.cr.fetchone()[0]:
            self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, self.id))
            raise DmsBackendBusy(_("DMS backend %s: another import was running; run again.") % self.code)

    @api.model
    def _by_code(self, code):
        backend = self.sudo().with_context(active_test=False).search([("code", "=", code)], limit=1)
        if not backend:
            raise UserError(_("No DMS backend with code %s.") % code)
        return backend


class DmsSiteMap(models.Model):
    """A DMS site (dealer number, location code) and the branch it stands for."""

    _name = "dms.site.map"
    _description = "DMS site to branch"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    site_code = fields.Char("DMS site", required=True)
    team_id = fields.Many2one("crm.team", "Branch", required=True, ondelete="cascade")

    _sql_constraints = [
        ("site_uniq", "unique(backend_id, site_code)", "Each DMS site maps to one branch."),
    ]


class DmsUserMap(models.Model):
    """A DMS user (login or employee number) and the salesperson they are."""

    _name = "dms.user.map"
    _description = "DMS user to salesperson"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    dms_user = fields.Char("DMS user", required=True)
    user_id = fields.Many2one("res.users", "Salesperson", required=True, ondelete="cascade")

    _sql_constraints = [
        ("user_uniq", "unique(backend_id, dms_user)", "Each DMS user maps to one salesperson."),
    ]
