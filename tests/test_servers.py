"""A second server on the same database, stopped and killed as the DMS fault tests need."""
import pytest
import requests

from .support import RpcError


def test_a_second_server_serves_the_same_database_and_dies_on_kill_9(odoo_server, rpc):
    second = odoo_server.spawn()
    assert second.port != odoo_server.port
    sales1 = rpc("sales1", server=second)
    own = sales1.call("crm.lead", "search_count", [("user_id", "=", sales1.uid)])
    assert own == rpc("sales1").call("crm.lead", "search_count", [("user_id", "=", sales1.uid)])
    second.kill()
    assert not second.running
    assert second.process.returncode == -9
    with pytest.raises(requests.ConnectionError):
        sales1.call("crm.lead", "search_count", [])
    # the session's server did not notice
    assert rpc("sales1").call("res.users", "read", [sales1.uid], ["login"])[0]["login"] == "sales1"


def test_a_stopped_server_can_start_again(odoo_server, rpc):
    second = odoo_server.spawn()
    second.stop()
    assert not second.running
    second.start()
    with pytest.raises(RpcError) as error:
        rpc("sales1", server=second).call("presales.source.cost", "search_read", [], ["amount"])
    assert error.value.name == "odoo.exceptions.AccessError"
    second.stop()
