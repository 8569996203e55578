"""Every demo role logs in over JSON-RPC and reads its sales ups; nobody reads another's."""
import pytest

from .support import RpcError

SALES_UPS = {  # demo sales ups per owner, by xml id
    "sales1": ["sales_up_01", "sales_up_07", "sales_up_13"],
    "sales3": ["sales_up_03", "sales_up_09", "sales_up_15"],
}


def _ids(client, names):
    return sorted(client.ref("automotive_presales." + name) for name in names)


@pytest.mark.parametrize("login", ["sales1", "sales2", "sales3", "manager1", "manager2", "director"])
def test_each_role_logs_in_and_reads_its_sales_ups(rpc, login):
    client = rpc(login)
    leads = client.call("crm.lead", "search_read", [("type", "=", "opportunity")],
                        ["name", "user_id", "second_user_id"])
    assert leads, "%s reads no sales up at all" % login
    if login.startswith("sales"):
        strangers = [lead["name"] for lead in leads
                     if client.uid not in (lead["user_id"] and lead["user_id"][0],
                                           lead["second_user_id"] and lead["second_user_id"][0])]
        assert not strangers, "%s reads sales ups of others: %s" % (login, strangers)


def test_salesperson_reads_own_sales_ups_not_another_branch(rpc):
    sales1 = rpc("sales1")
    own = _ids(sales1, SALES_UPS["sales1"])
    other = _ids(sales1, SALES_UPS["sales3"])
    found = sales1.call("crm.lead", "search", [("id", "in", own + other)])
    assert sorted(found) == own
    with pytest.raises(RpcError) as error:
        sales1.call("crm.lead", "read", other[:1], ["name"])
    assert error.value.name == "odoo.exceptions.AccessError"


def test_wrong_password_is_refused(rpc):
    with pytest.raises(RpcError) as error:
        rpc("sales1", password="not-the-password")
    assert error.value.name == "odoo.exceptions.AccessDenied"
