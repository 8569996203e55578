from automotive_presales.lib import funnel, sales_up


def test_every_lead_type_comes_in_through_a_channel_the_funnel_knows():
    for lead_type, _label in sales_up.LEAD_TYPES:
        channel = sales_up.CHANNEL_BY_LEAD_TYPE[lead_type]
        assert funnel.phase_for_moment("lead", channel) in funnel.PHASE_CODES


def test_keys_are_stable_lower_case():
    for vocabulary in (sales_up.LEAD_TYPES, sales_up.LEAD_STATUSES, sales_up.SALES_STEPS):
        for key, _label in vocabulary:
            assert key == key.lower() and " " not in key


def test_sales_steps_end_with_the_signature():
    keys = [key for key, _label in sales_up.SALES_STEPS]
    assert keys[0] == "greeting" and keys[-1] == "signed"
    assert keys.index("demo") < keys.index("write_up")
