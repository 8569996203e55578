from . import res_authentication_attempt
from . import queue_job
from . import ir_attachment
