import itertools

import pytest

from automotive_presales.lib import lifecycle

ROWS = list(itertools.product(
    (True, False), (0, 10, 99, 100, None), (None, "hot", "warm", "sold", "bought_elsewhere")))


@pytest.mark.parametrize("active, probability, status", ROWS)
def test_every_sales_up_is_exactly_one_of_open_won_lost(active, probability, status):
    answers = [lifecycle.is_open(active, probability, status), lifecycle.is_won(active, probability, status),
               lifecycle.is_lost(active, probability, status)]
    assert answers.count(True) == 1


def test_the_status_closes_a_sales_up_as_the_pipeline_does():
    assert lifecycle.state(True, 20, "hot") == lifecycle.OPEN
    assert lifecycle.state(True, 100, "hot") == lifecycle.WON
    assert lifecycle.state(True, 20, "sold") == lifecycle.WON
    assert lifecycle.state(True, 20, "bought_elsewhere") == lifecycle.LOST
    # archived is lost, even at 100 %: Odoo's lost leads are archived
    assert lifecycle.state(False, 100, "sold") == lifecycle.LOST


def test_a_drag_to_the_won_stage_wins_and_a_drag_back_reopens():
    assert lifecycle.transition((True, 20, "hot"), (True, 100, "hot"), False) == lifecycle.EVENT_WON
    # the status still says sold: the drag back to an open stage re-opens all the same
    assert lifecycle.transition((True, 100, "sold"), (True, 20, "sold"), False) == lifecycle.EVENT_REOPEN
    assert lifecycle.transition((True, 100, "sold"), (True, 100, "sold"), False) is None


def test_mark_lost_and_restore():
    assert lifecycle.transition((True, 20, "warm"), (False, 0, "warm"), False) == lifecycle.EVENT_LOST
    assert lifecycle.transition((False, 0, "warm"), (True, 0, "warm"), False) == lifecycle.EVENT_REOPEN
    # restoring a sales up the customer bought elsewhere re-opens it; its status is stale
    assert lifecycle.transition((False, 0, "bought_elsewhere"), (True, 0, "bought_elsewhere"), False) \
        == lifecycle.EVENT_REOPEN


def test_the_status_written_by_hand_wins_loses_and_reopens():
    assert lifecycle.transition((True, 20, "hot"), (True, 20, "sold"), True) == lifecycle.EVENT_WON
    assert lifecycle.transition((True, 20, "hot"), (True, 20, "bought_elsewhere"), True) == lifecycle.EVENT_LOST
    assert lifecycle.transition((True, 20, "bought_elsewhere"), (True, 20, "warm"), True) == lifecycle.EVENT_REOPEN
    assert lifecycle.transition((True, 20, "hot"), (True, 20, "cold"), True) is None


def test_closing_what_is_already_closed_is_no_event():
    # lost by its status, then archived: one loss, not two
    assert lifecycle.transition((True, 20, "bought_elsewhere"), (False, 0, "bought_elsewhere"), False) is None
    # won by its status, then its stage follows
    assert lifecycle.transition((True, 20, "sold"), (True, 100, "sold"), False) is None


def test_the_domains_and_sql_know_every_state_and_nothing_else():
    for state in lifecycle.STATES:
        assert lifecycle.domain(state)
        assert "crm_lead" in lifecycle.sql_predicate(state)
    assert "lead." in lifecycle.sql_predicate(lifecycle.OPEN, "lead")
    with pytest.raises(ValueError):
        lifecycle.domain("pending")
    with pytest.raises(ValueError):
        lifecycle.sql_predicate("pending")


@pytest.mark.parametrize("active, probability, status", ROWS)
def test_only_a_lost_sales_up_needs_a_loss_reason(active, probability, status):
    wanted = lifecycle.state(active, probability, status)
    assert lifecycle.loss_reason_missing(wanted, False) == (wanted == lifecycle.LOST)
    assert not lifecycle.loss_reason_missing(wanted, 7)


def test_the_agreement_wins_once_whoever_brings_it():
    assert lifecycle.fact_of_moment("agreement") == lifecycle.FACT_AGREEMENT_MOMENT
    assert lifecycle.fact_of_moment("call") is None
    for fact in lifecycle.WINNING_FACTS:
        assert lifecycle.wins(lifecycle.OPEN, fact)
        # the customer came back and signed after all
        assert lifecycle.wins(lifecycle.LOST, fact)
        assert not lifecycle.wins(lifecycle.WON, fact)
    assert not lifecycle.wins(lifecycle.OPEN, None)
    assert not lifecycle.wins(lifecycle.OPEN, "invoice")


def test_winning_needs_price_car_and_delivery_date():
    assert lifecycle.win_missing(31000, True, "2026-05-01") == []
    assert lifecycle.win_missing(0, False, None) == ["planned_revenue", "car", "delivery_date"]
    assert lifecycle.win_missing(-5, True, "2026-05-01") == ["planned_revenue"]


def test_reopen_and_loss_refusals_name_the_documents():
    assert lifecycle.reopen_refusal([]) is None
    assert "SO042" in lifecycle.reopen_refusal([], ["SO042"])
    assert "INV/2026/0001" in lifecycle.reopen_refusal(["INV/2026/0001"], ["SO042"])
    assert "INV/2026/0001" in lifecycle.reopen_refusal(["INV/2026/0001"])
    assert "credit the invoice first" in lifecycle.reopen_refusal(["INV/2026/0001"])
    assert lifecycle.lose_refusal([]) is None
    assert "SO042" in lifecycle.lose_refusal(["SO042"])
    assert lifecycle.invoice_stands("open", False) and lifecycle.invoice_stands("paid", False)
    assert not lifecycle.invoice_stands("open", True)
    assert not lifecycle.invoice_stands("draft", False) and not lifecycle.invoice_stands("cancel", False)


@pytest.mark.parametrize("kind", ["lead", "call", "email", "showroom_visit", "test_drive", "offer_sent", "agreement",
                                  "delivery", "lost", "happy_call", "workshop_visit", "", None])
def test_the_kinds_sql_filters_by_are_exactly_those_that_stand_for_a_fact(kind):
    """presales.contact.moment._lifecycle_after_store picks a batch's moments by FACT_KINDS in SQL."""
    assert (lifecycle.fact_of_moment(kind) is not None) == (kind in lifecycle.FACT_KINDS)
