"""BPM, the Dutch registration tax on a passenger car, and the rest-BPM of a used car.

Wet op de belasting van personenauto's en motorrijwielen 1992 (Wet BPM 1992), article 9: the tax
of a passenger car is the amount of column III of the bracket its CO2 emission (WLTP, g/km) falls
in, plus the amount of column IV for every g/km above the bracket's lower bound (column I). A car
that runs on diesel pays a surcharge for every g/km above a threshold. A zero-emission car was
exempt until 2024 and pays the fixed amount (the table's amount at 0 g/km) from 2025. Until 2024
plug-in hybrids had a table of their own; from 2025 they are taxed on the general table.

Rest-BPM (article 10): a used car's BPM is the gross BPM less the depreciation of the flat-rate
table ("forfaitaire tabel") by the time since the car was first admitted to the road.

The tariff tables are data (presales.bpm.tariff, kept by the dealer's administrator per year);
this module only computes. Amounts are Decimals rounded half up to the cent.
"""
import calendar
import collections
from decimal import ROUND_HALF_UP, Decimal

from .messages import MessageError, _, say

CENT = Decimal("0.01")

Bracket = collections.namedtuple("Bracket", "co2_from base_amount rate_per_gram")

# Wet BPM 1992 art. 10 lid 4, the flat-rate depreciation table as the Belastingdienst publishes it:
# (from month, percentage at that age, percentage added for every month wholly or partly past it).
FLAT_RATE_DEPRECIATION = (
    (0, Decimal("0"), Decimal("12")),
    (1, Decimal("12"), Decimal("4")),
    (3, Decimal("20"), Decimal("3.5")),
    (5, Decimal("27"), Decimal("1.5")),
    (9, Decimal("33"), Decimal("1")),
    (18, Decimal("42"), Decimal("0.75")),
    (30, Decimal("51"), Decimal("0.5")),
    (42, Decimal("57"), Decimal("0.42")),
    (54, Decimal("62"), Decimal("0.42")),
    (66, Decimal("67"), Decimal("0.42")),
    (78, Decimal("72"), Decimal("0.25")),
    (90, Decimal("75"), Decimal("0.25")),
    (102, Decimal("78"), Decimal("0.25")),
    (114, Decimal("81"), Decimal("0.19")),
)

ELECTRIC = "electric"
DIESEL = "diesel"
PLUG_IN_HYBRID = "plug_in_hybrid"


class BpmError(MessageError):
    """A car or a tariff the BPM cannot be computed for."""


def _cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value):
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value if value not in (None, False) else 0)


def brackets_of(rows):
    """[(co2_from, base_amount, rate_per_gram)] as Brackets of Decimals, lowest first."""
    result = [Bracket(int(co2_from), _decimal(base), _decimal(rate)) for co2_from, base, rate in rows]
    return sorted(result, key=lambda bracket: bracket.co2_from)


def table_problems(brackets):
    """What is wrong with a table of brackets, as Messages; empty when it is sound.

    The law's tables are continuous: a bracket's amount is the previous bracket's amount plus its
    rate times the width of the previous bracket. A table that breaks that rule holds a typing error.
    """
    if not brackets:
        return [say(_("the table has no brackets"))]
    problems = []
    if brackets[0].co2_from != 0:
        problems.append(say(_("the first bracket must start at 0 g/km, not %s g/km"), brackets[0].co2_from))
    for bracket in brackets:
        if bracket.base_amount < 0 or bracket.rate_per_gram < 0:
            problems.append(say(_("the bracket from %s g/km has a negative amount"), bracket.co2_from))
    for previous, bracket in zip(brackets, brackets[1:]):
        if bracket.co2_from <= previous.co2_from:
            problems.append(say(_("two brackets start at %s g/km"), bracket.co2_from))
            continue
        expected = previous.base_amount + previous.rate_per_gram * (bracket.co2_from - previous.co2_from)
        if bracket.base_amount != expected:
            problems.append(say(
                _("the bracket from %s g/km must start at %s (%s + %s x %s g/km), not %s"),
                bracket.co2_from, _plain(expected), _plain(previous.base_amount),
                _plain(previous.rate_per_gram), bracket.co2_from - previous.co2_from,
                _plain(bracket.base_amount)))
    return problems


def joined(messages):
    """Several Messages as one, separated by semicolons."""
    return say("; ".join(["%s"] * len(messages)), *messages)


def _plain(amount):
    return format(amount.normalize(), "f")


