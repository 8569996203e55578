import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from automotive_presales.lib import stock
from automotive_presales.lib.stock import Car

FREE = Car(stock.AVAILABLE, None)
ANNA, BERT = 1, 2


def test_win_then_order_and_order_then_win_end_in_the_same_car():
    # win then order: the reservation holds the car, the order confirms it for the same sales up
    reserved = stock.apply(FREE, stock.RESERVE, ANNA)
    assert stock.apply(reserved, stock.ORDER, ANNA) == Car(stock.RESERVED, ANNA)
    # order then win: the order reserves it; winning changes nothing about the car
    assert stock.apply(FREE, stock.ORDER, ANNA) == Car(stock.RESERVED, ANNA)
    # either way the invoice sells it to that sales up
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.INVOICE, ANNA) == Car(stock.SOLD, ANNA)


def test_a_colleague_cannot_take_a_held_car_until_its_sales_up_is_lost():
    held = Car(stock.RESERVED, ANNA)
    for event in (stock.RESERVE, stock.ORDER, stock.INVOICE):
        with pytest.raises(stock.Refused, match="reserved for another sales up"):
            stock.apply(held, event, BERT)
        assert stock.apply(held, event, BERT, holder_holds=False).holder == BERT


def test_a_sold_or_removed_car_is_taken_by_nobody():
    for car in (Car(stock.SOLD, ANNA), Car(stock.REMOVED, None)):
        for event in (stock.RESERVE, stock.ORDER, stock.INVOICE):
            with pytest.raises(stock.Refused):
                stock.apply(car, event, ANNA if car.state == stock.REMOVED else BERT)
    with pytest.raises(stock.Refused, match="invoiced twice"):
        stock.apply(Car(stock.SOLD, ANNA), stock.INVOICE, ANNA)


def test_one_confirmed_order_per_car():
    with pytest.raises(stock.Refused, match="another confirmed order"):
        stock.apply(Car(stock.RESERVED, ANNA), stock.ORDER, ANNA, other_order=True)


def test_release_gives_back_only_its_own_hold_and_never_under_an_order():
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.RELEASE, ANNA) == FREE
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.RELEASE, BERT) == Car(stock.RESERVED, ANNA)
    assert stock.apply(Car(stock.SOLD, ANNA), stock.RELEASE, ANNA) == Car(stock.SOLD, ANNA)
    with pytest.raises(stock.Refused, match="cancel the order"):
        stock.apply(Car(stock.RESERVED, ANNA), stock.RELEASE, ANNA, kept=True)


def test_cancel_and_credit_go_back_one_step():
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.CANCEL_ORDER, ANNA) == FREE
    # the customer still wants the car: the sales up keeps its hold
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.CANCEL_ORDER, ANNA, kept=True) == Car(stock.RESERVED, ANNA)
    # an invoiced car stays sold when its order is cancelled: the credit note undoes the sale
    assert stock.apply(Car(stock.SOLD, ANNA), stock.CANCEL_ORDER, ANNA) == Car(stock.SOLD, ANNA)
    assert stock.apply(Car(stock.SOLD, ANNA), stock.CREDIT, ANNA, kept=True) == Car(stock.RESERVED, ANNA)
    assert stock.apply(Car(stock.SOLD, ANNA), stock.CREDIT, ANNA) == FREE


def test_the_dms_feed_and_the_manager():
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.FEED_SOLD, None) == Car(stock.SOLD, ANNA)
    assert stock.apply(FREE, stock.FEED_SOLD, None) == Car(stock.SOLD, None)
    assert stock.apply(Car(stock.RESERVED, ANNA), stock.FEED_REMOVED, None) == Car(stock.REMOVED, None)
    assert stock.apply(Car(stock.SOLD, ANNA), stock.FEED_REMOVED, None) == Car(stock.REMOVED, ANNA)
    with pytest.raises(stock.Refused, match="release it first"):
        stock.apply(Car(stock.RESERVED, ANNA), stock.REMOVE, None)
    removed = stock.apply(FREE, stock.REMOVE, None)
    assert stock.apply(removed, stock.RESTORE, None) == FREE
    with pytest.raises(stock.Refused):
        stock.apply(FREE, stock.RESTORE, None)
    with pytest.raises(ValueError):
        stock.apply(FREE, "steal", ANNA)


def test_a_car_sold_or_removed_before_comes_back_as_a_trade_in():
    for car in (Car(stock.SOLD, ANNA), Car(stock.SOLD, None), Car(stock.REMOVED, ANNA), Car(stock.REMOVED, None)):
        assert stock.apply(car, stock.TRADE_IN, None) == FREE
    for car in (FREE, Car(stock.RESERVED, ANNA)):
        with pytest.raises(stock.Refused, match="on the lot already"):
            stock.apply(car, stock.TRADE_IN, None)


def test_what_a_desired_vehicle_shows_and_what_is_offered():
    assert stock.reservation_state(Car(stock.RESERVED, ANNA), ANNA) == "reserved"
    assert stock.reservation_state(Car(stock.SOLD, ANNA), ANNA) == "sold"
    assert stock.reservation_state(Car(stock.RESERVED, ANNA), BERT) == "none"
    assert stock.reservation_state(Car(stock.REMOVED, ANNA), ANNA) == "none"
    assert stock.offered(FREE, ANNA) and stock.offered(Car(stock.RESERVED, ANNA), ANNA)
    assert not stock.offered(Car(stock.RESERVED, ANNA), BERT)
    assert stock.offered(Car(stock.RESERVED, ANNA), BERT, holder_holds=False)
    assert not stock.offered(Car(stock.SOLD, ANNA), ANNA)


EVENT = st.tuples(st.sampled_from(stock.EVENTS), st.sampled_from((ANNA, BERT, None)), st.booleans(),
                  st.booleans(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENT, max_size=30))
def test_any_sequence_keeps_the_car_consistent(events):
    """Whatever happens: an available car belongs to nobody, a reserved one to exactly one sales
    up, and a sold car never becomes available or someone else's except by its credit note."""
    car = FREE
    for event, lead, holds, kept, other in events:
        try:
            after = stock.apply(car, event, lead, holds, kept, other)
        except stock.Refused:
            continue
        except ValueError:
            assert lead is None and event in stock.FOR_A_SALES_UP
            continue
        assert after.state in dict(stock.STATES)
        if after.state == stock.AVAILABLE:
            assert after.holder is None
        if after.state == stock.RESERVED:
            assert after.holder is not None
        if car.state == stock.SOLD and event not in (stock.CREDIT, stock.FEED_REMOVED, stock.REMOVE, stock.TRADE_IN):
            assert after == car
        car = after
