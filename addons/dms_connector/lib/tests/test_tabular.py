import io

import pytest
import xlsxwriter

from .. import formats
from ..formats import table as tabular
from ..errors import PayloadError
from ..moments import parse_moment


def xlsx(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            sheet.write(row_index, col_index, value)
    book.close()
    return buffer.getvalue()


def test_csv_rows_become_moments_with_a_saved_mapping():
    body = "Nr;Soort;Datum;E-mail;Toestemming\nM-1;call_out;2026-11-02T10:00:00Z;a@b.nl;ja\n;;;;\n"
    header, rows = tabular.read_table(body.encode(), "csv")
    mapping = {"Nr": "external_id", "Soort": "type_code", "Datum": "occurred_at", "E-mail": "customer.email",
               "Toestemming": "customer.marketing_consent"}
    records = tabular.moment_records(header, rows, mapping)
    assert records == [{"external_id": "M-1", "type_code": "call_out", "occurred_at": "2026-11-02T10:00:00Z",
                        "customer": {"email": "a@b.nl", "marketing_consent": True}}]
    assert parse_moment(records[0])["type_code"] == "CALL_OUT"


def test_xlsx_numbers_and_dates_read_as_text():
    header, rows = tabular.read_table(xlsx([["id", "type", "date"], [1001, "VISIT", "2026-11-02 10:00:00"]]), "xlsx")
    assert tabular.moment_records(header, rows) == [
        {"external_id": "1001", "type_code": "VISIT", "occurred_at": "2026-11-02 10:00:00"}]


def test_stock_rows_from_a_sheet():
    header, rows = tabular.read_table(xlsx([["VIN", "Stock", "Make", "Model", "Price", "Option 1", "Option 2"],
                                            ["WVWZZZ1KZAW000001", "S1", "VW", "Golf", 100, "A", "B"]]), "xlsx")
    assert tabular.stock_rows(header, rows) == [(2, {"vin": "WVWZZZ1KZAW000001", "stock_number": "S1", "make": "VW",
                                                     "model": "Golf", "price": "100", "options": "A; B"})]


@pytest.mark.parametrize("content, file_type, reason", [
    (b"", "csv", "empty"), (b"not a workbook", "xlsx", "XLSX"), (b"a,b\n1,2\n", "csv", None)])
def test_unreadable_files(content, file_type, reason):
    if reason is None:
        header, rows = tabular.read_table(content, file_type)
        with pytest.raises(PayloadError) as caught:
            tabular.moment_records(header, rows)
        assert "external id" in str(caught.value)
    else:
        with pytest.raises(PayloadError) as caught:
            tabular.read_table(content, file_type)
        assert reason in str(caught.value)


def test_formats_are_found_by_content_type_extension_and_content():
    def name(body, content_type="", filename="", target="moments"):
        return formats.detect(body, content_type, filename, target).name
    assert name(b"PK\x03\x04...", filename="x.XLSX") == "table"
    assert name(b"  <?xml version='1.0'?><adf/>") == "adf"
    assert name(b'[{"external_id": "1"}]') == "moment"
    assert name(b'{"customer_contact_profile": {}}', "application/json") == "star"
    assert name(b"id;type;date\n1;VISIT;2026-11-02\n", filename="feed.txt") == "table"
    assert name(b"vin;stock\n", "text/csv", target="inventory") == "stock"
    assert name(b"<adf/>", "text/xml") == "adf"
