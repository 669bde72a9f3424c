"""Paper output: A4 forms (reportlab) and thermal tickets; imports desk only, never Qt."""

import os


def _escpos_cache() -> None:
    """python-escpos parses its 1 MB printer database as YAML on import (about a second on a
    slow PC) and caches the result only where told to; without this every start pays again."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    from platformdirs import user_cache_dir

    folder = user_cache_dir("desk", appauthor=False)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return  # no cache then: slower, not wrong
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = folder


_escpos_cache()
