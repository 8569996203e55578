import datetime

import pytest

from ..options import Catalog, Item, Selection, Version, parse_date, parse_trims

TDI = "tdi"
TSI = "tsi"
MANUAL = "manual"
DSG = "dsg"
WHITE = "white"
BLACK = "black"
CLOTH = "cloth"
LEATHER = "leather"
TOW = "tow"
ROOF = "roof"
RAILS = "rails"
CAMERA = "camera"
SENSORS = "sensors"
ACC = "acc"
PARK_PACK = "park_pack"
SPORT = "sport"
HEATED = "heated"


@pytest.fixture
def catalog():
    return Catalog([
        Item(TDI, "2.0 TDI", "engine"),
        Item(TSI, "1.5 TSI", "engine"),
        Item(MANUAL, "6-speed manual", "transmission"),
        Item(DSG, "7-speed DSG", "transmission", only_engines=[TDI]),
        Item(WHITE, "Pure White", "colour"),
        Item(BLACK, "Deep Black", "colour", valid_from=datetime.date(2026, 3, 1)),
        Item(CLOTH, "Cloth", "upholstery"),
        Item(LEATHER, "Vienna leather", "upholstery", only_trims=["Style"]),
        Item(TOW, "Tow bar", "option", only_engines=[TDI]),
        Item(ROOF, "Panoramic roof", "option", excludes=[RAILS]),
        Item(RAILS, "Roof rails", "option"),
        Item(SENSORS, "Parking sensors", "option"),
        Item(CAMERA, "Rear camera", "option", requires=[SENSORS]),
        Item(ACC, "Adaptive cruise control", "option", requires=[CAMERA, DSG]),
        Item(PARK_PACK, "Parking pack", "pack", pack_items=[SENSORS, CAMERA]),
        Item(SPORT, "Sport seats", "option", excludes=[LEATHER]),
        Item(HEATED, "Heated seats", "option", requires=[LEATHER]),
    ])


@pytest.fixture
def life():
    return Version("golf_life", "Golf Life 2026", "Life", [
        TDI, TSI, MANUAL, DSG, WHITE, BLACK, CLOTH, LEATHER, TOW, ROOF, RAILS, SENSORS, CAMERA, ACC,
        PARK_PACK, SPORT])


@pytest.fixture
def style():
    return Version("golf_style", "Golf Style 2026", "Style", [
        TDI, TSI, MANUAL, DSG, WHITE, CLOTH, LEATHER, TOW, SENSORS, CAMERA, HEATED, SPORT])


TODAY = datetime.date(2026, 1, 15)


def reasons(catalog, step, version, selection=None, on_date=TODAY):
    return dict(catalog.choices(step, version, selection, on_date))


def test_only_with_engine_says_which_engine(catalog, life):
    assert catalog.unavailable_reason(TOW, life, Selection(engine=TSI), TODAY) == "Tow bar requires engine 2.0 TDI"
    assert catalog.unavailable_reason(TOW, life, Selection(engine=TDI), TODAY) is None
    assert reasons(catalog, "transmission", life, Selection(engine=TSI))[DSG] == "7-speed DSG requires engine 2.0 TDI"


def test_only_with_engine_names_the_engines_of_the_version_only(catalog, life):
    catalog.items["xc_tow"] = Item("xc_tow", "Towing pack", "option", only_engines=["t6", TDI, TSI])
    catalog.items["t6"] = Item("t6", "T6 plug-in", "engine")
    version = Version("v", "Golf Life", "Life", [TDI, TSI, "xc_tow"])
    assert catalog.unavailable_reason("xc_tow", version, Selection()) == (
        "Towing pack requires one of engine 1.5 TSI, engine 2.0 TDI")
    only_t6 = Version("w", "Golf Life", "Life", [TDI, "xc_tow"])
    catalog.items["xc_tow"] = Item("xc_tow", "Towing pack", "option", only_engines=["t6"])
    assert catalog.unavailable_reason("xc_tow", only_t6, Selection(engine=TDI)) == (
        "Towing pack is not available with any engine of Golf Life")


def test_only_with_trim(catalog, life, style):
    assert catalog.unavailable_reason(LEATHER, life, Selection(engine=TDI), TODAY) == (
        "Vienna leather is only available on trim Style")
    assert catalog.unavailable_reason(LEATHER, style, Selection(engine=TDI), TODAY) is None


def test_not_offered_on_the_version(catalog, life):
    assert catalog.unavailable_reason(HEATED, life, Selection(), TODAY) == (
        "Heated seats is not offered on Golf Life 2026")
    assert HEATED not in reasons(catalog, "option", life)


def test_valid_from_date(catalog, life):
    assert catalog.unavailable_reason(BLACK, life, Selection(), TODAY) == "Deep Black can be ordered from 2026-03-01"
    assert catalog.unavailable_reason(BLACK, life, Selection(), datetime.date(2026, 3, 1)) is None


