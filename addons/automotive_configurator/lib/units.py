"""Units a car dealer quotes: engine power in kW and in metric horsepower."""

KW_TO_HP = 1.35962  # one kilowatt in metric horsepower (PS)


def horsepower(kilowatt):
    """110 kW -> 150 hp, rounded to a whole horsepower as brochures print it."""
    return int(round((kilowatt or 0) * KW_TO_HP))
