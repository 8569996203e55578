"""The next format touches one file: a format registered in lib/formats only (its kinds, parser,
file type) is read by a push, a file import and a quarantine retry, with nothing else changed."""
import base64

from ..lib import formats
from ..lib.errors import RecordError
from ..lib.hashing import payload_hash
from ..lib.moments import parse_moment
from .common import DmsCase


def _toy_moment(raw, digest=None):
    """A toy line "id;type code;time;e-mail" as a moment of our schema."""
    parts = (raw.get("line") or "").split(";") if isinstance(raw, dict) else []
    if len(parts) != 4:
        raise RecordError("line", "expected id;type;time;e-mail, got %r" % raw)
    external_id, type_code, occurred_at, email = parts
    return parse_moment({"external_id": external_id, "type_code": type_code, "occurred_at": occurred_at,
                         "customer": {"email": email}}, digest=digest or payload_hash(raw))


TOY_LINE = formats.RecordKind("toy_line", "Toy line", _toy_moment, store="moment",
                              id_of=lambda raw: (raw.get("line") or "").split(";")[0])


def _toy_items(probe, options=None):
    return [TOY_LINE.item({"line": line.strip()}) for line in probe.body.decode("utf-8").splitlines()[1:]
            if line.strip()]


TOY = formats.Format("toy", "moments", _toy_items, lambda probe: probe.head.startswith(b"TOY"), label="toy lines",
                     content_types=("application/x-toy",), extensions=(".toy",), kinds=(TOY_LINE,),
                     file_types=(("toy", "Toy lines", "application/x-toy"),), backend_kind="Toy lines")


class TestFormatRegistry(DmsCase):

    def setUp(self):
        super().setUp()
        formats.register(TOY)
        self.addCleanup(formats.unregister, "toy")

    def test_a_format_in_the_registry_only_is_pushed_imported_and_retried(self):
        # a push: what the /dms/<code>/moments route calls with the request's body and content type
        body = (b"TOY\nT-1;CALL_OUT;2026-11-02T10:00:00Z;anna@example.nl\n"
                b"T-2;TOY_CALL;2026-11-02T11:00:00Z;bert@example.nl\n")
        answers = self.backend._import_body(body, "application/x-toy")
        self.assertEqual([(answer["external_id"], answer["status"]) for answer in answers],
                         [("T-1", "accepted"), ("T-2", "quarantined")])
        self.assertEqual(self.binding("T-1").odoo_id.partner_id, self.customer_a)
        entry = self.env["dms.quarantine"].search([("backend_id", "=", self.backend.id), ("external_id", "=", "T-2")])
        self.assertEqual((entry.kind, entry.reason_code), ("toy_line", "unknown_type"))

        # a file import, its type picked by hand among those the registry names
        self.assertIn("toy", self.env["dms.file.import"]._fields["file_type"].get_values(self.env))
        file_import = self.env["dms.file.import"].sudo(self.director).create({
            "name": "export.txt", "backend_id": self.backend.id, "file_type": "toy",
            "content": base64.b64encode(b"TOY\nT-3;CALL_OUT;2026-11-03T10:00:00Z;anna@example.nl\n")})
        file_import.action_dry_run()
        file_import.action_import()
        self.assertEqual((file_import.state, file_import.create_count), ("done", 1))
        self.assertEqual(self.binding("T-3").odoo_id.partner_id, self.customer_a)

        # the quarantine's retry (mapping the type code retries what waited for it)
        self.env["dms.moment.type"].create({"code": "TOY_CALL", "kind": "call",
                                            "phase_id": self.env.ref("automotive_presales.phase_lead_follow_up").id})
        self.assertEqual((entry.state, entry.retry_count), ("done", 1))
        self.assertEqual(self.binding("T-2").odoo_id.partner_id, self.customer_b)

        # the models that name kinds read them from the registry
        self.assertIn("toy_line", self.env["dms.reconciliation"]._fields["kind"].get_values(self.env))
        self.assertIn("toy", self.env["dms.backend"]._fields["kind"].get_values(self.env))
        formats.unregister("toy")
        self.assertNotIn("toy_line", self.env["dms.quarantine"]._fields["kind"].get_values(self.env))