class Tariff:
    """One year's BPM tariff for passenger cars."""

    def __init__(self, year, brackets, diesel_threshold, diesel_rate, phev_brackets=(),
                 zero_emission_exempt=False):
        self.year = year
        self.brackets = brackets_of(brackets)
        self.phev_brackets = brackets_of(phev_brackets)
        self.diesel_threshold = int(diesel_threshold or 0)
        self.diesel_rate = _decimal(diesel_rate)
        self.zero_emission_exempt = bool(zero_emission_exempt)

    def problems(self):
        problems = table_problems(self.brackets)
        if self.phev_brackets:
            problems += [say(_("plug-in hybrid table: %s"), problem) for problem in table_problems(self.phev_brackets)]
        if self.diesel_threshold < 0 or self.diesel_rate < 0:
            problems.append(say(_("the diesel surcharge cannot be negative")))
        return problems

    @staticmethod
    def _on_table(brackets, co2):
        bracket = [row for row in brackets if row.co2_from <= co2][-1]
        return bracket.base_amount + bracket.rate_per_gram * (co2 - bracket.co2_from)

    def gross(self, fuel, co2):
        """The BPM of a new car of this fuel and CO2 emission (g/km), to the cent.

        Returns (total, parts) where parts is [(label Message, amount)]: the table amount and, for a
        diesel, the surcharge.
        """
        problems = self.problems()
        if problems:
            raise BpmError(_("the BPM tariff %s is not sound: %s"), self.year, joined(problems))
        if fuel == ELECTRIC:
            if self.zero_emission_exempt:
                return Decimal("0.00"), [(say(_("zero-emission car: exempt")), Decimal("0.00"))]
            amount = _cents(self._on_table(self.brackets, 0))
            return amount, [(say(_("zero-emission car: fixed amount")), amount)]
        if co2 is None or co2 is False:
            raise BpmError(_("the CO2 emission is unknown"))
        co2 = int(co2)
        if co2 < 0:
            raise BpmError(_("the CO2 emission cannot be negative (%s g/km)"), co2)
        table = self.phev_brackets if fuel == PLUG_IN_HYBRID and self.phev_brackets else self.brackets
        label = _("plug-in hybrid table, %s g/km") if table is self.phev_brackets else _("CO2 table, %s g/km")
        parts = [(say(label, co2), _cents(self._on_table(table, co2)))]
        if fuel == DIESEL and co2 > self.diesel_threshold:
            parts.append((say(_("diesel surcharge, %s g/km above %s"), co2 - self.diesel_threshold,
                              self.diesel_threshold),
                          _cents(self.diesel_rate * (co2 - self.diesel_threshold))))
        return sum((amount for _label, amount in parts), Decimal("0.00")), parts


def note(year, parts):
    """How the BPM was computed, for the configuration and the offer: 'BPM 2026: CO2 table, 128 g/km 7,795.00'."""
    return say(_("BPM %s: %s"), year, joined([say("%s %s", label, amount) for label, amount in parts]))


def no_tariff(year):
    return say(_("no BPM tariff for %s: the administrator adds it under Configuration > BPM tariffs"), year)


def engine_problem(engine, error):
    """Why the BPM of a car with this engine cannot be computed (error: a BpmError)."""
    return say(_("engine %s: %s"), engine, error.message)


def add_months(day, months):
    """The same day `months` later, on the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def months_elapsed(start, end):
    """(whole months from start to end, whether part of a further month has passed).

    As the Belastingdienst counts: 31 January to 28 February is one whole month, to 1 March one
    whole month and part of a second.
    """
    if end < start:
        raise BpmError(_("the date of first admission (%s) lies after %s"), start, end)
    whole = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, whole) > end:
        whole -= 1
    return whole, add_months(start, whole) < end


def depreciation_percent(first_admission, on_date):
    """The flat-rate depreciation (percent) of a car first admitted on that day, at on_date."""
    whole, partial = months_elapsed(first_admission, on_date)
    row_from, base, per_month = [row for row in FLAT_RATE_DEPRECIATION if row[0] <= whole][-1]
    months_past = whole - row_from + (1 if partial else 0)
    return min(base + per_month * months_past, Decimal("100"))


def rest_bpm(gross_amount, first_admission, on_date):
    """(rest-BPM, depreciation percent): what is left of the gross BPM after the flat-rate depreciation."""
    percent = depreciation_percent(first_admission, on_date)
    return _cents(_decimal(gross_amount) * (Decimal("100") - percent) / Decimal("100")), percent
