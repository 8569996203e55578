import psycopg2
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from ..lib import floor

UNIQUE_VIOLATION = "23505"


class DealerFloorCaptureMixin(models.AbstractModel):
    """A record a phone may send more than once: a capture made offline is sent again until the
    phone hears back, and an answer lost on a bad network makes it send once more.

    The phone gives each capture a `client_uuid`; creating a record with a client_uuid the same
    user already stored returns that record instead of a second one (interface 7). A unique index
    on (create_uid, client_uuid) holds it in the database when two attempts race.

    The models using it call `_floor_capture_create(vals, create)` first thing in their create(),
    before their own create() side effects (distribution, contact moments, agenda) run.
    """

    _name = "dealer.floor.capture.mixin"
    _description = "Idempotent capture from a phone (client_uuid)"

    client_uuid = fields.Char(
        "Capture id", index=True, copy=False, readonly=True,
        help="Technical: the id the phone gave this capture, so that sending it twice stores it once.")

    @api.model_cr
    def init(self):
        super().init()
        if self._abstract:
            return
        index = "%s_client_uuid_uniq" % self._table
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname = %s", (self._table, index))
        if not self.env.cr.fetchone():
            self.env.cr.execute(sql.SQL(
                "CREATE UNIQUE INDEX {} ON {} (create_uid, client_uuid) WHERE client_uuid IS NOT NULL").format(
                    sql.Identifier(index), sql.Identifier(self._table)))

    @api.model
    def _floor_existing_capture(self, client_uuid):
        """The record this user already stored with `client_uuid` (archived or lost included,
        and even when it has been handed to a colleague since), or an empty recordset."""
        found = self.sudo().with_context(active_test=False).search(
            [("client_uuid", "=", client_uuid), ("create_uid", "=", self.env.uid)], limit=1)
        return self.browse(found.ids)

    @api.model
    def _floor_capture_create(self, vals, create):
        """create(vals) once per (user, client_uuid): the record stored before, or a new one."""
        if not vals.get("client_uuid"):
            return create(vals)
        try:
            canonical = floor.client_uuid(vals["client_uuid"])
        except floor.InvalidInput:
            raise ValidationError(_("%s: field Capture id (client_uuid) must be a UUID, not %r.") % (
                self._description, vals["client_uuid"]))
        existing = self._floor_existing_capture(canonical)
        if existing:
            return existing
        vals = dict(vals, client_uuid=canonical)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return create(vals)
        except psycopg2.IntegrityError as error:
            if error.pgcode != UNIQUE_VIOLATION or "client_uuid_uniq" not in str(error):
                raise
            # another request with the same capture is being stored right now; Odoo's snapshot
            # cannot see it yet. The phone sends it again and then gets that record.
            raise UserError(_(
                "%s: this capture is being saved by another request; it is sent again shortly.")
                % self._description)
