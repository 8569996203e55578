from . import dms_backend
