"""The configurator over JSON-RPC as the demo users: configurations and offers follow their sales up."""
import pytest

from .support import RpcError

CONFIGURATIONS = ["configuration_golf_style", "configuration_golf_life"]  # sales_up_01 of sales1


def _ids(client, names):
    return sorted(client.ref("automotive_configurator." + name) for name in names)


@pytest.mark.parametrize("login, sees", [
    ("sales1", True), ("sales3", False), ("manager1", True), ("manager2", False), ("director", True)])
def test_configurations_and_offers_per_role(rpc, login, sees):
    client = rpc(login)
    configurations = _ids(client, CONFIGURATIONS)
    offers = _ids(client, ["offer_golf_hendriks"])
    assert sorted(client.call("presales.vehicle.configuration", "search", [("id", "in", configurations)])) == (
        configurations if sees else [])
    assert sorted(client.call("presales.offer", "search", [("id", "in", offers)])) == (offers if sees else [])
    if not sees:
        with pytest.raises(RpcError) as error:
            client.call("presales.vehicle.configuration", "read", configurations[:1], ["price_total"])
        assert error.value.name == "odoo.exceptions.AccessError"


def test_salesperson_configures_and_is_told_why_not(rpc):
    sales1 = rpc("sales1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    values = {"lead_id": lead, "version_id": sales1.ref("automotive_configurator.version_golf_life"),
              "engine_id": sales1.ref("automotive_configurator.item_golf_tsi"),
              "option_ids": [(6, 0, [sales1.ref("automotive_configurator.item_vw_tow")])]}
    with pytest.raises(RpcError) as error:
        sales1.call("presales.vehicle.configuration", "create", values)
    assert error.value.name == "odoo.exceptions.ValidationError"
    assert "Tow bar requires engine 2.0 TDI" in error.value.message
