import pytest

from automotive_presales.lib import funnel


def test_every_kind_and_channel_maps_to_a_known_phase():
    for kind, _label in funnel.MOMENT_KINDS:
        if kind == "lead":
            for channel, _channel_label in funnel.CHANNELS:
                assert funnel.phase_for_moment(kind, channel) in funnel.PHASE_CODES
        else:
            assert funnel.phase_for_moment(kind) in funnel.PHASE_CODES


def test_a_new_lead_lands_in_the_phase_of_its_channel():
    assert funnel.phase_for_moment("lead", "importer") == "lead_importer"
    assert funnel.phase_for_moment("lead", "web") == "lead_digital"
    assert funnel.phase_for_moment("lead", "chat") == "lead_digital"
    assert funnel.phase_for_moment("lead", "showroom") == "lead_showroom"


def test_later_moments_follow_the_sales_process():
    assert funnel.phase_for_moment("test_drive") == "test_drive"
    assert funnel.phase_for_moment("offer_sent") == "offer_made"
    assert funnel.phase_for_moment("agreement") == "sales_agreement"
    assert funnel.phase_for_moment("lost") == "lost_order"
    assert funnel.phase_for_moment("happy_call") == "happy_call"


def test_phases_are_in_funnel_order():
    assert funnel.PHASE_CODES[0] == "lead_importer"
    assert funnel.PHASE_CODES.index("test_drive") < funnel.PHASE_CODES.index("offer_made")
    assert funnel.PHASE_CODES[-1] == "happy_call"
    assert len(set(funnel.PHASE_CODES)) == 12


def test_unknown_kind_is_refused_with_the_known_kinds_named():
    with pytest.raises(funnel.UnknownMomentKind) as error:
        funnel.phase_for_moment("fax")
    assert "'fax'" in str(error.value)
    assert "test_drive" in str(error.value)


def test_a_lead_without_a_known_channel_is_refused():
    with pytest.raises(funnel.UnknownMomentKind) as error:
        funnel.phase_for_moment("lead", "pigeon")
    assert "'pigeon'" in str(error.value)
