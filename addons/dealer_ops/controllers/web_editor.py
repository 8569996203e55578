"""web_editor's controller.

`/web_editor/font_to_img/...`: an icon as a PNG, without login.

Odoo 11 draws an image of any size a URL asks for (`/web_editor/font_to_img/61440/red/100000`
is a 40 GB allocation: one request takes the server's memory), opens any file below the web
addon as a font (`?font=...`) and answers a colour or icon it cannot read with a 500. Here the
size is at most 512 px, the font is Font Awesome, and what cannot be drawn is a 400.

`/web_editor/field/html[/inline]`: the HTML editor's page of a record's field; Odoo answers a 500
when `datarecord` is missing and reads any attribute of the record named `field`. Here it takes
JSON data, a known model and one of its fields."""
import json

import werkzeug.exceptions

from odoo import http
from odoo.http import request
from odoo.addons.web_editor.controllers import main

FONT = "/web/static/lib/fontawesome/fonts/fontawesome-webfont.ttf"
MAX_SIZE = 512


class WebEditor(main.Web_Editor):

    @http.route()
    def FieldTextHtml(self, model=None, res_id=None, field=None, callback=None, **kwargs):  # noqa: N802
        try:
            json.loads(kwargs.get("datarecord") or "")
        except ValueError:
            raise werkzeug.exceptions.BadRequest("field/html: datarecord must be JSON")
        if model or field:
            if model not in request.env.registry or field not in request.env[model]._fields:
                raise werkzeug.exceptions.BadRequest("field/html: %r is not a field of %r" % (field, model))
        return super().FieldTextHtml(model=model, res_id=res_id, field=field, callback=callback, **kwargs)

    @http.route()
    def export_icon_to_png(self, icon, color="#000", size=100, alpha=255, font=FONT):
        try:
            # from the path they are numbers, from the query string text
            size, alpha = int(size), int(alpha)
        except (TypeError, ValueError):
            raise werkzeug.exceptions.BadRequest("font_to_img: size and alpha are numbers")
        if font != FONT or not 0 < size <= MAX_SIZE or not 0 <= alpha <= 255:
            raise werkzeug.exceptions.BadRequest(
                "font_to_img: the font is Font Awesome, the size 1 to %d px, alpha 0 to 255" % MAX_SIZE)
        try:
            return super().export_icon_to_png(icon, color=color, size=size, alpha=alpha, font=FONT)
        except (ValueError, KeyError, TypeError, OSError) as error:
            raise werkzeug.exceptions.BadRequest("font_to_img: cannot draw %r in %r: %s" % (icon, color, error))
