"""The error every parser raises for a record it refuses: it names the field and says why."""


class RecordError(ValueError):
    """One external record that cannot be stored as it is; `field` names the culprit."""

    def __init__(self, field, message, external_id=None):
        self.field = field
        self.external_id = external_id
        self.reason = "field %s: %s" % (field, message) if field else message
        super().__init__(self.reason)


class PayloadError(ValueError):
    """A whole request body that is not what the endpoint accepts (answered with 400)."""
