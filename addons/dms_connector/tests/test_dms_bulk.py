from .common import DmsCase


class TestBulkPathEqualsOrmPath(DmsCase):
    """The bulk SQL path applies the rules of the per-record importer: the same batch gives the same
    moments, bindings, quarantine and reconciliation entries, and the same answer when sent again."""

    def batch(self, summary="Called"):
        star_event = {"CommunicationEventID": "CE-1", "CommunicationTypeCode": "OFFER",
                      "EventDateTime": "2026-11-03T12:00:00+01:00", "ChannelCode": "Email", "DealerSiteID": "AMS",
                      "Customer": {"CustomerID": "C-1", "EmailAddress": "anna@example.nl",
                                   "MarketingConsentIndicator": "true"}}
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
        """Run the steps (lists of records) through each path from the same start; snapshots and counts."""
        outcomes = []
        for path in ("orm", "bulk"):
            self.env.cr.execute("SAVEPOINT parity")
            counts = []
            for records in steps:
                if path == "orm":
                    results = self.backend._import_records(
                        [("star" if isinstance(raw, dict) and "CommunicationEventID" in raw else "moment", raw)
                         for raw in records])
                    tally = {status: sum(1 for res in results if res["status"] == status)
                             for status in ("accepted", "updated", "duplicate", "quarantined")}
                else:
                    tally = self.backend._bulk_import_moments(iter(records), chunk_size=3)
                counts.append(tally)
            self.env.cache.invalidate()
            outcomes.append((counts, self.snapshot()))
            self.env.cr.execute("ROLLBACK TO SAVEPOINT parity")
            self.env.cache.invalidate()
        return outcomes

    def test_same_rows_statuses_and_side_tables(self):
        (orm_counts, orm_state), (bulk_counts, bulk_state) = self.run_both(
            self.batch(), self.batch(), self.batch(summary="Called again"))
        self.assertEqual(orm_counts, bulk_counts)
        self.assertEqual(orm_counts[0], {"accepted": 7, "updated": 0, "duplicate": 0, "quarantined": 4})
        self.assertEqual(orm_counts[1]["duplicate"], 7)
        self.assertEqual(orm_counts[2]["updated"], 1)
        self.assertEqual(orm_state[0], bulk_state[0])
        self.assertEqual(orm_state[1:], bulk_state[1:])
        self.assertEqual(len(orm_state[0]), 7)
        self.assertEqual(orm_state[0]["M-9"][10][0], "anna@example.nl", "matched by phone")
        self.assertFalse(orm_state[0]["M-9"][11], "consent on the phone channel")
        self.assertEqual(orm_state[0]["M-1"][5], "Called again")
