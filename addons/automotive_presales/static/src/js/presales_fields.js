odoo.define('automotive_presales.fields', function (require) {
"use strict";

var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

/**
 * A whole number shown as typed: a model year reads 2024, not "2,024", and a mileage or
 * odometer reading 48500, as on the car's papers. Odoo 11 formats every integer with the
 * language's thousands separator and has no option to turn it off.
 */
var FieldIntegerPlain = basicFields.FieldInteger.extend({
    _formatValue: function (value) {
        if (!value && value !== 0) {
            return "";
        }
        return String(value);
    },
});

fieldRegistry.add('integer_plain', FieldIntegerPlain);

return {
    FieldIntegerPlain: FieldIntegerPlain,
};
});
