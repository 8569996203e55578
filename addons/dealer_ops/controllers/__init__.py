from . import web
from . import mail
from . import payment
from . import web_editor
from . import web_diagram
