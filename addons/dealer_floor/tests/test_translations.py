import ast
import io
import os
import re

from odoo.modules.module import get_module_path
from odoo.tests import common
from odoo.tools.translate import trans_export

# make lint checks these addons' nl.po against their .pot; here the .pot against what Odoo
# extracts now, so that neither can go stale. I18N_ADDONS (scripts/stack.sh) extends the list.
CHECKED = [name for name in os.environ.get("I18N_ADDONS", "dealer_floor").split(",") if name]


def msgids(text):
    """The msgids of a .po text (multi-line ones joined), the header's empty one left out."""
    found = set()
    for block in re.findall(r'^msgid ((?:"[^\n]*"\n)+)', text + "\n", re.MULTILINE):
        msgid = "".join(ast.literal_eval(line) for line in block.splitlines())
        if msgid:
            found.add(msgid)
    return found


@common.at_install(False)
@common.post_install(True)
class TestTranslations(common.TransactionCase):

    def test_the_pot_holds_exactly_the_terms_odoo_extracts(self):
        for addon in CHECKED:
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env.cr)
            extracted = msgids(buffer.getvalue().decode())
            with open(os.path.join(get_module_path(addon), "i18n", "%s.pot" % addon), encoding="utf-8") as handle:
                committed = msgids(handle.read())
            self.assertEqual(sorted(extracted - committed), [], "%s: terms missing from i18n/%s.pot: "
                             "scripts/stack.sh i18n-export %s" % (addon, addon, addon))
            self.assertEqual(sorted(committed - extracted), [], "%s: stale terms in i18n/%s.pot" % (addon, addon))

    def test_the_dutch_salesperson_reads_the_floor_in_dutch(self):
        strings = self.env["dealer.floor"].with_context(lang="nl_NL").floor_strings()
        self.assertEqual(strings["check_out"], "Uitchecken")
        names = self.env["dealer.floor"].with_context(lang="nl_NL").floor_app_names()
        self.assertEqual(names["name"], "Dealer Vloer")

    def test_the_demo_salespeople_work_in_dutch_formats(self):
        sales1 = self.env.ref("automotive_presales.user_sales1")
        self.assertEqual((sales1.lang, sales1.tz), ("nl_NL", "Europe/Amsterdam"))
        self.assertEqual(self.env.ref("automotive_presales.user_director").lang, "en_US")
        dutch = self.env["res.lang"]._lang_get("nl_NL")
        self.assertEqual(dutch.format("%.2f", 1234.5, grouping=True, monetary=True), "1.234,50")
        self.assertEqual(dutch.date_format, "%d-%m-%Y")
