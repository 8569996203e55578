import json

from odoo.addons.automotive_presales.tests.common import DealerCase
from odoo.addons.component.tests.common import ComponentMixin


class DmsCase(DealerCase, ComponentMixin):
    """The dealer group of DealerCase plus one DMS backend with its sites and users mapped, and
    two customers the DMS may send moments for. Components are loaded for the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpComponent()
        cls.env = cls.env(context=dict(cls.env.context, connector_no_export=True))
        cls.backend = cls.env["dms.backend"].create({
            "name": "Group DMS", "code": "group-dms", "team_id": cls.branch_b.id,
            "site_map_ids": [(0, 0, {"site_code": "AMS", "team_id": cls.branch_a.id})],
            "user_map_ids": [(0, 0, {"dms_user": "asales", "user_id": cls.sales_a.id})],
        })
        cls.customer_a.write({"email": "anna@example.nl", "phone": "020-1234567", "zip": "1012 LG",
                              "user_id": cls.sales_a.id})
        cls.customer_b.write({"email": "bert@example.nl", "zip": "3511 AB", "user_id": cls.sales_b.id})

    def setUp(self):
        super().setUp()
        ComponentMixin.setUp(self)

    @staticmethod
    def moment(external_id="M-1", **changes):
        raw = {"external_id": external_id, "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:00:00Z",
               "summary": "Called about the Golf", "channel": "phone", "site": "AMS",
               "customer": {"external_id": "C-1", "email": "anna@example.nl", "marketing_consent": True}}
        raw.update(changes)
        return raw

    def push(self, *records, backend=None):
        body = json.dumps(list(records)).encode()
        return (backend or self.backend)._import_body(body, "application/json")

    def binding(self, external_id, backend=None):
        return self.env["dms.moment.binding"].search(
            [("backend_id", "=", (backend or self.backend).id), ("external_id", "=", external_id)])
