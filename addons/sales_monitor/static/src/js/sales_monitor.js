odoo.define('sales_monitor.SalesMonitor', function (require) {
'use strict';

var bus = require('bus.bus').bus;
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

var LEVELS = ['branches', 'staff', 'customers'];
// the bus message the server sends on the user's partner channel when figures they see changed
var CHANGED = 'sales_monitor.changed';
// at most one reload per this many milliseconds while changes keep coming (the DMS pushes many)
var RELOAD_DELAY = 1000;
// how long a changed row stays marked
var MARK_DURATION = 4000;

function isoDate(date) {
    return moment(date).format('YYYY-MM-DD');
}

/**
 * The period presets of the filter bar as [date_from, date_to] (inclusive).
 */
function presetPeriod(preset) {
    var today = moment();
    switch (preset) {
        case 'week': return [isoDate(moment(today).startOf('isoWeek')), isoDate(today)];
        case 'month': return [isoDate(moment(today).startOf('month')), isoDate(today)];
        case 'quarter': return [isoDate(moment(today).startOf('quarter')), isoDate(today)];
        case 'year': return [isoDate(moment(today).startOf('year')), isoDate(today)];
        default: return [isoDate(moment(today).subtract(89, 'days')), isoDate(today)];
    }
}

/**
 * The Sales Monitor: the funnel phases as columns, drilling from the group to the branches'
 * salespeople and their customers; every number opens the records behind it.
 */
var SalesMonitor = Widget.extend(ControlPanelMixin, {
    template: 'sales_monitor.SalesMonitor',
    events: {
        'click .o_sales_monitor_drill': '_onDrill',
        'click .o_sales_monitor_number': '_onNumber',
        'click .o_sales_monitor_crumb': '_onCrumb',
        'change .o_sales_monitor_filters select, .o_sales_monitor_filters input': '_onFilter',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action_manager = parent;
        this.title = action.name || _t('Sales Monitor');
        this.trail = [];
        this.preset = '90';
        this.filters = {};
        this.data = null;
        this.changed = {};
        this.reloadTimer = null;
        this.loading = null;
    },

    willStart: function () {
        var self = this;
        return $.when(this._super.apply(this, arguments), this._rpc({
            // the user's context, so that names and reasons come in the user's language
            context: session.user_context,
            model: 'sales.monitor', method: 'monitor_landing', args: [],
        }).then(function (landing) {
            self.landing = landing;
            var period = presetPeriod(self.preset);
            self.filters = _.extend({date_from: period[0], date_to: period[1]}, landing.filters);
            self.trail = [{level: landing.level, label: self._levelLabel(landing.level), filters: _.clone(landing.filters)}];
        }));
    },

    start: function () {
        this.set('title', this.title);
        this._updateControlPanel();
        bus.on('notification', this, this._onBusNotification);
        bus.start_polling();
        return $.when(this._super.apply(this, arguments), this._load());
    },

    destroy: function () {
        bus.off('notification', this, this._onBusNotification);
        clearTimeout(this.reloadTimer);
        this._super.apply(this, arguments);
    },

    /**
     * Live: a change the server announces on our partner channel reloads the figures (with our own
     * rights), once per RELOAD_DELAY however many changes arrive meanwhile.
     */
    _onBusNotification: function (notifications) {
        var live = _.some(notifications, function (notification) {
            var message = notification[1];
            return message && message.type === CHANGED;
        });
        if (!live || this.reloadTimer) {
            return;
        }
        var self = this;
        this.reloadTimer = setTimeout(function () {
            $.when(self.loading).always(function () {
                self.reloadTimer = null;
                self._load({live: true});
            });
        }, RELOAD_DELAY);
    },

    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },

    _updateControlPanel: function () {
        this.update_control_panel({breadcrumbs: this.action_manager.get_breadcrumbs()}, {clear: true});
    },

    _levelLabel: function (level) {
        return {branches: _t('Group'), staff: _t('Branch'), customers: _t('Salesperson')}[level];
    },

    _current: function () {
        return this.trail[this.trail.length - 1];
    },

    _query: function () {
        var query = _.extend({}, this.filters, this._current().filters);
        return _.omit(query, function (value) { return value === '' || value === null || value === undefined; });
    },

    _load: function (options) {
        var self = this;
        var live = options && options.live;
        var before = live && this.data ? _.indexBy(this.data.rows, 'id') : null;
        var level = this._current().level;
        this.loading = this._rpc({
            // the user's context, so that names and reasons come in the user's language
            context: session.user_context,
            model: 'sales.monitor', method: 'monitor_data',
            args: [level], kwargs: this._query(),
        }, {shadow: live}).then(function (data) {
            if (level !== self._current().level) {
                return;
            }
            self.changed = {};
            if (before) {
                // the rows whose figures differ from what was on screen are marked for a while
                _.each(data.rows, function (row) {
                    if (!before[row.id] || JSON.stringify(before[row.id]) !== JSON.stringify(row)) {
                        self.changed[row.id] = true;
                    }
                });
            }
            self.data = data;
            self._render();
            if (!_.isEmpty(self.changed)) {
                setTimeout(function () {
                    self.changed = {};
                    self.$('.o_sales_monitor_changed').removeClass('o_sales_monitor_changed');
                }, MARK_DURATION);
            }
        });
        return this.loading;
    },

    _render: function () {
        var self = this;
        this.$('.o_sales_monitor_body').html(QWeb.render('sales_monitor.Body', {
            widget: this, data: this.data, level: this._current().level, trail: this.trail,
            filters: this.filters, preset: this.preset, landing: this.landing,
            row_label: {branches: _t('Branch'), staff: _t('Salesperson'), customers: _t('Customer')}[this._current().level],
            group_key: '' + (this.filters.customer_group || ''), filter_labels: this._filterLabels(),
            format: function (value) { return value === null || value === undefined ? '–' : value; },
            // the phases of a block with a number for this row (a phone card lists only those)
            shown_phases: function (row, block) {
                return _.filter(self.data.phases, function (phase) {
                    return phase.block === block.code && (row.moments[phase.code] || row.customers[phase.code]);
                });
            },
            // in the user's language's number format (1.234 in Dutch), not the browser's
            money: function (value) { return field_utils.format.integer(Math.round(value || 0)); },
        }));
    },

    /**
     * The filters in words, for the breadcrumb.
     */
    _filterLabels: function () {
        var filters = this.filters;
        var labels = [];
        var pick = function (options, value) {
            var found = _.find(options, function (option) { return '' + option[0] === '' + value; });
            return found && found[1];
        };
        if (filters.customer_group) {
            labels.push(pick(this.landing.customer_groups, filters.customer_group));
        }
        if (filters.lead_type) {
            labels.push(pick(this.landing.lead_types, filters.lead_type));
        }
        if (filters.source_id) {
            labels.push(pick(this.landing.sources, filters.source_id));
        }
        return _.compact(labels);
    },

    _onDrill: function (ev) {
        var $row = $(ev.currentTarget);
        var level = this._current().level;
        var next = LEVELS[LEVELS.indexOf(level) + 1];
        if (!next) {
            return;
        }
        var filters = _.clone(this._current().filters);
        filters[level === 'branches' ? 'team_id' : 'user_id'] = $row.data('id');
        this.trail.push({level: next, label: $row.data('name'), filters: filters});
        this._load();
    },

    _onCrumb: function (ev) {
        this.trail = this.trail.slice(0, $(ev.currentTarget).data('index') + 1);
        this._load();
    },

    _onFilter: function () {
        var preset = this.$('select[name=period]').val();
        this.preset = preset;
        if (preset === 'custom') {
            this.filters.date_from = this.$('input[name=date_from]').val() || this.filters.date_from;
            this.filters.date_to = this.$('input[name=date_to]').val() || this.filters.date_to;
        } else {
            var period = presetPeriod(preset);
            this.filters.date_from = period[0];
            this.filters.date_to = period[1];
        }
        var group = this.$('select[name=customer_group]').val();
        this.filters.customer_group = /^\d+$/.test(group) ? parseInt(group, 10) : group;
        this.filters.lead_type = this.$('select[name=lead_type]').val();
        var source = this.$('select[name=source_id]').val();
        this.filters.source_id = source ? parseInt(source, 10) : '';
        this._load();
    },

    _onNumber: function (ev) {
        ev.stopPropagation();
        var $cell = $(ev.currentTarget);
        var kwargs = _.extend(this._query(), {phase_code: $cell.data('phase') || null});
        var self = this;
        this._rpc({
            // the user's context, so that names and reasons come in the user's language
            context: session.user_context,
            model: 'sales.monitor', method: 'monitor_records',
            args: [this._current().level, $cell.data('row'), $cell.data('measure')], kwargs: kwargs,
        }).then(function (action) {
            self.do_action(action);
        });
    },
});

core.action_registry.add('sales_monitor.monitor', SalesMonitor);

return SalesMonitor;
});
