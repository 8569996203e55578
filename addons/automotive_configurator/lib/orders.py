"""Which kind of vehicle order, and whether a stock car can still be sold."""

ORDER_TYPES = (
    ("new_car", "New car"),
    ("fleet", "Fleet"),
    ("stock", "In stock"),
)


def order_type_for(configuration_count, car_count):
    """One configuration of one car is a new-car order; more cars or configurations make a fleet."""
    if configuration_count < 1:
        raise ValueError("an order needs at least one configuration")
    return "new_car" if configuration_count == 1 and car_count == 1 else "fleet"


def stock_problem(state, reserved_lead_id, lead_id, on_other_order=False):
    """Why a stock car cannot go on an order for this sales up, or None.

    A car reserved for the same sales up (the desired-vehicle reservation) may be ordered by it.
    """
    if state == "sold":
        return "the car is already sold"
    if on_other_order:
        return "the car is already on another confirmed order"
    if state == "reserved" and reserved_lead_id and reserved_lead_id != lead_id:
        return "the car is reserved for another customer"
    return None
