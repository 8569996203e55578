import json

from ..bpm import BpmError, Tariff, brackets_of, table_problems
from ..messages import Message, say
from ..pricing import PriceError, breakdown, describe_rows, rows_from_data, rows_to_data

DUTCH = {
    "Discount": "Korting", "Total excl. VAT": "Totaal excl. btw", "VAT %s %%": "Btw %s %%",
    "Total incl. VAT": "Totaal incl. btw", "BPM": "BPM", "%s (no VAT)": "%s (geen btw)",
    "Price on the road": "Rijklaarprijs", "Quantity": "Aantal",
    "CO2 table, %s g/km": "CO2-tabel, %s g/km", "diesel surcharge, %s g/km above %s": "dieseltoeslag, %s g/km boven %s",
    "the discount (%s) cannot exceed the price of the vehicle and its options (%s)":
        "de korting (%s) mag niet hoger zijn dan de prijs van de auto en zijn opties (%s)",
    "the bracket from %s g/km has a negative amount": "de schijf vanaf %s g/km heeft een negatief bedrag",
}


def dutch(text):
    return DUTCH.get(text, text)


def euro(amount):
    """As Odoo formats an amount in nl_NL with the euro: '€ 34.495,00'."""
    text = "{:,.2f}".format(amount).replace(",", " ").replace(".", ",").replace(" ", ".")
    return "€ %s" % text


def test_a_breakdown_reads_in_the_readers_words_and_number_format():
    result = breakdown({"base": ("Golf Life", 29990)}, [("Trekhaak", 810)], discount=100, vat_rate=21,
                       quantity=2, bpm="7795", road_costs=[("Leges", "51.20", False)])
    lines = result.describe(translate=dutch, amount=euro)
    assert lines == [
        "Golf Life: € 29.990,00", "Trekhaak: € 810,00", "Korting: € -100,00", "Aantal: 2",
        "Totaal excl. btw: € 61.400,00", "Btw 21 %: € 12.894,00", "Totaal incl. btw: € 74.294,00",
        "BPM: € 15.590,00", "Leges (geen btw): € 102,40", "Rijklaarprijs: € 89.986,40"]
    # a product's name is shown as it is, never looked up as a sentence
    assert result.rows()[0][0] == say("%s", "Golf Life")


def test_the_stored_breakdown_is_read_back_in_any_language():
    result = breakdown({"base": ("Golf Life", 29990)}, [], vat_rate=21, road_costs=[("Leges", "51.20", False)])
    rows = rows_from_data(json.loads(json.dumps(rows_to_data(result.rows()))))
    assert rows == result.rows()
    assert describe_rows(rows, dutch, euro)[-2:] == ["Leges (geen btw): € 51,20", "Rijklaarprijs: € 36.339,10"]
    assert describe_rows(rows)[-1] == "Price on the road: 36,339.10"


def test_the_bpm_parts_are_messages():
    _total, parts = Tariff(2026, [(0, 687, 2), (79, 845, 82)], 69, "114.83").gross("diesel", 119)
    assert [label.render(dutch, euro) for label, _amount in parts] == [
        "CO2-tabel, 119 g/km", "dieseltoeslag, 50 g/km boven 69"]
    note = Message.from_json(say("%s; %s", *[label for label, _amount in parts]).to_json())
    assert note.render(dutch) == "CO2-tabel, 119 g/km; dieseltoeslag, 50 g/km boven 69"


def test_errors_carry_their_message():
    try:
        breakdown({"base": ("A", 100)}, [], discount=101)
    except PriceError as error:
        assert error.message.render(dutch, euro) == (
            "de korting (€ 101,00) mag niet hoger zijn dan de prijs van de auto en zijn opties (€ 100,00)")
        assert str(error) == "the discount (101.00) cannot exceed the price of the vehicle and its options (100.00)"
    else:
        raise AssertionError("a discount above the price was taken")
    problem = table_problems(brackets_of([(0, -1, 2)]))[0]
    assert problem.render(dutch) == "de schijf vanaf 0 g/km heeft een negatief bedrag"
    try:
        Tariff(2026, [(0, -1, 2)], 69, "114.83").gross("petrol", 100)
    except BpmError as error:
        assert "de schijf vanaf 0 g/km heeft een negatief bedrag" in error.message.render(dutch)
    else:
        raise AssertionError("an unsound tariff computed a BPM")
