"""Every link a user writes, of every model, made canonical and checked in one place.

Odoo 11 applies record rules to the record being written, never to the records it links to,
and passes a link value on to PostgreSQL in whatever shape the client sent it: a colleague's
customer as the string "57" or the float 57.0 slipped past every check that looked for an int,
and 57.5 or 99999999999 answered a server error. This `base` extension makes every link value
canonical in front of every model's create and write (wrapped once the registry is built, so the
model's own code already sees ids), and checks what reaches the database under them (Odoo puts
`base` last in each model's parents): RPC, forms, imports, x2many commands and the records they
create, defaults from the context (in default_get), wizards and the chatter.

For users other than the superuser:
- every many2one, x2many and reference value is made canonical (lib/link_values.py), or the
  whole create/write is refused with a ValidationError naming the record and the field;
- every record a value links to must be one the user can already find (`search`, which applies
  the record rules and the Python visibility of mail.message, ir.attachment and
  presales.restricted.read.mixin) - or the customer of a sales up the same record names, which
  a lost sales up no longer opens to its salesperson;
- `default_<field>` context values and the `active_id(s)` of `active_model` are held to the
  same rule in default_get (which create also uses for the fields it does not get);
- a record that points at a document by model name and id (messages, mails, activities,
  attachments, followers, events) names a document the user can read, and moving it to another
  document needs write access to that document.

Superuser code (sudo) is trusted as everywhere in Odoo: it links what it was written to link.
"""

import functools

from psycopg2 import sql

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import link_values

# (model name field, record id field) of models that point at a document
DOCUMENT_FIELDS = (("res_model", "res_id"), ("model", "res_id"))
# a many2one to ir.model standing for the document's model (mail.activity)
DOCUMENT_MODEL_ID_FIELD = "res_model_id"
# partner fields a sales up link vouches for: a record that names a sales up may name its customer
VOUCHED_BY = {"partner_id": ("lead_id", "opportunity_id")}


def _user_env(model):
    return model.env.uid != SUPERUSER_ID


def _entry_create(create):
    """`create` of a model, with every link value made canonical before the model's code runs."""
    @functools.wraps(create)
    def canonical_create(self, vals):
        if _user_env(self) and isinstance(vals, dict):
            vals = self._presales_clean_links(vals)
        return create(self, vals)
    canonical_create.presales_link_guard = True
    return canonical_create


