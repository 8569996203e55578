from . import sales_monitor_agenda_wizard
from . import sales_monitor_inactive_clients_wizard
