"""Link values as clients send them, made into record ids (or refused) before anything uses them.

A client names a record in a link field in many shapes: an integer, a numeric string ("57"),
a float (57.0), a pair (57, "name") as Odoo's own client reads them, x2many commands
((4, 57), (6, 0, [57]), (0, 0, {...}) nested), ids in a context key (`default_partner_id`,
`active_id`, `active_ids`). Odoo 11 passes most of them on to PostgreSQL, which casts "57" to a
link that the ORM's checks never saw as one and answers a float or an out-of-range number with a
server error. Every shape is turned here into the one the checks understand (a positive int, or
False for "no record"), and anything else is refused with `LinkValueError`.

Values of other Python types (record sets, Odoo's NewId) come from server code, never from a
client: they are passed through unchanged.
"""

import math

# PostgreSQL's integer, the type of every id column
MAX_ID = 2 ** 31 - 1

# x2many command codes (Odoo 11, fields._RelationalMulti)
CREATE, UPDATE, DELETE, UNLINK, LINK, CLEAR, REPLACE = range(7)
LINKING = (LINK, REPLACE)


class LinkValueError(ValueError):
    """A value that does not name a record (nor "no record")."""

    def __init__(self, value, reason):
        super().__init__("%r: %s" % (value, reason))
        self.value = value
        self.reason = reason


def _is_client_scalar(value):
    return value is None or isinstance(value, (bool, int, float, str, bytes))


def to_id(value):
    """A record id (positive int) or False for an empty link; LinkValueError otherwise.

    Server-side values of another type (record sets, NewId) are returned unchanged.
    """
    if value is None or value is False or value == "":
        return False
    if isinstance(value, bool):
        # True is an int in Python: it would link record 1
        raise LinkValueError(value, "a yes/no value is not a record id")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise LinkValueError(value, "a record id is a whole number")
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return False
        if not text.isdigit() or not text.isascii():
            raise LinkValueError(value, "a record id is a whole number")
        number = int(text)
    elif isinstance(value, (list, tuple)):
        # (id, display name), the shape Odoo's read gives a many2one
        if len(value) == 2 and _is_client_scalar(value[0]) and isinstance(value[1], str):
            return to_id(value[0])
        raise LinkValueError(value, "a many2one field takes one record id")
    elif isinstance(value, dict):
        raise LinkValueError(value, "a many2one field takes one record id, not the values of a new record")
    elif isinstance(value, bytes):
        raise LinkValueError(value, "a record id is a whole number")
    else:
        return value
    if number == 0:
        return False
    if number < 0 or number > MAX_ID:
        raise LinkValueError(value, "no record has this id")
    return number


def to_ids(values):
    """A list of record ids (empty links dropped); LinkValueError on anything else."""
    if values is None or values is False:
        return []
    if isinstance(values, (set, frozenset)):
        values = sorted(values, key=str)
    if isinstance(values, (str, bytes, dict)) or not isinstance(values, (list, tuple)):
        if _is_client_scalar(values):
            value = to_id(values)
            return [value] if value else []
        if isinstance(values, dict):
            raise LinkValueError(values, "a list of record ids was expected")
        # a record set or another server value
        return values
    ids = []
    for value in values:
        value = to_id(value)
        if value:
            ids.append(value)
    return ids


def _command_code(command):
    code = command[0]
    if isinstance(code, bool) or not isinstance(code, (int, float, str)):
        raise LinkValueError(command, "unknown x2many command")
    try:
        number = to_id(code) or 0
    except LinkValueError:
        raise LinkValueError(command, "unknown x2many command")
    if not isinstance(number, int) or number > REPLACE:
        raise LinkValueError(command, "unknown x2many command")
    return number


def to_commands(value):
    """x2many commands in their canonical shape, for a value a client sent.

    Returns a list of tuples: (0, 0, vals), (1, id, vals), (2, id), (3, id), (4, id), (5,),
    (6, 0, ids). A bare id in the list links that record, as Odoo's cache reads it. The vals of
    (0, 0, vals) and (1, id, vals) are returned as they came: they belong to the comodel, whose
    fields decide their shape.
    """
    if value is None or value is False:
        return []
    if not isinstance(value, (list, tuple)):
        if _is_client_scalar(value) or isinstance(value, dict):
            raise LinkValueError(value, "an x2many field takes a list of commands")
        return value
    commands = []
    for command in value:
        if isinstance(command, (list, tuple)):
            if not command:
                raise LinkValueError(command, "empty x2many command")
            code = _command_code(command)
            if code in (CREATE, UPDATE):
                if len(command) < 3 or not isinstance(command[2], dict):
                    raise LinkValueError(command, "this x2many command needs the values of the record")
                commands.append((code, 0 if code == CREATE else _required_id(command), command[2]))
            elif code in (DELETE, UNLINK, LINK):
                commands.append((code, _required_id(command)))
            elif code == CLEAR:
                commands.append((CLEAR,))
            else:
                if len(command) < 3:
                    raise LinkValueError(command, "this x2many command needs a list of record ids")
                commands.append((REPLACE, 0, to_ids(command[2])))
        elif isinstance(command, dict):
            raise LinkValueError(command, "an x2many field takes commands, not the values of a record")
        elif _is_client_scalar(command):
            record_id = to_id(command)
            if record_id:
                commands.append((LINK, record_id))
        else:
            # a record set or NewId from server code
            commands.append(command)
    return commands


def _required_id(command):
    if len(command) < 2:
        raise LinkValueError(command, "this x2many command needs a record id")
    record_id = to_id(command[1])
    if not record_id:
        raise LinkValueError(command, "this x2many command needs a record id")
    return record_id


def linked_ids(commands):
    """The ids that canonical `commands` (from to_commands) link to the record."""
    ids = []
    for command in commands:
        if isinstance(command, tuple) and command and command[0] == LINK:
            ids.append(command[1])
        elif isinstance(command, tuple) and command and command[0] == REPLACE:
            ids.extend(command[2])
    return ids


def to_reference(value, known_models):
    """A reference value "model,id" in canonical form, or False; LinkValueError otherwise.

    `known_models`: the model names that exist (a reference to an unknown model is refused).
    """
    if value is None or value is False or value == "":
        return False
    if not isinstance(value, str):
        if _is_client_scalar(value) or isinstance(value, (list, tuple, dict)):
            raise LinkValueError(value, "a reference is written model,id")
        return value
    model, _sep, record = value.partition(",")
    model = model.strip()
    if not _sep or model not in known_models:
        raise LinkValueError(value, "a reference is written model,id with a known model")
    record_id = to_id(record)
    if not record_id:
        return False
    return "%s,%d" % (model, record_id)


def context_id_keys(context):
    """The context keys that name records (`active_id`, `active_ids`, `default_<field>`) in it."""
    return [key for key in context if key in ("active_id", "active_ids") or key.startswith("default_")]