def _entry_write(write):
    """`write` of a model, with every link value made canonical before the model's code runs."""
    @functools.wraps(write)
    def canonical_write(self, vals):
        if _user_env(self) and isinstance(vals, dict):
            vals = self._presales_clean_links(vals)
        return write(self, vals)
    canonical_write.presales_link_guard = True
    return canonical_write


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model_cr
    def _register_hook(self):
        """Make every link value canonical in front of the model's own create and write: Odoo
        builds each model's class from its modules' classes, ours included only as `base`, the
        last of them, so a model's own create (mail.message's, sale.order's) would use a value
        such as 57.0 before `base` sees it. Wrapping the built class's methods puts the one
        normalisation before all of them; the check follows in `base` below, on what the model
        finally writes."""
        super()._register_hook()
        cls = type(self)
        if not getattr(cls.create, "presales_link_guard", False):
            cls.create = _entry_create(cls.create)
        if not getattr(cls.write, "presales_link_guard", False):
            cls.write = _entry_write(cls.write)

    # ---- the check, under every model's own create and write ----

    @api.model
    def create(self, vals):
        if _user_env(self) and isinstance(vals, dict):
            vals = self._presales_clean_links(vals)
            self._presales_check_links(vals)
            self._presales_check_document(vals, creating=True)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if not (_user_env(self) and isinstance(vals, dict) and self):
            return super().write(vals)
        vals = self._presales_clean_links(vals)
        self._presales_check_links(self._presales_changed_links(vals), records=self)
        result = super().write(vals)
        self._presales_check_document(vals, creating=False)
        return result

    @api.model
    def default_get(self, fields_list):
        if not _user_env(self):
            return super().default_get(fields_list)
        self._presales_check_active_records()
        defaults = super().default_get(fields_list)
        from_context = {name: value for name, value in defaults.items()
                        if "default_%s" % name in self.env.context and name in self._fields}
        if from_context:
            cleaned = self._presales_clean_links(from_context, defaults=True)
            self._presales_check_links(cleaned, new_vals=defaults)
            self._presales_check_document(dict(defaults, **cleaned), creating=True)
            defaults.update(cleaned)
        return defaults

    # ---- canonical values ----

    @api.model
    def _presales_clean_links(self, vals, defaults=False):
        """`vals` with every relational value canonical, nested x2many values included.

        `defaults`: values from default_get, where Odoo takes a many2many as a list of ids and a
        one2many as a list of dicts; those shapes are kept.
        """
        cleaned = dict(vals)
        document_fields = self._presales_document_fields()
        if document_fields and document_fields[1] in vals:
            # the id of the document the record points at is a link too
            try:
                cleaned[document_fields[1]] = link_values.to_id(vals[document_fields[1]]) or 0
            except link_values.LinkValueError as error:
                raise ValidationError(_("%s: field %s: %s is not a record id (%s).") % (
                    self._presales_new_label(vals) if not self.ids else self._presales_label(),
                    self._fields[document_fields[1]]._description_string(self.env), str(error.value)[:60],
                    error.reason))
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or field.type not in ("many2one", "many2many", "one2many", "reference"):
                continue
            try:
                cleaned[name] = self._presales_clean_link(field, value, defaults)
            except link_values.LinkValueError as error:
                raise ValidationError(_("%s: field %s: %s is not a record this field can name (%s).") % (
                    self._presales_new_label(vals) if not self.ids else self._presales_label(),
                    field._description_string(self.env), str(error.value)[:60], error.reason))
        return cleaned

    def _presales_clean_link(self, field, value, defaults):
        if field.type == "many2one":
            return link_values.to_id(value)
        if field.type == "reference":
            return link_values.to_reference(value, self.env.registry)
        if defaults and isinstance(value, (list, tuple)) and all(
                not isinstance(item, (list, tuple)) for item in value):
            if field.type == "one2many" and all(isinstance(item, dict) for item in value):
                return list(value)
            return link_values.to_ids(value)
        comodel = self.env[field.comodel_name]
        commands = []
        for command in link_values.to_commands(value):
            if isinstance(command, tuple) and command and command[0] in (link_values.CREATE, link_values.UPDATE):
                command = (command[0], command[1], comodel._presales_clean_links(command[2]))
            commands.append(command)
        return commands

    @api.multi
    def _presales_changed_links(self, vals):
        """`vals` without the many2one values every record already holds: writing a link again
        (a form, or Odoo itself, saving the customer a record has) makes no new link."""
        same = [name for name, value in vals.items()
                if isinstance(value, int) and getattr(self._fields.get(name), "type", None) == "many2one"
                and all(record[name].id == value for record in self.sudo())]
        return {name: value for name, value in vals.items() if name not in same} if same else vals

    # ---- what a value links to ----

    @api.model
    def _presales_link_targets(self, vals):
        """{field: (comodel name, [ids])} of the records `vals` links to (canonical vals)."""
        targets = {}
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or not value:
                continue
            if field.type == "many2one" and isinstance(value, int):
                targets[name] = (field.comodel_name, [value])
            elif field.type in ("many2many", "one2many") and isinstance(value, list):
                ids = link_values.linked_ids(value) if all(
                    isinstance(item, tuple) for item in value) else [item for item in value if isinstance(item, int)]
                if ids:
                    targets[name] = (field.comodel_name, ids)
            elif field.type == "reference" and isinstance(value, str):
                model_name, record_id = value.split(",")
                targets[name] = (model_name, [int(record_id)])
        return targets

    @api.model
    def _presales_readable_ids(self, model_name, ids):
        """The part of `ids` of `model_name` the current user may link."""
        Target = self.env[model_name].with_context(active_test=False)
        ids = set(ids)
        if model_name == "res.users" and ids == {self.env.uid}:
            return ids
        if not ids or not Target.check_access_rights("read", raise_exception=False):
            return set()
        return Target._presales_linkable_ids(ids)

    @api.model
    def _presales_linkable_ids(self, ids):
        """The part of `ids` (a set) the current user can find, or made in this very transaction;
        a model that lets a user link records search does not show (a file just uploaded)
        extends it."""
        linkable = set(self._search([("id", "in", list(ids))]))
        missing = ids - linkable
        if missing and self._log_access:
            # made by the user in this transaction (Odoo stamps create_date with its start): a
            # meeting that makes its own activity links itself before the fields its rules test
            # are computed, at the end of its create
            self.env.cr.execute(sql.SQL(
                "SELECT id FROM {} WHERE id IN %s AND create_uid = %s AND create_date = (now() AT TIME ZONE 'UTC')"
            ).format(sql.Identifier(self._table)), (tuple(missing), self.env.uid))
            linkable |= {row[0] for row in self.env.cr.fetchall()}
        return linkable

    @api.multi
    def _presales_vouched(self, vals, name, target_id):
        """True when the record names a sales up the user can read whose customer is `target_id`."""
        for link in VOUCHED_BY.get(name, ()):
            field = self._fields.get(link)
            if field is None or field.type != "many2one" or field.comodel_name != "crm.lead":
                continue
            lead_ids = [vals[link]] if isinstance(vals.get(link), int) else []
            if link not in vals:
                lead_ids = self.sudo().mapped(link).ids
            leads = self.env["crm.lead"].browse(lead_ids)
            if leads and self._presales_readable_ids("crm.lead", leads.ids) == set(leads.ids) and all(
                    lead.sudo().partner_id.id == target_id for lead in leads):
                return True
        return False

    @api.model
    def _presales_check_links(self, vals, records=None, new_vals=None, label=None):
        """Refuse `vals` (canonical) when it links a record the user cannot read: on `records`
        (a write) or on a new record (`new_vals`: all of its values, for its name). `label`
        names the record in the message instead."""
        records = records if records is not None else self.browse()
        for name, (model_name, ids) in self._presales_link_targets(vals).items():
            if model_name not in self.env:
                continue
            hidden = set(ids) - self._presales_readable_ids(model_name, ids)
            if hidden and len(hidden) == 1 and records._presales_vouched(vals, name, next(iter(hidden))):
                continue
            if hidden:
                label = label or (records._presales_label() if records else self._presales_new_label(new_vals or vals))
                raise AccessError(_(
                    "%s: field %s: you may only link a record you can already see (yours, or one of a "
                    "sales up you work on).") % (label, self._fields[name]._description_string(self.env)))

    # ---- records that point at a document ----

    def _presales_document_fields(self):
        for model_field, id_field in DOCUMENT_FIELDS:
            if (isinstance(self._fields.get(model_field), fields.Char)
                    and isinstance(self._fields.get(id_field), fields.Integer)):
                return model_field, id_field
        return None

    @api.model
    def _presales_document_of(self, vals):
        """(model name, id) of the document `vals` points at, or None."""
        document_fields = self._presales_document_fields()
        if not document_fields:
            return None
        model_field, id_field = document_fields
        model_name = vals.get(model_field) or self.env.context.get("default_%s" % model_field)
        if not model_name and vals.get(DOCUMENT_MODEL_ID_FIELD) and DOCUMENT_MODEL_ID_FIELD in self._fields:
            model_name = self.env["ir.model"].sudo().browse(vals[DOCUMENT_MODEL_ID_FIELD]).model
        res_id = vals.get(id_field) or self.env.context.get("default_%s" % id_field)
        try:
            res_id = link_values.to_id(res_id)
        except link_values.LinkValueError:
            raise ValidationError(_("%s: field %s: %r is not a record id.") % (
                self._presales_new_label(vals), self._fields[id_field]._description_string(self.env), res_id))
        if not model_name or not res_id or not isinstance(model_name, str) or model_name not in self.env:
            return None
        return model_name, res_id

    @api.multi
    def _presales_check_document(self, vals, creating):
        """A new record names a document the user can read; a record moved to another document
        (a write of its model or id) lands on one the user may write."""
        document_fields = self._presales_document_fields()
        if not document_fields:
            return
        if creating:
            document = self._presales_document_of(vals)
            if document and not self._presales_readable_ids(*document[:1], [document[1]]):
                raise AccessError(_("%s: field %s: you may only attach it to a document you can see.") % (
                    self._presales_new_label(vals), self._fields[document_fields[1]]._description_string(self.env)))
            return
        if not (set(vals) & set(document_fields) | {DOCUMENT_MODEL_ID_FIELD} & set(vals)):
            return
        model_field, id_field = document_fields
        for record in self.sudo():
            model_name, res_id = record[model_field], record[id_field]
            if not model_name or not res_id or model_name not in self.env:
                continue
            target = self.env[model_name].browse(res_id).exists()
            if not target:
                continue
            if not (target.check_access_rights("write", raise_exception=False)
                    and target._presales_writable()):
                raise AccessError(_(
                    "%s: field %s: only someone who may change the document it goes to moves it "
                    "there.") % (self.browse(record.id)._presales_label(),
                                 self._fields[id_field]._description_string(self.env)))

    @api.multi
    def _presales_writable(self):
        try:
            self.check_access_rule("write")
        except AccessError:
            return False
        return True

    # ---- labels for the messages ----

    @api.model
    def _presales_new_label(self, vals):
        # no name from vals: code that creates on the user's behalf fills it from the very document
        # being refused (message_post's record_name is the document's name)
        return _("New %s") % (self._description or self._name)

    @api.multi
    def _presales_label(self):
        names = []
        for record in self[:3]:
            try:
                names.append(record.display_name)
            except AccessError:
                names.append(str(record.id))
        return '%s "%s"' % (self._description or self._name, ", ".join(names))

    # ---- the context's active records ----

    @api.model
    def _presales_check_active_records(self):
        context = self.env.context
        model_name = context.get("active_model")
        # without a model the active ids name nothing here (the Discuss app's "channel_inbox")
        if not any(key in context for key in ("active_id", "active_ids")) or not isinstance(model_name, str) \
                or model_name not in self.env:
            return
        try:
            ids = link_values.to_ids(context.get("active_ids") or []) + link_values.to_ids(context.get("active_id"))
        except link_values.LinkValueError as error:
            raise ValidationError(_("%s: the records it is opened on (%s) are not record ids.") % (
                self._description or self._name, str(error.value)[:60]))
        if not ids or not self.env[model_name].check_access_rights("read", raise_exception=False):
            return
        if set(ids) - self._presales_readable_ids(model_name, ids):
            raise AccessError(_("%s: it is opened on records you may not see.") % (self._description or self._name))
