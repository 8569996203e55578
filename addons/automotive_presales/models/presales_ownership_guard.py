"""Ownership checks that our own write paths add to the record rules.

Odoo applies record rules to the record as it is *before* a write (and, for create, after it), and
never to the records a write links to. Two ways around the rules follow from that, and every model
that belongs to a sales up or a customer closes them with the helpers below:

- a link to a record the user may not read: a colleague's sales up as ``lead_id``, a colleague's
  customer as ``partner_id`` or ``parent_id``. Once linked, the rules that grant through the link
  (the partner rule through ``presales_lead_ids``, the trade-in rule through ``lead_id``) open the
  foreign record, or the record is planted where a colleague works. A link must name a record the
  user can already read.
- a write that moves the record out of the user's own reach (a trade-in onto a colleague's sales
  up): after the write the record must still satisfy the user's write rules.

The error messages name the record being written and the field, never the foreign record.
"""

from odoo import SUPERUSER_ID, _
from odoo.exceptions import AccessError


def allowed(records, operation):
    """The part of `records` the current user may `operation` by the record rules (no logging,
    no exception); the superuser may everything."""
    records = records.exists()
    if not records or records.env.uid == SUPERUSER_ID:
        return records
    if not records.check_access_rights(operation, raise_exception=False):
        return records.browse()
    where_clause, where_params, tables = records.env["ir.rule"].domain_get(records._name, operation)
    if not where_clause:
        return records
    query = "SELECT %s.id FROM %s WHERE %s.id IN %%s AND %s" % (
        records._table, ",".join(tables), records._table, " AND ".join(where_clause))
    records.env.cr.execute(query, [tuple(records.ids)] + where_params)
    return records.browse([row[0] for row in records.env.cr.fetchall()])


def check_may_write(records):
    """Odoo's own write check, made before ours: our errors name the record, which the user
    must be allowed to see first."""
    if records.env.uid != SUPERUSER_ID and records:
        records.check_access_rights("write")
        records.check_access_rule("write")


def labels_before(records, label):
    """{id: label} of `records` as the user sees them now (before a write moves them)."""
    if records.env.uid == SUPERUSER_ID:
        return {}
    return {record.id: label(record) for record in records}


def check_links(model, vals, field_names, label):
    """Refuse `vals` when one of `field_names` names a record the user cannot read.

    The same check the `base` link guard (base_link_guard.py) makes on every create and write of
    every model; our models make it before their own logic, so that its message names the record
    being created or written (`label`, e.g. "Trade-in Volta Estate")."""
    if model.env.uid == SUPERUSER_ID:
        return
    subset = model._presales_clean_links({name: vals[name] for name in field_names if name in vals})
    model._presales_check_links(subset, label=label)


def link_id(model, vals, name):
    """The record id `vals[name]` names, in any shape a client sends it (lib/link_values.py)."""
    return model._presales_clean_links({name: vals.get(name)})[name]


def check_still_writable(records, label, field_names):
    """After a write: refuse it when it moved one of `records` out of what the user may write.

    `label` is {id: name} of the records as the user could read them before the write
    (`labels_before`).
    """
    if records.env.uid == SUPERUSER_ID:
        return
    lost = records - allowed(records, "write")
    if lost:
        labels = ", ".join(records._fields[name]._description_string(records.env)
                           for name in field_names if name in records._fields)
        raise AccessError(_(
            "%s: field %s: after this change you could no longer see or work on it; only a branch "
            "manager or the sales director moves it to a colleague's sales up or customer.")
            % (label[lost[0].id], labels))


def check_locked_fields(records, vals, field_names, label):
    """Refuse a change of `field_names` by a user who is not a manager (branch manager,
    director, superuser); writing the value a field already has is no change."""
    if records.env.user._presales_is_manager():
        return
    for name in field_names:
        if name not in vals:
            continue
        field = records._fields[name]
        for record in records:
            if field.type == "many2one":
                old_value, new_value = record[name].id or False, vals[name] or False
            else:
                old_value = record[name] or False
                new_value = field.convert_to_cache(vals[name], record) or False
            if old_value != new_value:
                raise AccessError(_(
                    "%s: field %s is set when it is recorded; only a branch manager or the sales "
                    "director changes it.") % (label(record), field._description_string(record.env)))


def lead_customer_checked(model, vals):
    """The link fields of `vals` left to check when the record names a sales up: its own customer
    comes with it (a lost sales up no longer opens its customer to the salesperson, yet its moments
    and drives still name them), any other customer is checked on its own."""
    lead = model.env["crm.lead"].browse(link_id(model, vals, "lead_id") or [])
    partner_id = link_id(model, vals, "partner_id")
    if lead and partner_id and allowed(lead, "read") and lead.sudo().partner_id.id == partner_id:
        return ["lead_id"]
    return ["lead_id", "partner_id"]


def context_defaults(model, vals, field_names):
    """`vals` with the `default_<field>` values of the context a create would apply for
    `field_names`, so a check on vals also sees what the context sets."""
    result = dict(vals)
    for name in field_names:
        key = "default_%s" % name
        if name not in result and key in model.env.context:
            result[name] = model.env.context[key]
    return result
