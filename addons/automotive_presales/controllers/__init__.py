from . import export
from . import mail
