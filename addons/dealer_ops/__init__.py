from . import server_wide
from . import controllers
from . import models
