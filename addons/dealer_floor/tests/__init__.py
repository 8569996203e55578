from . import test_capture
from . import test_showroom_visit
from . import test_translations

