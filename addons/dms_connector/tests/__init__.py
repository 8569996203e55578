from . import test_dms_backend
