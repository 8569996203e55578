import base64
import json
import os
from unittest.mock import patch

from .common import DmsCase


class TestBulkPathEqualsOrmPath(DmsCase):
    """The bulk SQL path applies the rules of the per-record importer: the same batch gives the same
    moments, bindings, quarantine and reconciliation entries, and the same answer when sent again."""

    def batch(self, summary="Called"):
        # a STAR communication event as lib/formats/star.records gives it (the event and the customer
        # of its contact method)
        star_event = {"event": {"communication_event_key": "CE-1", "communication_channel_type": "EMAIL",
                                "communication_direction_type": "OUTBOUND",
                                "occurrence_date_time": "2026-11-03T12:00:00+01:00",
                                "source_party": {"party_key": "AMS", "party_name": "Dealer Amsterdam"}},
                      "customer": {"customer_key": "C-1", "email": "anna@example.nl", "consent": ["email"]}}
        return [
            self.moment("M-1", summary=summary, user="asales"),
            self.moment("M-2", site="", customer={"email": "bert@example.nl"}),
            self.moment("M-3", customer={"external_id": "C-9", "first_name": "Nina", "last_name": "Nieuw",
                                         "email": "nina@example.nl"}),
            self.moment("M-4", customer={"external_id": "C-9"}, type_code="TEST_DRIVE", direction="inbound"),
            self.moment("M-5", type_code="PIGEON"),
            self.moment("M-6", occurred_at="not a date"),
            self.moment("M-7", customer={"first_name": "Anna", "last_name": "Alpha", "zip": "1012 LG"}),
            self.moment("M-8", customer=None, channel="smoke"),
            self.moment("M-9", customer={"phone": "+31 20 123 4567", "marketing_consent": ["phone"]}),
            star_event,
            "not a moment",
        ]

    def snapshot(self):
        bindings = self.env["dms.moment.binding"].search([("backend_id", "=", self.backend.id)])
        moments = {}
        for binding in bindings:
            moment = binding.odoo_id
            moments[binding.external_id] = (
                binding.payload_hash, moment.occurred_at, moment.kind, moment.channel, moment.direction,
                moment.summary, moment.user_id.id, moment.team_id.id, moment.phase_id.id, moment.lead_id.id,
                (moment.partner_id.email, moment.partner_id.firstname, moment.partner_id.lastname),
                moment.no_marketing_consent, moment.origin, moment.company_id.id)
        quarantine = {(entry.external_id, entry.reason, entry.reason_code)
                      for entry in self.env["dms.quarantine"].search([("backend_id", "=", self.backend.id)])}
        reconciliation = {(item.external_id, item.suggested_partner_id.id, item.confidence)
                          for item in self.env["dms.reconciliation"].search([("backend_id", "=", self.backend.id)])}
        partners = {(binding.external_id, binding.odoo_id.email)
                    for binding in self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id)])}
        return moments, quarantine, reconciliation, partners

    def run_both(self, *steps):
        """Run the steps (lists of records) through each path from the same start (the bulk path in
        chunks of 3, so that records meet across chunks); per step the counts and the answer per
        record, and the snapshot at the end."""
        outcomes = []
        for path in ("orm", "bulk"):
            self.env.cr.execute("SAVEPOINT parity")
            counts, answers = [], []
            for records in steps:
                if path == "orm":
                    results = self.backend._import_records(
                        [("star" if isinstance(raw, dict) and "event" in raw else "moment", raw)
                         for raw in records], bulk=False)
                    tally = {status: sum(1 for res in results if res["status"] == status)
                             for status in ("accepted", "updated", "duplicate", "quarantined")}
                else:
                    results = []
                    tally = self.backend._bulk_import_moments(iter(records), chunk_size=3, results=results)
                counts.append(tally)
                answers.append(results)
            self.env.cache.invalidate()
            outcomes.append((counts, self.snapshot(), answers))
            self.env.cr.execute("ROLLBACK TO SAVEPOINT parity")
            self.env.cache.invalidate()
        return outcomes

    def test_same_rows_statuses_and_side_tables(self):
        (orm_counts, orm_state, orm_answers), (bulk_counts, bulk_state, bulk_answers) = self.run_both(
            self.batch(), self.batch(), self.batch(summary="Called again"))
        self.assertEqual(orm_counts, bulk_counts)
        self.assertEqual(orm_answers, bulk_answers)
        self.assertEqual(orm_counts[0], {"accepted": 7, "updated": 0, "duplicate": 0, "quarantined": 4})
        self.assertEqual(orm_counts[1]["duplicate"], 7)
        self.assertEqual(orm_counts[2]["updated"], 1)
        self.assertEqual(orm_state[0], bulk_state[0])
        self.assertEqual(orm_state[1:], bulk_state[1:])
        self.assertEqual(len(orm_state[0]), 7)
        self.assertEqual(orm_state[0]["M-9"][10][0], "anna@example.nl", "matched by phone")
        self.assertFalse(orm_state[0]["M-9"][11], "consent on the phone channel")
        self.assertEqual(orm_state[0]["M-1"][5], "Called again")

    def test_repeats_in_one_batch_odd_ids_and_sales_ups(self):
        """The same external id several times in one batch (new, unchanged, changed, changed back)
        across chunk borders, ids that are not clean text (parsed before their binding is looked
        up), a moment on a sales up without customer (it takes the sales up's customer and owner)."""
        with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "lib", "tests", "samples",
                               "adf_basic.xml"), "rb") as handle:
            lead_key = self.backend._import_body(handle.read(), "application/xml")[0]["external_id"]
        first = self.moment("R-1")
        changed = self.moment("R-1", summary="Called twice")
        star_event = {"event": {"communication_event_key": 4711, "communication_channel_type": "PHONE",
                                "communication_direction_type": "INBOUND",
                                "occurrence_date_time": "2026-11-04T09:00:00Z", "source_party": [{"party_key": "UTR"}]}}
        steps = (
            [first, first, changed, self.moment(" R-2 "), self.moment(17), star_event, first,
             self.moment("R-3", customer=None, site="", lead_external_id=lead_key),
             self.moment("R-4", lead_external_id="provider:nobody:0"), self.moment("", summary="no id")],
            [changed, first, star_event, self.moment(17, summary="Changed"),
             {"event": dict(star_event["event"], communication_summary="Seen again")}],
            # new in one chunk, changed in the next while the first is being written
            [self.moment("R-5"), self.moment("R-6"), self.moment("R-7", customer={"email": "new@example.nl"}),
             self.moment("R-5", summary="At once again"), self.moment("R-7", summary="Again")],
        )
        (orm_counts, orm_state, orm_answers), (bulk_counts, bulk_state, bulk_answers) = self.run_both(*steps)
        self.assertEqual(orm_answers, bulk_answers)
        self.assertEqual(orm_counts, bulk_counts)
        self.assertEqual(orm_state, bulk_state)
        self.assertEqual([answer["status"] for answer in orm_answers[0]], [
            "accepted", "duplicate", "updated", "accepted", "accepted", "accepted", "updated", "accepted",
            "accepted", "quarantined"])
        self.assertEqual([answer["status"] for answer in orm_answers[1]],
                         ["updated", "updated", "duplicate", "updated", "updated"])
        self.assertEqual([answer["status"] for answer in orm_answers[2]],
                         ["accepted", "accepted", "accepted", "updated", "updated"])
        self.assertEqual((orm_state[0]["R-5"][5], orm_state[0]["R-7"][5]), ("At once again", "Again"))
        moments = orm_state[0]
        self.assertEqual(moments["R-1"][5], "Called about the Golf")
        lead = self.env["dms.lead.binding"].search([("external_id", "=", lead_key)]).odoo_id
        self.assertEqual((moments["R-3"][9], moments["R-3"][10][0]), (lead.id, lead.partner_id.email))
        self.assertEqual(moments["R-3"][6], lead.user_id.id or False)

    def test_pushes_pages_and_files_of_one_record_or_several_take_the_bulk_path(self):
        """One engine: a single record, a batch and a file all go through the bulk path."""
        Backend = type(self.backend)
        with patch.object(Backend, "_bulk_import_entries", autospec=True,
                          side_effect=Backend._bulk_import_entries) as bulk:
            single = self.push(self.moment("P-1"))
            self.assertEqual(bulk.call_count, 1, "a single record takes the bulk path too")
            answers = self.push(self.moment("P-1"), self.moment("P-2", type_code="PIGEON"), self.moment("P-3"),
                                "not a moment")
            self.assertEqual(bulk.call_count, 2)
            file_import = self.env["dms.file.import"].create({
                "name": "moments.json", "backend_id": self.backend.id, "target": "moments",
                "content": base64.b64encode(json.dumps([self.moment("P-4"), self.moment("P-5")]).encode())})
            file_import.action_dry_run()
            file_import.action_import()
            self.assertEqual(bulk.call_count, 4)
        self.assertEqual(single[0]["status"], "accepted")
        self.assertEqual([(answer["external_id"], answer["status"], answer["reason"]) for answer in answers], [
            ("P-1", "duplicate", ""), ("P-2", "quarantined", "unknown type code PIGEON for backend group-dms"),
            ("P-3", "accepted", ""), ("", "quarantined", "a moment must be a JSON object, got str")])
        self.assertEqual((file_import.create_count, file_import.state), (2, "done"))
        self.assertTrue(self.binding("P-5"))
