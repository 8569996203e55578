odoo.define('dealer_floor.contact_url', function (require) {
"use strict";

/**
 * The sales up's Call and WhatsApp buttons, and the dialog that asks a confirmation first
 * (dealer.floor.contact.confirm), end in a tel: or wa.me address (crm.lead._floor_contact_url,
 * marked `dealer_contact`). Odoo 11 opens a tel: address as a page it waits for: the phone's
 * dialler opens, the page stays, and the dialog that asked stays open with its buttons disabled
 * (a second Confirm would log the call twice). Here the dialog closes first (which reloads the
 * sales up, showing the logged contact), then the dialler or WhatsApp opens.
 */
var ActionManager = require('web.ActionManager');

var contact = {
    // what opens the address; a browser test stands in for the phone's dialler here
    open: function (url, target) {
        if (target === 'self') {
            window.location.assign(url);
        } else {
            window.open(url, '_blank');
        }
    },
};

ActionManager.include({
    ir_actions_act_url: function (action, options) {
        if (!action.dealer_contact) {
            return this._super.apply(this, arguments);
        }
        this.dialog_stop();
        contact.open(action.url, action.target);
        if (options && options.on_close) {
            options.on_close();  // the sales up reloads with the contact just logged
        }
        return $.when();
    },
});

return contact;
});
