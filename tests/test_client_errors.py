"""The HTTP 500s issue 16 (hole 18) found, each answered now as a clear 4xx or UserError, without
traceback (the route census checks every route for the general rule; these are the named ones)."""
import pytest
import requests

from .support import RpcError


def _refused(client, model, method, *args, **kwargs):
    with pytest.raises(RpcError) as error:
        client.call(model, method, *args, **kwargs)
    assert "Traceback" not in error.value.debug
    return error.value


def test_monitor_filters_a_user_typed_wrong_are_user_errors(rpc):
    sales1 = rpc("sales1")
    error = _refused(sales1, "sales.monitor", "monitor_data", "branches", customer_group=[1, 2])
    assert error.name == "odoo.exceptions.UserError" and "customer_group" in error.message
    error = _refused(sales1, "sales.monitor", "monitor_data", "branches", date_to="9999-12-31")
    assert error.name == "odoo.exceptions.UserError" and "9999-12-31" in error.message
    error = _refused(sales1, "sales_monitor.agenda.wizard", "create", {"week_date": "9999-12-31"})
    assert error.name == "odoo.exceptions.ValidationError" and "Week of" in error.message


def test_a_report_of_a_colleagues_record_is_403(rpc, odoo_server):
    sales1, director = rpc("sales1"), rpc("director")
    every = director.call("presales.offer", "search", [])
    offers = sorted(set(every) - set(sales1.call("presales.offer", "search", [("id", "in", every)])))
    assert offers, "the demo data has offers of other salespeople"
    for converter in ("pdf", "html"):
        # sales1 works in Dutch: the website first sends them to the same page under /nl_NL/
        response = sales1.session.get("%s/report/%s/automotive_configurator.report_presales_offer_document/%d" % (
            odoo_server.url, converter, offers[0]), timeout=120)
        assert all(hop.headers["Location"].startswith(odoo_server.url + "/nl_NL/") for hop in response.history)
        assert response.status_code == 403, (converter, response.status_code)
        assert "Traceback" not in response.text
    response = sales1.session.get(odoo_server.url + "/report/pdf/no.such_report/1", timeout=60)
    assert response.status_code == 404


def test_the_public_dms_job_method_refuses_a_salesperson_cleanly(rpc):
    sales1 = rpc("sales1")
    own_partner = sales1.call("res.partner", "search", [("customer", "=", True)], limit=1)
    error = _refused(sales1, "res.partner", "dms_export_customer", own_partner, 1)
    assert error.name == "odoo.exceptions.AccessError"
    error = _refused(sales1, "res.partner", "dms_export_customer", own_partner, "demo-dms")
    assert error.name == "odoo.exceptions.UserError" and "not a DMS backend" in error.message


def test_the_database_list_is_not_there(odoo_server):
    response = requests.post(odoo_server.url + "/web/database/list", timeout=30, json={
        "jsonrpc": "2.0", "method": "call", "id": 1, "params": {}})
    assert response.json()["error"]["code"] == 404
    assert "Traceback" not in response.text
