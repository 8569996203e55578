odoo.define('sales_monitor.customer_map', function (require) {
"use strict";

/**
 * The customer map: an offline SVG of the country outline (GeoJSON shipped with the addon),
 * optional tiles when a tile URL is set, the clients as circles sized by value, and a
 * geographic selection (radius around a clicked point, or a drawn area) that the server turns
 * into a list of clients (sales_monitor.client.report map_data / map_select; the selection
 * math is lib/geo.py). Web Mercator is only used here to draw; distances are computed server-side.
 */
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;
var SVG = 'http://www.w3.org/2000/svg';
var WIDTH = 760;
var HEIGHT = 820;
var TILE = 256;

function mercator(lat, lon) {
    var sin = Math.sin(lat * Math.PI / 180);
    return [(lon + 180) / 360 * TILE,
            (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE];
}

function inverseMercator(x, y) {
    var lon = x / TILE * 360 - 180;
    var n = Math.PI - 2 * Math.PI * y / TILE;
    return [180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), lon];
}

function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
}

var CustomerMap = Widget.extend(ControlPanelMixin, {
    events: {
        'change .o_sm_map_filter': '_onFilterChange',
        'click .o_sm_map_mode': '_onModeClick',
        'click .o_sm_map_clear': '_onClearClick',
        'click .o_sm_map_list': '_onListClick',
        'click svg.o_sm_map_svg': '_onMapClick',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action_manager = parent;
        this.mode = 'radius';
        this.centre = null;
        this.points = [];
        this.data = null;
    },

    start: function () {
        this.$el.addClass('o_sm_customer_map');
        this.$el.html(QWeb.render('sales_monitor.CustomerMap', {widget: this}));
        this._updateControlPanel();
        return $.when(this._super.apply(this, arguments), this._load());
    },

    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },

    _updateControlPanel: function () {
        this.update_control_panel({breadcrumbs: this.action_manager.get_breadcrumbs()}, {clear: true});
    },

    _filters: function () {
        return {
            value: this.$('.o_sm_map_value').val(),
            customer_state: this.$('.o_sm_map_state').val() || false,
            with_open: this.$('.o_sm_map_open').is(':checked'),
        };
    },

    _load: function () {
        var self = this;
        return this._rpc({
            // the user's context, so that names and reasons come in the user's language
            context: session.user_context,
            model: 'sales_monitor.client.report',
            method: 'map_data',
            kwargs: {filters: this._filters()},
        }).then(function (data) {
            self.data = data;
            self._draw();
        });
    },

    _fit: function (outline) {
        var xs = [], ys = [];
        outline.features.forEach(function (feature) {
            feature.geometry.coordinates[0].forEach(function (point) {
                var xy = mercator(point[1], point[0]);
                xs.push(xy[0]);
                ys.push(xy[1]);
            });
        });
        var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
        var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
        var scale = 0.94 * Math.min(WIDTH / (maxX - minX), HEIGHT / (maxY - minY));
        this.scale = scale;
        this.offsetX = (WIDTH - (maxX - minX) * scale) / 2 - minX * scale;
        this.offsetY = (HEIGHT - (maxY - minY) * scale) / 2 - minY * scale;
    },

    _project: function (lat, lon) {
        var xy = mercator(lat, lon);
        return [xy[0] * this.scale + this.offsetX, xy[1] * this.scale + this.offsetY];
    },

    _unproject: function (x, y) {
        return inverseMercator((x - this.offsetX) / this.scale, (y - this.offsetY) / this.scale);
    },

    _drawTiles: function (svg) {
        var zoom = Math.max(0, Math.floor(Math.log(this.scale) / Math.LN2));
        var factor = this.scale / Math.pow(2, zoom);
        var size = TILE * factor;
        var firstX = Math.floor(-this.offsetX / size), lastX = Math.floor((WIDTH - this.offsetX) / size);
        var firstY = Math.floor(-this.offsetY / size), lastY = Math.floor((HEIGHT - this.offsetY) / size);
        for (var tx = firstX; tx <= lastX; tx++) {
            for (var ty = firstY; ty <= lastY; ty++) {
                var url = this.data.tile_url.replace('{z}', zoom).replace('{x}', tx).replace('{y}', ty);
                var image = svgNode('image', {x: tx * size + this.offsetX, y: ty * size + this.offsetY,
                                              width: size, height: size});
                image.setAttributeNS('http://www.w3.org/1999/xlink', 'href', url);
                svg.appendChild(image);
            }
        }
    },

    _draw: function () {
        var self = this;
        var svg = this.$('svg.o_sm_map_svg')[0];
        while (svg.firstChild) {
            svg.removeChild(svg.firstChild);
        }
        this._fit(this.data.outline);
        if (this.data.tile_url) {
            this._drawTiles(svg);
        }
        this.data.outline.features.forEach(function (feature) {
            var path = feature.geometry.coordinates[0].map(function (point, index) {
                var xy = self._project(point[1], point[0]);
                return (index ? 'L' : 'M') + xy[0].toFixed(1) + ',' + xy[1].toFixed(1);
            }).join(' ') + ' Z';
            svg.appendChild(svgNode('path', {
                d: path, 'class': feature.properties.water ? 'o_sm_map_water' : 'o_sm_map_land',
                'fill-opacity': self.data.tile_url ? 0.15 : 1}));
        });
        this.data.clients.forEach(function (client) {
            var xy = self._project(client.latitude, client.longitude);
            var circle = svgNode('circle', {cx: xy[0], cy: xy[1], r: client.radius,
                                            'class': 'o_sm_map_client o_sm_map_' + client.state,
                                            'data-id': client.id});
            var title = svgNode('title');
            title.textContent = client.name + ' (' + client.salesperson + '): ' + client.value.toFixed(0);
            circle.appendChild(title);
            svg.appendChild(circle);
        });
        this._drawSelection(svg);
        this.$('.o_sm_map_count').text(_.str.sprintf(_t('%s clients on the map, %s without a known postcode'),
                                                     this.data.clients.length, this.data.unplaced));
    },

    _drawSelection: function (svg) {
        var self = this;
        if (this.mode === 'radius' && this.centre) {
            var centre = this._project(this.centre[0], this.centre[1]);
            var km = parseFloat(this.$('.o_sm_map_radius').val()) || 0;
            // pixels per km at this latitude: one degree of latitude is about 111.32 km
            var north = this._project(this.centre[0] + km / 111.32, this.centre[1]);
            svg.appendChild(svgNode('circle', {cx: centre[0], cy: centre[1], r: Math.abs(centre[1] - north[1]),
                                               'class': 'o_sm_map_selection'}));
        }
        if (this.mode === 'area' && this.points.length) {
            var path = this.points.map(function (point, index) {
                var xy = self._project(point[0], point[1]);
                return (index ? 'L' : 'M') + xy[0] + ',' + xy[1];
            }).join(' ') + (this.points.length > 2 ? ' Z' : '');
            svg.appendChild(svgNode('path', {d: path, 'class': 'o_sm_map_selection'}));
        }
    },

    _onFilterChange: function () {
        this._load();
    },

    _onModeClick: function (event) {
        this.mode = $(event.currentTarget).data('mode');
        this.$('.o_sm_map_mode').removeClass('active');
        $(event.currentTarget).addClass('active');
        this.$('.o_sm_map_radius_group').toggle(this.mode === 'radius');
        this._draw();
    },

    _onClearClick: function () {
        this.centre = null;
        this.points = [];
        this._draw();
    },

    _onMapClick: function (event) {
        var svg = this.$('svg.o_sm_map_svg')[0];
        var box = svg.getBoundingClientRect();
        var x = (event.clientX - box.left) * WIDTH / box.width;
        var y = (event.clientY - box.top) * HEIGHT / box.height;
        var point = this._unproject(x, y);
        if (this.mode === 'radius') {
            this.centre = point;
        } else {
            this.points.push(point);
        }
        this._draw();
    },

    _onListClick: function () {
        var self = this;
        var selection = this.mode === 'radius'
            ? {mode: 'radius', latitude: this.centre && this.centre[0], longitude: this.centre && this.centre[1],
               radius_km: parseFloat(this.$('.o_sm_map_radius').val())}
            : {mode: 'area', points: this.points};
        return this._rpc({
            // the user's context, so that names and reasons come in the user's language
            context: session.user_context,
            model: 'sales_monitor.client.report',
            method: 'map_select',
            kwargs: {selection: selection, filters: this._filters()},
        }).then(function (action) {
            // actions from a model method are not cleaned like those of buttons: 'tree' is 'list'
            action.views = _.map(action.views, function (view) {
                return [view[0], view[1] === 'tree' ? 'list' : view[1]];
            });
            return self.do_action(action);
        });
    },
});

core.action_registry.add('sales_monitor_customer_map', CustomerMap);

return CustomerMap;
});
