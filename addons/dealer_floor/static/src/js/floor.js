/* The floor app: the salesperson's start page on a phone.
 *
 * Plain script on purpose (no web client): it is usable within seconds on a mobile network.
 * The page brings the first state and the words (in the user's language); the app asks
 * /floor/api/<call> for the rest.
 *
 * Offline: a walk-in or a logged contact goes to an outbox on the phone (localStorage), each with
 * a client_uuid made when it was typed. The outbox is sent when the network is back, one capture
 * after the other, and a capture stays in it until the server answered: the server stores a
 * client_uuid once per user, so a capture sent twice (an answer lost on the way) is stored once.
 */
(function () {
    "use strict";

    var state = JSON.parse(document.getElementById("floor-state").textContent);
    var words = JSON.parse(document.getElementById("floor-strings").textContent);
    var uid = state.user.id;
    var OUTBOX_KEY = "dealer_floor.outbox." + uid;
    var STATE_KEY = "dealer_floor.state." + uid;
    // a page from the service worker's cache (offline) may carry an older state than the last one seen
    try {
        var kept = JSON.parse(localStorage.getItem(STATE_KEY) || "null");
        if (kept && kept.server_time > state.server_time) {
            state = kept;
        }
    } catch (error) {
        localStorage.removeItem(STATE_KEY);
    }
    var RETRY_MS = 15000;
    var CLOCK_MS = 30000;
    var online = navigator.onLine !== false;
    var flushing = false;
    var photoData = null;

    function $(selector, root) {
        return (root || document).querySelector(selector);
    }

    function $$(selector, root) {
        return Array.prototype.slice.call((root || document).querySelectorAll(selector));
    }

    function format(text) {
        var args = Array.prototype.slice.call(arguments, 1);
        return text.replace(/%s/g, function () {
            return args.length ? String(args.shift()) : "";
        });
    }

    function el(tag, attrs, children) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (key) {
            if (key === "text") {
                node.textContent = attrs[key];
            } else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) {
                node.setAttribute(key, attrs[key]);
            }
        });
        (children || []).forEach(function (child) {
            if (child) {
                node.appendChild(child);
            }
        });
        return node;
    }

    function newUuid() {
        if (window.crypto && window.crypto.randomUUID) {
            return window.crypto.randomUUID();
        }
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (byte) {
            return ("0" + byte.toString(16)).slice(-2);
        }).join("");
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    function utcNow() {
        return new Date().toISOString().slice(0, 19).replace("T", " ");
    }

    function localTime(utc) {
        if (!utc) {
            return "";
        }
        var when = new Date(utc.replace(" ", "T") + "Z");
        try {
            return when.toLocaleTimeString(state.user.lang, {hour: "2-digit", minute: "2-digit", timeZone: state.user.tz});
        } catch (error) {
            return when.toLocaleTimeString(state.user.lang, {hour: "2-digit", minute: "2-digit"});
        }
    }

    function duration(minutes) {
        if (minutes < 60) {
            return format(words.minutes, minutes);
        }
        if (minutes < 48 * 60) {
            return format(words.hours, Math.floor(minutes / 60), minutes % 60);
        }
        return format(words.days, Math.floor(minutes / 1440));
    }

    function localDate(day) {
        if (!day) {
            return "";
        }
        var when = new Date(day + "T12:00:00Z");
        return when.toLocaleDateString(state.user.lang, {day: "numeric", month: "short"});
    }

    // ---------------------------------------------------------------- talking to the server

    function NetworkDown() {
        this.network = true;
    }

    function call(name, values) {
        var body = {jsonrpc: "2.0", method: "call", id: Date.now(), params: values === undefined ? {} : {values: values}};
        return fetch("/floor/api/" + name, {
            method: "POST",
            credentials: "same-origin",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify(body),
        }).catch(function () {
            throw new NetworkDown();
        }).then(function (response) {
            if (!response.ok) {
                throw new NetworkDown();
            }
            return response.json();
        }).then(function (answer) {
            if (answer.error) {
                var data = answer.error.data || {};
                if (data.name === "odoo.http.SessionExpiredException") {
                    window.location.assign("/web/login?redirect=" + encodeURIComponent("/floor"));
                }
                var error = new Error(data.message || answer.error.message);
                error.server = true;
                throw error;
            }
            setOnline(true);
            return answer.result;
        }, function (error) {
            if (error && error.network) {
                setOnline(false);
            }
            throw error;
        });
    }

    // ---------------------------------------------------------------- the outbox

    function outbox() {
        try {
            return JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]");
        } catch (error) {
            return [];
        }
    }

    function saveOutbox(entries) {
        localStorage.setItem(OUTBOX_KEY, JSON.stringify(entries));
        renderNetwork();
    }

    function enqueue(callName, values) {
        var entries = outbox();
        entries.push({call: callName, values: values, queued_at: utcNow(), failed: null});
        saveOutbox(entries);
        return flush();
    }

    function flush() {
        if (flushing) {
            return Promise.resolve();
        }
        var pending = outbox().filter(function (entry) {
            return !entry.failed;
        });
        if (!pending.length) {
            return Promise.resolve();
        }
        flushing = true;
        var entry = pending[0];
        return call(entry.call, entry.values).then(function (result) {
            removeEntry(entry.values.client_uuid);
            toast(entry.call === "walk_in" ? format(words.walk_in_done, result.name) : words.contact_done);
            flushing = false;
            return flush().then(refresh);
        }, function (error) {
            flushing = false;
            if (error.server) {
                markFailed(entry.values.client_uuid, error.message);
            } else {
                toast(words.saved_offline);
            }
        });
    }

    function removeEntry(uuid) {
        saveOutbox(outbox().filter(function (entry) {
            return entry.values.client_uuid !== uuid;
        }));
    }

    function markFailed(uuid, message) {
        saveOutbox(outbox().map(function (entry) {
            if (entry.values.client_uuid === uuid) {
                entry.failed = message;
            }
            return entry;
        }));
        renderFailed();
    }

    // ---------------------------------------------------------------- the screen

    function setOnline(value) {
        if (online !== value) {
            online = value;
            renderNetwork();
            if (online) {
                flush();
            }
        }
    }

    function renderNetwork() {
        var pending = outbox().filter(function (entry) {
            return !entry.failed;
        }).length;
        document.body.classList.toggle("floor-is-offline", !online);
        var banner = $("#floor-offline");
        banner.hidden = online && !pending;
        banner.textContent = (online ? "" : words.offline + " ") + (pending ? format(words.pending, pending) : "");
        $("#floor-net").textContent = pending ? String(pending) : "";
        $("#floor-net").className = "floor-net " + (online ? "floor-online" : "floor-offline");
    }

    var toastTimer = null;

    function toast(text) {
        var node = $("#floor-toast");
        node.textContent = text;
        node.hidden = false;
        clearTimeout(toastTimer);
        toastTimer = setTimeout(function () {
            node.hidden = true;
        }, 4000);
    }

    function contactLinks(card) {
        var links = [];
        var blocked = card.blocked || {};
        if (card.tel) {
            links.push(el("a", {"class": "floor-call" + (blocked.call ? " floor-blocked" : ""), href: card.tel,
                "data-lead": card.id, "data-log": "call", "data-blocked": blocked.call || null, text: words.call}));
        }
        if (card.whatsapp) {
            links.push(el("a", {"class": "floor-whatsapp" + (blocked.whatsapp ? " floor-blocked" : ""), href: card.whatsapp,
                target: "_blank", rel: "noopener", "data-lead": card.id, "data-log": "whatsapp",
                "data-blocked": blocked.whatsapp || null, text: words.whatsapp}));
        }
        return el("div", {"class": "floor-card-actions"}, links);
    }

    // the speed-to-lead clock runs on the phone from the lead's arrival (the state's received_at)
    function clock(node, fallback) {
        var since = node.dataset.since ? Date.parse(node.dataset.since.replace(" ", "T") + "Z") : NaN;
        var minutes = isNaN(since) ? fallback : Math.max(0, Math.floor((Date.now() - since) / 60000));
        node.textContent = format(words.waiting, duration(minutes));
        node.classList.toggle("floor-late", minutes > 60);
        return node;
    }

    function renderList(id, items, empty, render) {
        var list = $("#" + id);
        list.textContent = "";
        if (!items.length) {
            list.appendChild(el("li", {"class": "floor-empty", text: empty}));
        }
        items.forEach(function (item) {
            list.appendChild(render(item));
        });
    }

    function render() {
        $("#floor-presence").textContent = state.user.present ? words.on_floor : words.off_floor;
        $("#floor-presence").classList.toggle("floor-present", state.user.present);
        var next = state.next_up;
        $("#floor-next-up").textContent = next ? format(words.next_up, next.id === uid ? words.you : next.name) : words.nobody_free;
        renderList("floor-showroom", state.in_showroom, words.no_visits, function (visit) {
            var title = visit.mine ? visit.customer : visit.salesperson + " – " + words.busy_with_customer;
            return el("li", {"class": "floor-card" + (visit.mine ? " floor-mine" : "")}, [
                el("strong", {text: title}),
                el("span", {"class": "floor-meta", text: [visit.mine ? visit.purpose : "", localTime(visit.since),
                    duration(visit.minutes)].filter(Boolean).join(" · ")}),
                visit.mine ? el("button", {type: "button", "class": "floor-secondary floor-checkout",
                    "data-visit": visit.id, text: words.check_out}) : null,
            ]);
        });
        renderList("floor-waiting", state.waiting, words.no_waiting, function (lead) {
            return el("li", {"class": "floor-card"}, [
                el("strong", {text: lead.customer || lead.name}),
                el("span", {"class": "floor-meta", text: [lead.type, lead.name].filter(Boolean).join(" · ")}),
                clock(el("span", {"class": "floor-clock", "data-since": lead.received_at}), lead.minutes),
                contactLinks(lead),
            ]);
        });
        renderList("floor-activities", state.activities, words.no_activities, function (activity) {
            var when = activity.state === "overdue" ? words.overdue : activity.state === "today" ? words.today : localDate(activity.deadline);
            var link = activity.model && activity.res_id ? activity.url : null;
            return el("li", {"class": "floor-card floor-activity-" + activity.state}, [
                link ? el("a", {href: link, text: activity.summary}) : el("strong", {text: activity.summary}),
                el("span", {"class": "floor-meta", text: [activity.record, when].filter(Boolean).join(" · ")}),
            ]);
        });
        $$(".floor-sales-ups").forEach(function (select) {
            var chosen = select.value;
            select.textContent = "";
            select.appendChild(el("option", {value: "", text: words.pick_sales_up}));
            state.sales_ups.forEach(function (lead) {
                select.appendChild(el("option", {value: lead.id, text: (lead.customer || lead.name) + (lead.customer && lead.name !== lead.customer ? " – " + lead.name : "")}));
            });
            select.value = chosen;
        });
        var demo = $("#floor-demo-cars");
        demo.textContent = "";
        demo.appendChild(el("option", {value: "", text: "–"}));
        state.demo_cars.forEach(function (car) {
            demo.appendChild(el("option", {value: car.id, text: car.name}));
        });
        renderFailed();
        renderNetwork();
    }

    function renderFailed() {
        var failed = outbox().filter(function (entry) {
            return entry.failed;
        });
        $("#floor-failed-section").hidden = !failed.length;
        renderList("floor-failed", failed, "", function (entry) {
            var values = entry.values;
            var label = values.first_name ? values.first_name + " " + (values.last_name || "") : (values.summary || values.action || "");
            return el("li", {"class": "floor-card floor-failed"}, [
                el("strong", {text: words.error + ": " + label}),
                el("span", {"class": "floor-meta", text: entry.failed}),
                el("button", {type: "button", "class": "floor-secondary floor-dismiss", "data-uuid": values.client_uuid, text: "×"}),
            ]);
        });
    }

    function refresh() {
        return call("state").then(function (fresh) {
            state = fresh;
            localStorage.setItem(STATE_KEY, JSON.stringify(fresh));
            render();
        }, function () {
            renderNetwork();
        });
    }

    function show(id) {
        $$(".floor-view").forEach(function (view) {
            view.hidden = view.id !== id;
        });
        // the camera reads barcodes where the browser can (BarcodeDetector); elsewhere the typed field alone
        $$(".floor-scan").forEach(function (button) {
            button.hidden = !("BarcodeDetector" in window);
        });
        window.scrollTo(0, 0);
        var form = $("#" + id);
        if (form && form.tagName === "FORM") {
            var first = $("input:not([type=hidden]), select", form);
            if (first && id === "floor-walk-in") {
                first.focus();
            }
        }
    }

    function home() {
        $$("form.floor-form").forEach(function (form) {
            form.reset();
            $$(".floor-car-results", form).forEach(function (list) {
                list.textContent = "";
            });
        });
        $("#floor-duplicates").hidden = true;
        $("#floor-duplicates").textContent = "";
        $("#floor-photo-preview").hidden = true;
        onContactChange();
        photoData = null;
        show("floor-home");
    }

    function formValues(form) {
        var values = {};
        $$("input, select, textarea", form).forEach(function (field) {
            if (!field.name || field.type === "file" || ((field.type === "radio" || field.type === "checkbox") && !field.checked)) {
                return;
            }
            values[field.name] = field.value.trim();
        });
        return values;
    }

    // ---------------------------------------------------------------- new walk-in

    var walkInChecked = false;

    function walkInValues() {
        var values = formValues($("#floor-walk-in"));
        return {
            first_name: values.first_name, last_name: values.last_name, phone: values.phone,
            email: values.email, wish: values.wish, purpose: values.purpose,
        };
    }

    function captureWalkIn(extra) {
        var values = Object.assign(walkInValues(), extra || {}, {client_uuid: newUuid()});
        home();
        return enqueue("walk_in", values);
    }

    function showDuplicates(found) {
        var box = $("#floor-duplicates");
        box.textContent = "";
        box.appendChild(el("h2", {text: words.duplicates_title}));
        if (!found.length) {
            box.appendChild(el("p", {"class": "floor-empty", text: words.duplicates_none}));
        }
        var list = el("ul", {"class": "floor-cards"});
        found.forEach(function (entry) {
            list.appendChild(el("li", {"class": "floor-card floor-duplicate"}, [
                el("strong", {text: entry.customer || entry.name}),
                el("span", {"class": "floor-meta", text: [entry.name !== entry.customer ? entry.name : "", entry.phone, entry.email].filter(Boolean).join(" · ")}),
                el("span", {"class": "floor-why", text: entry.why}),
                el("button", {type: "button", "class": "floor-secondary floor-pick", "data-kind": entry.kind, "data-id": entry.id, text: words.use_this}),
            ]));
        });
        box.appendChild(list);
        box.hidden = false;
        walkInChecked = true;
        $("#floor-walk-in-next").textContent = words.create_new;
    }

    function onWalkInSubmit(event) {
        event.preventDefault();
        if (walkInChecked || !online) {
            walkInChecked = false;
            $("#floor-walk-in-next").textContent = $("#floor-walk-in-next").dataset.label;
            captureWalkIn();
            return;
        }
        var values = walkInValues();
        call("duplicates", values).then(showDuplicates, function (error) {
            if (error.server) {
                toast(error.message);
            } else {
                captureWalkIn();
            }
        });
    }

    // ---------------------------------------------------------------- log a contact, call, WhatsApp

    function logContact(values) {
        return enqueue("contact", Object.assign({client_uuid: newUuid(), occurred_at: utcNow()}, values));
    }

    // why the consent ledger forbids this contact (the card's answer), or "" when it does not
    function contactBlocked(leadId, action, direction) {
        if (direction === "inbound") {
            return "";
        }
        var card = state.sales_ups.concat(state.waiting).filter(function (lead) {
            return lead.id === leadId;
        })[0];
        return (card && card.blocked && card.blocked[action]) || "";
    }

    // the contact form asks, like the desk form, for a confirmation and a reason when the ledger forbids it
    function onContactChange() {
        var form = $("#floor-contact");
        var values = formValues(form);
        var why = contactBlocked(parseInt(values.lead_id, 10), values.action, values.direction);
        $("#floor-contact-privacy").hidden = !why;
        $("#floor-contact-privacy-why").textContent = why;
        form.elements.privacy_confirmed.required = !!why;
        form.elements.privacy_confirm_reason.required = !!why;
    }

    function onContactSubmit(event) {
        event.preventDefault();
        var values = formValues(event.target);
        var leadId = parseInt(values.lead_id, 10);
        var confirmed = !!contactBlocked(leadId, values.action, values.direction) && !!values.privacy_confirmed;
        home();
        logContact({lead_id: leadId, action: values.action, direction: values.direction, summary: values.summary,
            privacy_confirmed: confirmed, privacy_confirm_reason: confirmed ? values.privacy_confirm_reason : ""});
    }

    // ---------------------------------------------------------------- cars, barcodes, test drives

    var carTimer = null;

    function searchCars(form) {
        var query = $(".floor-car-query", form).value.trim();
        var list = $(".floor-car-results", form);
        if (query.length < 2) {
            list.textContent = "";
            return Promise.resolve();
        }
        return call("cars", query).then(function (cars) {
            list.textContent = "";
            if (!cars.length) {
                list.appendChild(el("li", {"class": "floor-empty", text: words.no_cars}));
            }
            cars.forEach(function (car) {
                list.appendChild(el("li", {"class": "floor-card floor-car", "data-car": car.id, "data-name": car.name}, [
                    el("strong", {text: car.name}),
                    el("span", {"class": "floor-meta", text: [car.colour, car.price, car.state, car.branch].filter(Boolean).join(" · ")}),
                    el("span", {"class": "floor-meta floor-vin", text: car.vin}),
                ]));
            });
            if (cars.length === 1 && cars[0].exact && form.id === "floor-drive") {
                pickCar(form, list.firstChild);
            }
        }, function (error) {
            toast(error.message || words.offline);
        });
    }

    function pickCar(form, card) {
        if (form.id !== "floor-drive") {
            return;
        }
        form.elements.stock_vehicle_id.value = card.dataset.car;
        $$(".floor-car", form).forEach(function (other) {
            other.classList.toggle("floor-chosen", other === card);
        });
    }

    var scanForm = null;

    function scan(form) {
        if (!("BarcodeDetector" in window)) {
            toast(words.scan_unsupported);
            $(".floor-car-query", form).focus();
            return;
        }
        scanForm = form;
        $("#floor-scan-input").click();
    }

    function onScanPicture(event) {
        var file = event.target.files[0];
        event.target.value = "";
        if (!file || !scanForm) {
            return;
        }
        var detector = new window.BarcodeDetector();
        createImageBitmap(file).then(function (bitmap) {
            return detector.detect(bitmap);
        }).then(function (codes) {
            if (!codes.length) {
                toast(words.scan_failed);
                return;
            }
            $(".floor-car-query", scanForm).value = codes[0].rawValue.trim();
            searchCars(scanForm);
        }, function () {
            toast(words.scan_failed);
        });
    }

    function onPhoto(event) {
        var file = event.target.files[0];
        photoData = null;
        if (!file) {
            return;
        }
        // a phone's photo is several MB: send it at most 1600 px wide as JPEG
        createImageBitmap(file).then(function (bitmap) {
            var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
            var canvas = document.createElement("canvas");
            canvas.width = Math.round(bitmap.width * scale);
            canvas.height = Math.round(bitmap.height * scale);
            canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
            photoData = canvas.toDataURL("image/jpeg", 0.85);
            var preview = $("#floor-photo-preview");
            preview.src = photoData;
            preview.hidden = false;
        });
    }

    function onDriveSubmit(event) {
        event.preventDefault();
        var form = event.target;
        var values = formValues(form);
        var start = values.start ? new Date(values.start).toISOString().slice(0, 19).replace("T", " ") : "";
        var button = $("#floor-drive-save");
        button.disabled = true;
        call("test_drive", {
            client_uuid: form.dataset.uuid || (form.dataset.uuid = newUuid()),
            lead_id: parseInt(values.lead_id, 10) || null,
            stock_vehicle_id: parseInt(values.stock_vehicle_id, 10) || null,
            fleet_vehicle_id: parseInt(values.fleet_vehicle_id, 10) || null,
            start: start,
            minutes: parseInt(values.minutes, 10) || 30,
            licence_number: values.licence_number,
            licence_expiry: values.licence_expiry,
            photo: photoData,
        }).then(function (result) {
            delete form.dataset.uuid;
            button.disabled = false;
            toast(format(words.drive_done, result.name));
            home();
            refresh();
        }, function (error) {
            button.disabled = false;
            toast(error.server ? error.message : words.offline);
        });
    }

    function defaultStart() {
        var when = new Date(Date.now() + 15 * 60000);
        when.setMinutes(Math.ceil(when.getMinutes() / 15) * 15, 0, 0);
        var local = new Date(when.getTime() - when.getTimezoneOffset() * 60000);
        return local.toISOString().slice(0, 16);
    }

    // ---------------------------------------------------------------- wiring

    function onClick(event) {
        var target = event.target.closest("button, a, li.floor-car");
        if (!target) {
            return;
        }
        if (target.dataset.open) {
            show("floor-" + target.dataset.open);
            if (target.dataset.open === "drive") {
                $("#floor-drive").elements.start.value = defaultStart();
            }
        } else if (target.dataset.close) {
            home();
        } else if (target.dataset.log) {
            // the link itself dials or opens WhatsApp; the contact is logged beside it. When the
            // consent ledger forbids it, the salesperson says why first, or nothing happens.
            var contact = {lead_id: parseInt(target.dataset.lead, 10), action: target.dataset.log, direction: "outbound"};
            if (target.dataset.blocked) {
                var reason = window.prompt(format(words.privacy_ask, target.dataset.blocked)) || "";
                if (!reason.trim()) {
                    event.preventDefault();
                    return;
                }
                contact.privacy_confirmed = true;
                contact.privacy_confirm_reason = reason.trim();
            }
            logContact(contact);
        } else if (target.classList.contains("floor-checkout")) {
            call("checkout", parseInt(target.dataset.visit, 10)).then(function (result) {
                toast(format(words.checked_out, result.minutes));
                refresh();
            }, function (error) {
                toast(error.server ? error.message : words.offline);
            });
        } else if (target.classList.contains("floor-pick")) {
            var extra = target.dataset.kind === "sales_up" ? {lead_id: parseInt(target.dataset.id, 10)} : {partner_id: parseInt(target.dataset.id, 10)};
            walkInChecked = false;
            captureWalkIn(extra);
        } else if (target.classList.contains("floor-dismiss")) {
            removeEntry(target.dataset.uuid);
            renderFailed();
        } else if (target.classList.contains("floor-scan")) {
            scan(target.closest("form"));
        } else if (target.classList.contains("floor-car")) {
            pickCar(target.closest("form"), target);
        } else if (target.dataset.action === "presence") {
            call("presence").then(refresh, function (error) {
                toast(error.server ? error.message : words.offline);
            });
        }
    }

    function start() {
        $("#floor-walk-in-next").dataset.label = $("#floor-walk-in-next").textContent;
        document.addEventListener("click", onClick);
        $("#floor-walk-in").addEventListener("submit", onWalkInSubmit);
        $("#floor-walk-in").addEventListener("input", function () {
            if (walkInChecked) {
                walkInChecked = false;
                $("#floor-duplicates").hidden = true;
                $("#floor-walk-in-next").textContent = $("#floor-walk-in-next").dataset.label;
            }
        });
        $("#floor-contact").addEventListener("submit", onContactSubmit);
        $("#floor-contact").addEventListener("change", onContactChange);
        $("#floor-drive").addEventListener("submit", onDriveSubmit);
        $("#floor-drive").elements.photo.addEventListener("change", onPhoto);
        $("#floor-scan-input").addEventListener("change", onScanPicture);
        $$(".floor-car-query").forEach(function (input) {
            input.addEventListener("input", function () {
                clearTimeout(carTimer);
                carTimer = setTimeout(function () {
                    searchCars(input.closest("form"));
                }, 300);
            });
        });
        window.addEventListener("online", function () {
            setOnline(true);
            flush();
        });
        window.addEventListener("offline", function () {
            setOnline(false);
        });
        setInterval(function () {
            $$(".floor-clock[data-since]").forEach(function (node) {
                clock(node, 0);
            });
        }, CLOCK_MS);
        setInterval(function () {
            if (outbox().some(function (entry) { return !entry.failed; })) {
                flush();
            }
        }, RETRY_MS);
        render();
        document.body.classList.add("floor-ready");
        flush();
    }

    start();
}());
