"""Our JSON contact-moment schema (documented in the readme; the rules are lib/moments.py): one
moment, a list of them, or {"moments": [...]}."""
from ..errors import PayloadError
from ..moments import OUR_KEYS, external_id_of, parse_moment
from . import Format, RecordKind, register


def _sniff(probe):
    return probe.is_json()


def items(probe, options=None):
    data = probe.json()
    if isinstance(data, dict) and isinstance(data.get("moments"), list):
        data = data["moments"]
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise PayloadError("the body must be a JSON object or a list of objects, not %s" % type(data).__name__)
    if records and not any(isinstance(record, dict) and OUR_KEYS & set(record) for record in records):
        raise PayloadError("JSON that is neither our moment schema nor a STAR document (no record has "
                           "external_id, type_code, occurred_at or customer)")
    return [MOMENT.item(record) for record in records]


MOMENT = RecordKind("moment", "Contact moment (our JSON)", parse_moment, id_of=external_id_of, store="moment",
                    fast_id=lambda raw: raw.get("external_id"))
FORMAT = register(Format("moment", "moments", items, _sniff, label="our JSON moment schema", priority=30,
                         content_types=("application/json", "text/json"), extensions=(".json",),
                         kinds=(MOMENT,), file_types=(("json", "JSON", "application/json"),)))
