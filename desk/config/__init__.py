"""Changing the office's settings: checked, audited, one transaction per change.

The settings window and `desk settings …` call these same functions, so a value the
window refuses is refused on the command line too, with the same Vietnamese message.
Printer addresses are checked one layer up (printing.setting_checks), since desk/
knows no printer.
"""

from .access import STATION_KEYS, may_change, require_may_change
from .change import change, change_many
from .counters import remove_counter, set_counter
from .kiosk import check_kiosk_pin, clear_kiosk_pin, has_kiosk_pin, set_kiosk_pin
from .office import has_dossiers, set_unit_code
from .rules import validate

__all__ = [
    "STATION_KEYS",
    "change",
    "change_many",
    "check_kiosk_pin",
    "clear_kiosk_pin",
    "has_dossiers",
    "has_kiosk_pin",
    "may_change",
    "remove_counter",
    "require_may_change",
    "set_counter",
    "set_kiosk_pin",
    "set_unit_code",
    "validate",
]
