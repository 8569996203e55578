from automotive_presales.lib import attribution


def test_cost_per_divides_and_leaves_an_empty_cell_for_zero():
    assert attribution.cost_per(1000.0, 4) == 250.0
    assert attribution.cost_per(1000.0, 0) is None
    assert attribution.cost_per(1000.0, None) is None
    assert attribution.cost_per(None, 5) == 0.0


def test_the_seeded_sources_are_the_ones_a_dealer_asks_about():
    keys = [key for key, _name in attribution.SEEDED_SOURCES]
    assert keys == ["referral", "repeat_customer", "internet", "print_ad",
                    "importer", "walk_in", "phone", "event", "cold_prospecting"]
    for key in keys:
        assert key == key.lower() and " " not in key


def test_a_reason_must_say_something():
    assert attribution.clean_reason("  Customer   said: saw the print ad ") == "Customer said: saw the print ad"
    assert attribution.clean_reason("ok") == ""
    assert attribution.clean_reason("    ") == ""
    assert attribution.clean_reason(None) == ""


def test_the_bogus_rate_is_a_percentage_of_the_sales_ups():
    assert attribution.rate(1, 4) == 25.0
    assert attribution.rate(0, 4) == 0.0
    assert attribution.rate(None, 3) == 0.0
    assert attribution.rate(2, 0) is None


def test_every_lead_type_is_credited_to_a_seeded_source():
    from automotive_presales.lib import sales_up
    seeded = {key for key, _name in attribution.SEEDED_SOURCES}
    assert set(attribution.SOURCE_BY_LEAD_TYPE) == {key for key, _label in sales_up.LEAD_TYPES}
    assert set(attribution.SOURCE_BY_LEAD_TYPE.values()) <= seeded
