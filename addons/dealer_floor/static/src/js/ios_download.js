odoo.define('dealer_floor.ios_download', function (require) {
"use strict";

/**
 * Files (XLSX, PDF, exports) on iPhone and iPad.
 *
 * Odoo 11 downloads a file through a hidden iframe, or on iOS through window.open() after the
 * report was prepared. Safari blocks that late pop-up and cannot save from an iframe, so every
 * XLSX export ended in "Odoo Client Error" and a "Still loading…" overlay. Here the file is
 * fetched and handed to Safari as a download link (a blob URL), which iOS saves or previews.
 * Other browsers keep Odoo's way.
 */
var ajax = require('web.ajax');
var core = require('web.core');

var _t = core._t;
var userAgent = navigator.userAgent || '';
var isIOS = /iPad|iPhone|iPod/.test(userAgent) ||
    (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);

if (!isIOS || !window.fetch || !window.FormData || !window.URL) {
    return {};
}

function fileName(response) {
    var disposition = response.headers.get('Content-Disposition') || '';
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    if (encoded) {
        return decodeURIComponent(encoded[1]);
    }
    var plain = /filename="?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1] : 'download';
}

function serverError(text) {
    // Odoo answers a failed download with its serialized error, HTML-escaped
    var node = document.createElement('textarea');
    node.innerHTML = text;
    try {
        return JSON.parse(node.value);
    } catch (error) {
        return {message: '', data: {title: _t('The file could not be made')}};
    }
}

var odooGetFile = ajax.get_file;

ajax.get_file = function (options) {
    if (options.form) {
        return odooGetFile(options);
    }
    var body = new FormData();
    var params = _.extend({}, options.data || {}, {token: new Date().getTime()});
    if (core.csrf_token) {
        params.csrf_token = core.csrf_token;
    }
    _.each(params, function (value, key) {
        body.append(key, value);
    });
    fetch(options.url, {method: 'POST', body: body, credentials: 'same-origin'}).then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || type.indexOf('text/html') === 0) {
            return response.text().then(function (text) {
                throw serverError(text);
            });
        }
        return response.blob().then(function (blob) {
            var link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = fileName(response);
            link.className = 'o_floor_download';
            document.body.appendChild(link);
            link.click();
            setTimeout(function () {
                URL.revokeObjectURL(link.href);
                link.remove();
            }, 60000);
            if (options.success) {
                options.success();
            }
        });
    }).catch(function (error) {
        if (options.error) {
            options.error(error && error.data ? error : {message: String(error), data: {title: _t('Download failed')}});
        }
    }).then(function () {
        if (options.complete) {
            options.complete();
        }
    });
    return true;
};

return {isIOS: isIOS};
});
