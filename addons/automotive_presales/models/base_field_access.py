from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import link_values


class Base(models.AbstractModel):
    """A field a user may not read is no field they search, sort or group by either.

    Odoo 11 refuses to read a field whose `groups` the user lacks, yet accepts it in a domain, an
    order or a group-by: searching stock cars on the director-only `reserved_lead_id` told a
    salesperson which cars are reserved for which sales up, one guess at a time. Every search and
    read_group of a user other than the superuser is checked here, for every model.
    """

    _inherit = "base"

    def _presales_hidden_field(self, path):
        """The first field of `path` ("a.b.c") the current user may not read, or None."""
        model = self
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                return None
            if field.groups and not self.user_has_groups(field.groups):
                return model, field
            if not field.relational:
                return None
            model = self.env[field.comodel_name]
        return None

    def _presales_check_fields_used(self, paths):
        if self.env.uid == SUPERUSER_ID:
            return
        for path in paths:
            if not isinstance(path, str):
                continue
            hidden = self._presales_hidden_field(path.strip().split(" ")[0].split(":")[0])
            if hidden:
                model, field = hidden
                raise AccessError(_("%s: field %s: you may not read it, so you cannot search, sort or "
                                    "group by it.") % (model._description or model._name,
                                                       field._description_string(model.env)))

    @staticmethod
    def _presales_domain_paths(domain):
        return [leaf[0] for leaf in domain or () if isinstance(leaf, (list, tuple)) and len(leaf) == 3]

    @staticmethod
    def _presales_order_paths(order):
        return [part.strip() for part in order.split(",")] if isinstance(order, str) and order else []

    @staticmethod
    def _presales_canonical_ids(args):
        """`args` with the values of its ('id', ...) leaves as record ids (lib/link_values.py): a
        client's ('id', 'in', ['x']) answered a database error instead of a clear refusal."""
        canonical = []
        for leaf in args or []:
            if (isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "id"
                    and leaf[1] in ("=", "!=", "in", "not in")):
                value = leaf[2]
                if not (isinstance(value, int) and not isinstance(value, bool)) and not (
                        isinstance(value, (list, tuple)) and all(
                            isinstance(item, int) and not isinstance(item, bool) for item in value)):
                    try:
                        value = link_values.to_ids(value) if leaf[1] in ("in", "not in") else (
                            link_values.to_id(value) or False)
                    except link_values.LinkValueError as error:
                        raise ValidationError(_("Search: %s is not a record id (%s).") % (
                            str(error.value)[:60], error.reason))
                    leaf = (leaf[0], leaf[1], value)
            canonical.append(leaf)
        return canonical

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid != SUPERUSER_ID and not access_rights_uid:
            args = self._presales_canonical_ids(args)
            self._presales_check_fields_used(self._presales_domain_paths(args) + self._presales_order_paths(order))
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        if self.env.uid != SUPERUSER_ID:
            groupby_list = [groupby] if isinstance(groupby, str) else list(groupby or [])
            self._presales_check_fields_used(
                self._presales_domain_paths(domain) + groupby_list + self._presales_order_paths(orderby)
                + [spec.split(":")[0] for spec in fields or [] if isinstance(spec, str)])
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
