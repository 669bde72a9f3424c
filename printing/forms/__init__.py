"""Official A4 forms of the reception desk (Mẫu 01–07, Sổ theo dõi, biên lai) as PDF bytes.

Templates are data (assets/forms/*.toml), one file per legal set; the set in force is
chosen by the dossier's received date unless named.
"""

from .render import render_book, render_form
from .templates import FORM_IDS, FormInfo, available_forms, template_set_for

__all__ = [
    "FORM_IDS",
    "FormInfo",
    "available_forms",
    "render_book",
    "render_form",
    "template_set_for",
]
