from odoo.exceptions import ValidationError

from .common import DmsCase


class TestMomentTypeMapping(DmsCase):
    """The mapping table starts from the funnel's standard moment types (one vocabulary), and
    refuses a phase that does not fit the moment's kind."""

    def setUp(self):
        super().setUp()
        # the vocabulary is cached per registry: what a test adds must not outlive it
        self.addCleanup(self.env["presales.funnel.vocabulary"]._changed)

    def test_every_standard_type_is_mapped_for_every_backend(self):
        standard = self.env["presales.moment.type"].search([])
        mapped = {(row.code, row.kind, row.phase_id.id) for row in self.env["dms.moment.type"].search(
            [("backend_id", "=", False)])}
        self.assertLessEqual({(item.code, item.kind_id.code, item.phase_id.id) for item in standard}, mapped)
        self.assertIn("WORKSHOP_VISIT", {code for code, _kind, _phase in mapped})

    def test_a_phase_added_to_the_vocabulary_is_mapped_and_receives_dms_moments(self):
        block = self.env.ref("automotive_presales.block_after_sales")
        phase = self.env["presales.funnel.phase"].create({
            "code": "recall", "name": "Recall campaign", "sequence": 170, "block_id": block.id})
        kind = self.env["presales.moment.kind"].create({
            "code": "recall", "name": "Recall", "phase_ids": [(6, 0, phase.ids)], "phase_id": phase.id})
        self.env["presales.moment.type"].create({"code": "recall", "name": "Recall visit", "kind_id": kind.id,
                                                 "phase_id": phase.id})
        row = self.env["dms.moment.type"].search([("backend_id", "=", False), ("code", "=", "RECALL")])
        self.assertEqual((row.kind, row.phase_id), ("recall", phase))
        self.assertEqual(self.push(self.moment("M-R1", type_code="RECALL"))[0]["status"], "accepted")
        moment = self.binding("M-R1").odoo_id
        self.assertEqual((moment.kind, moment.phase_id), ("recall", phase))

    def test_a_mapping_whose_phase_does_not_fit_the_kind_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "DMS moment type DELIVERED_ORDER: field Funnel phase "
                                                     r"\(Vehicle delivery\) does not fit the kind Sales agreement"):
            self.env["dms.moment.type"].create({
                "code": "DELIVERED_ORDER", "name": "x", "kind": "agreement",
                "phase_id": self.env.ref("automotive_presales.phase_vehicle_delivery").id})
        row = self.env["dms.moment.type"].search([("backend_id", "=", False), ("code", "=", "CALL_OUT")])
        with self.assertRaisesRegex(ValidationError, "does not fit the kind Call"):
            row.phase_id = self.env.ref("automotive_presales.phase_happy_call")
