import functools
import os

from odoo.modules.module import get_module_path
from odoo.tests import common
from odoo.tests.common import SavepointCase
from odoo.tools.translate import trans_load

# What every channel must give a new sales up (see crm_lead.create); fixtures that are not about
# those fields take these.
SALES_UP_DEFAULTS = {"type": "opportunity", "lead_type": "walk_in", "lead_status": "warm"}


def sales_up_values(values):
    """Complete a sales-up fixture with the required fields it does not set itself."""
    values = dict(SALES_UP_DEFAULTS, **values)
    if not values.get("partner_id"):
        values.setdefault("contact_name", "Prospect")
        values.setdefault("contact_lastname", values.get("name") or "Test")
    return values


def _released_on_failure(setup):
    @functools.wraps(setup)
    def guarded(cls):
        try:
            setup(cls)
        except Exception:
            cls._release_class_cursor()
            raise
    return guarded


class DealerCase(SavepointCase):
    """Two branches, a salesperson per branch (two in branch A), a manager of branch A and a
    director, made once per test class. Tests never depend on the demo data.

    unittest skips tearDownClass when setUpClass fails: the class's transaction would stay open
    and its locks would make every later class wait. Each subclass's setUpClass is therefore
    guarded so a failure rolls back and closes the class cursor before it is reported.
    """

    def __init_subclass__(cls, **kwargs):
        result = super().__init_subclass__(**kwargs)
        setup = cls.__dict__.get("setUpClass")
        if setup is not None:
            cls.setUpClass = classmethod(_released_on_failure(setup.__func__))
        return result

    @classmethod
    def _release_class_cursor(cls):
        cursor = getattr(cls, "cr", None)
        if cursor is not None and not cursor._closed:
            cursor.rollback()
            cursor.close()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls._build_dealer_group()
        except Exception:
            cls._release_class_cursor()
            raise

    @classmethod
    def _build_dealer_group(cls):
        # fixtures assign their owners silently, as Odoo's own tests do (no "new sales up for you")
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True,
                                       mail_auto_subscribe_no_notify=True))
        cls.branch_a = cls.env["crm.team"].create({"name": "Branch A"})
        cls.branch_b = cls.env["crm.team"].create({"name": "Branch B"})
        cls.sales_a = cls._make_user("sales_a", "automotive_presales.group_salesperson", cls.branch_a)
        cls.sales_a2 = cls._make_user("sales_a2", "automotive_presales.group_salesperson", cls.branch_a)
        cls.sales_b = cls._make_user("sales_b", "automotive_presales.group_salesperson", cls.branch_b)
        cls.manager_a = cls._make_user("manager_a", "automotive_presales.group_branch_manager", cls.branch_a)
        cls.director = cls._make_user("director_x", "automotive_presales.group_sales_director", cls.branch_b)
        cls.branch_a.user_id = cls.manager_a
        # a lost sales up must say why (lib/lifecycle.py)
        cls.loss_reason = cls.env["crm.lost.reason"].create({"name": "Bought at another dealer"})
        cls.customer_a = cls.env["res.partner"].create(
            {"firstname": "Anna", "lastname": "Alpha", "customer": True})
        cls.customer_b = cls.env["res.partner"].create(
            {"firstname": "Bert", "lastname": "Beta", "customer": True})

    @classmethod
    def _make_user(cls, login, group_xmlid, branch):
        return cls.env["res.users"].create({
            "name": login.replace("_", " ").title(),
            "login": login,
            "email": "%s@example.com" % login,
            "sale_team_id": branch.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref(group_xmlid).id])],
        })


class JsonRpcCase(common.HttpCase):
    """Talk to the test server over JSON-RPC, exactly as the web client does."""

    def json_rpc(self, path, params):
        response = self.opener.post(
            "http://%s:%s%s" % (common.HOST, common.PORT, path),
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}, timeout=60)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def rpc_login(self, login, password):
        return self.json_rpc("/web/session/authenticate", {
            "db": common.get_db_name(), "login": login, "password": password})

    def call(self, model, method, *args, **kwargs):
        payload = self.json_rpc("/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})
        self.assertNotIn("error", payload, payload.get("error"))
        return payload["result"]


def load_dutch(env, modules):
    """Dutch installed and the modules' nl.po loaded, whatever the install order (a test at install
    time runs before dealer_floor's demo loads Dutch for every addon)."""
    env["res.lang"].load_lang("nl_NL")
    for module in modules:
        trans_load(env.cr, os.path.join(get_module_path(module), "i18n", "nl.po"), "nl_NL",
                   verbose=False, context={"overwrite": True})
    env["ir.translation"].clear_caches()
