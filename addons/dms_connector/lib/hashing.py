"""Payload hashes: the fingerprint a binding keeps of the external record it was last written from.

The same record sent again (keys in another order, other whitespace) hashes the same, so it is
recognised as a duplicate and skipped before anything is written; a changed value changes the hash.
"""
import hashlib
import json


def canonical_json(record):
    """The record as compact JSON with sorted keys: equal records give equal text."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def payload_hash(record):
    """SHA-256 hex digest of the canonical JSON of a record (a dict, list or scalar)."""
    # surrogatepass: a record may carry lone surrogates (JSON allows "\ud800"); it still has a hash
    return hashlib.sha256(canonical_json(record).encode("utf-8", "surrogatepass")).hexdigest()
