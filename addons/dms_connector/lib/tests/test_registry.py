"""The format registry is the one owner of the kinds of record: every Item a registered format
returns for the samples others wrote has a declared kind, and what a kind declares is whole."""
import glob
import os

import pytest

from .. import formats
from ..errors import PayloadError

SAMPLES = os.path.join(os.path.dirname(__file__), "samples")
FILES = sorted(glob.glob(os.path.join(SAMPLES, "*.*")) + glob.glob(os.path.join(SAMPLES, "*", "*.xml"))
               + glob.glob(os.path.join(SAMPLES, "*", "*.json")))


def test_each_kind_is_declared_once_and_wholly():
    names = [kind.name for fmt in formats.REGISTRY for kind in fmt.kinds]
    assert len(names) == len(set(names)) == len(formats.KINDS)
    for kind in formats.kinds():
        assert kind.label and kind.store in ("moment", "record")
        if kind.store == "record":
            assert kind.importer.startswith("_import_") and kind.order != formats.MOMENT_ORDER
    keys = [key for key, _label, _type in formats.file_types()]
    assert len(keys) == len(set(keys)) and {"adf", "csv", "json", "xlsx"} <= set(keys)


@pytest.mark.parametrize("path", FILES, ids=os.path.basename)
def test_every_item_of_the_samples_has_a_registered_kind(path):
    if path.endswith("schemas.json"):
        pytest.skip("STAR's schemas, not a document")
    with open(path, "rb") as handle:
        body = handle.read()
    target = "inventory" if "inventory" in path else "moments"
    try:
        items = formats.parse(body, filename=os.path.basename(path), target=target)
    except PayloadError:
        return  # a body the link refuses as a whole has no records
    assert items
    for item in items:
        assert item.kind in formats.KINDS, item.kind


def test_a_kept_record_is_read_again_by_its_kind():
    items = formats.parse(b'{"external_id": "K-1", "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:00:00Z",'
                          b' "customer": {"email": "anna@example.nl"}}', "application/json")
    again = formats.kind(items[0].kind).payload_items(
        '{"external_id": "K-1", "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:00:00Z",'
        ' "customer": {"email": "anna@example.nl"}}')
    assert [(item.kind, item.external_id, item.parsed) for item in again] == \
        [(item.kind, item.external_id, item.parsed) for item in items]