def test_excludes_holds_both_ways(catalog, life, style):
    assert catalog.unavailable_reason(RAILS, life, Selection(options={ROOF}), TODAY) == (
        "Roof rails cannot be combined with Panoramic roof")
    assert catalog.unavailable_reason(ROOF, life, Selection(options={RAILS}), TODAY) == (
        "Panoramic roof cannot be combined with Roof rails")
    # an option excluding a step choice
    assert catalog.unavailable_reason(SPORT, style, Selection(upholstery=LEATHER), TODAY) == (
        "Sport seats cannot be combined with upholstery Vienna leather")
    # a step choice replaces the current one, which no longer counts against it
    assert catalog.unavailable_reason(CLOTH, style, Selection(upholstery=LEATHER, options={SPORT}), TODAY) is None


def test_included_in_pack(catalog, life):
    selection = Selection(engine=TDI, options={PARK_PACK})
    assert catalog.unavailable_reason(SENSORS, life, selection, TODAY) == "Parking sensors is included in Parking pack"
    assert catalog.included_by_packs(selection) == {SENSORS: PARK_PACK, CAMERA: PARK_PACK}
    # what the pack includes satisfies requirements
    assert catalog.unavailable_reason(ACC, life, selection.replace(transmission=DSG), TODAY) is None


def test_chain_of_requirements(catalog, life):
    assert catalog.requirement_chain(ACC) == [CAMERA, DSG, SENSORS]
    assert catalog.with_requirements({ACC}) == {ACC, CAMERA, SENSORS}
    # the chain reaches a step choice not made yet
    assert catalog.unavailable_reason(ACC, life, Selection(engine=TDI, transmission=MANUAL), TODAY) == (
        "Adaptive cruise control requires transmission 7-speed DSG")
    # with the DSG the required options are added along
    assert catalog.unavailable_reason(ACC, life, Selection(engine=TDI, transmission=DSG), TODAY) is None


def test_chain_breaks_on_an_excluded_requirement():
    catalog = Catalog([
        Item("a", "A", "option", requires=["b"]),
        Item("b", "B", "option", requires=["c"]),
        Item("c", "C", "option", excludes=["x"]),
        Item("x", "X", "option"),
    ])
    version = Version("v", "V", "", ["a", "b", "c", "x"])
    assert catalog.unavailable_reason("a", version, Selection(options={"x"})) == (
        "A requires B: B requires C: C cannot be combined with X")


def test_requirement_cycle_terminates():
    catalog = Catalog([Item("a", "A", "option", requires=["b"]), Item("b", "B", "option", requires=["a"])])
    assert catalog.requirement_chain("a") == ["b"]
    assert catalog.with_requirements({"a"}) == {"a", "b"}
    assert catalog.unavailable_reason("a", Version("v", "V", "", ["a", "b"]), Selection()) is None


def test_problems_of_a_whole_configuration(catalog, life):
    valid = Selection(engine=TDI, transmission=DSG, colour=WHITE, upholstery=CLOTH, options={TOW, ACC, CAMERA, SENSORS})
    assert catalog.problems(life, valid, TODAY) == []
    invalid = Selection(engine=TSI, transmission=DSG, colour=BLACK, options={TOW, ROOF, RAILS, CAMERA})
    assert catalog.problems(life, invalid, TODAY) == [
        "Golf Life 2026: choose an upholstery",
        "7-speed DSG requires engine 2.0 TDI",
        "Deep Black can be ordered from 2026-03-01",
        "Panoramic roof cannot be combined with Roof rails",
        "Rear camera requires Parking sensors",
        "Roof rails cannot be combined with Panoramic roof",
        "Tow bar requires engine 2.0 TDI",
    ]


def test_pack_content_chosen_twice_is_a_problem(catalog, life):
    selection = Selection(engine=TDI, transmission=MANUAL, colour=WHITE, upholstery=CLOTH, options={PARK_PACK, SENSORS})
    assert catalog.problems(life, selection, TODAY) == ["Parking sensors is included in Parking pack"]


def test_a_step_choice_of_the_wrong_kind(catalog, life):
    selection = Selection(engine=WHITE, transmission=MANUAL, colour=WHITE, upholstery=CLOTH)
    assert "Pure White is not an engine" in catalog.problems(life, selection, TODAY)[0]


def test_the_reasons_are_put_in_the_users_language(catalog, life):
    dutch = {"%s requires %s": "%s vereist %s", "Engine": "Motor"}
    catalog.translate = lambda text: dutch.get(text, text)
    assert catalog.unavailable_reason(TOW, life, Selection(engine=TSI), TODAY) == "Tow bar vereist motor 2.0 TDI"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Item("x", "X", "wheel")


def test_parsers():
    assert parse_trims(" R-Line, GTI ,") == ("R-Line", "GTI")
    assert parse_date("2026-03-01") == datetime.date(2026, 3, 1)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("01/03/2026")
