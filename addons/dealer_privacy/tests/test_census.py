from odoo.tests.common import TransactionCase

from ..lib import declarations


class TestCensus(TransactionCase):
    """Every model of the registry that links to a person or has a field that looks personal is
    declared, with each such field: a model a branch adds without declaration fails here."""

    def test_every_model_holding_a_person_is_declared(self):
        gaps = self.env["dealer.privacy.registry"]._census_gaps()
        self.assertEqual(gaps, [], "declare these in addons/dealer_privacy/lib/declarations.py:\n" + "\n".join(gaps))

    def test_declarations_name_fields_that_exist(self):
        problems = []
        for model, declaration in sorted(declarations.DECLARATIONS.items()):
            if model not in self.env:
                continue  # a model of an addon not installed (declared ahead of its merge)
            named = (declaration.links + tuple(declaration.personal) + declaration.kept + declaration.detach
                     + declaration.match + (declaration.document or ()))
            problems += ["%s.%s" % (model, name) for name in named if name not in self.env[model]._fields]
        self.assertEqual(problems, [])

    def test_the_census_sees_a_new_model_with_a_partner_link(self):
        found = self.env["dealer.privacy.registry"]._census()
        # what other branches add today is found the same way: a partner or sales up link
        self.assertIn("partner_id", found["presales.contact.moment"][0])
        self.assertIn("licence_number", found["presales.test.drive"][1])
        self.assertIn("payload", found["dms.quarantine"][1], "raw payloads are found without any link")
        fake = {"presales.showroom.visit": ({"partner_id", "lead_id"}, {"visitor_phone"})}
        self.assertEqual(len(declarations.census_gaps(fake, declarations.DECLARATIONS)), 1)
