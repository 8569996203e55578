import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter

from ..catalog_import import CatalogFileError, check_rows, read_csv, read_xlsx, summary

CSV = (
    "kind;code;name;make;model;model_year;trim;list_price;valid_from;fuel;power_kw;co2_g_km;models;requires;"
    "pack_items;only_engines\n"
    "version;GOLF-LIFE;Golf Life;Volkswagen;Golf;2026;Life;29990;;;;;;;;\n"
    "engine;GOLF-TDI;2.0 TDI;;;;;2150.50;;diesel;110;119;Volkswagen Golf;;;\n"
    "option;GOLF-TOW;Tow bar;;;;;810;2026-03-01;;;;Volkswagen Golf;;;GOLF-TDI\n"
    "pack;GOLF-PARK;Parking pack;;;;;900;;;;;Volkswagen Golf;;GOLF-TOW;\n"
).encode()


def test_a_good_csv_file():
    good, errors = check_rows(read_csv(CSV))
    assert errors == []
    assert [row["code"] for row in good] == ["GOLF-LIFE", "GOLF-TDI", "GOLF-TOW", "GOLF-PARK"]
    assert good[1]["list_price"] == Decimal("2150.50")
    assert good[1]["power_kw"] == 110
    assert good[2]["valid_from"] == datetime.date(2026, 3, 1)
    assert good[2]["only_engines"] == ["GOLF-TDI"]
    assert good[2]["models"] == [["Volkswagen", "Golf"]]
    assert summary(good, errors) == "4 row(s) ready: 1 model version, 1 engine, 1 option, 1 pack"


def test_every_bad_row_is_named_with_its_field():
    text = (
        "kind,code,name,list_price,fuel,power_kw,models,requires,only_engines,valid_from\n"
        "wheel,W1,Wheel,100,,,Volkswagen Golf,,,\n"
        "engine,E1,1.0 TSI,abc,kerosene,,Volkswagen Golf,,,\n"
        "option,O1,Roof,-5,,,Volkswagen Polo,NOPE,O2,01-03-2026\n"
        "option,O2,Rails,100,,,Volkswagen Golf,,,\n"
        "option,O2,Rails again,100,,,Volkswagen Golf,,,\n"
    ).encode()
    good, errors = check_rows(read_csv(text), known_models=["Volkswagen Golf"])
    assert [row["code"] for row in good] == ["O2"]
    assert errors == [
        (2, "field kind: 'wheel' is not one of version, engine, transmission, colour, upholstery, option, pack"),
        (3, "field list_price: 'abc' is not a number"),
        (3, "field fuel: 'kerosene' is not one of petrol, diesel, hybrid, plug_in_hybrid, electric"),
        (3, "field power_kw is required"),
        (4, "field list_price: the price cannot be negative"),
        (4, "field valid_from: '01-03-2026' is not a date as YYYY-MM-DD"),
        (4, "field models: unknown model 'Volkswagen Polo'"),
        (4, "field requires: unknown code NOPE"),
        (4, "field only_engines: O2 is not an engine"),
        (6, "field code: O2 is also used on row 5"),
    ]
    assert "Row 4: field requires: unknown code NOPE" in summary(good, errors)


def test_codes_already_in_the_catalog_may_be_named():
    text = b"kind,code,name,list_price,models,requires\noption,O1,Roof,100,Volkswagen Golf,OLD\n"
    good, errors = check_rows(read_csv(text), known_codes=["OLD"], known_models=["Volkswagen Golf"])
    assert errors == [] and good[0]["requires"] == ["OLD"]


def test_xlsx_file():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Kind", "Code", "Name", "Make", "Model", "Model_year", "List_price", "Valid_from"])
    sheet.write_row(1, 0, ["version", "XC60-CORE", "XC60 Core", "Volvo", "XC60", 2026, 54995.0])
    sheet.write_datetime(1, 7, datetime.datetime(2026, 2, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    good, errors = check_rows(read_xlsx(buffer.getvalue()))
    assert errors == []
    assert good[0]["model_year"] == 2026
    assert good[0]["list_price"] == Decimal("54995")
    assert good[0]["valid_from"] == datetime.date(2026, 2, 1)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"kind,code,name\n", "lacks the column(s) list_price"),
    (b"kind,code,name,list_price,colour_code\n", "unknown column(s) colour_code"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_unreadable_files(content, message):
    with pytest.raises(CatalogFileError) as error:
        read_csv(content)
    assert message in str(error.value)


def test_not_a_workbook():
    with pytest.raises(CatalogFileError):
        read_xlsx(b"not a workbook")
