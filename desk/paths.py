"""Where bundled assets and the office's data live."""

import os
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONTS = ASSETS / "fonts"

APP_NAME = "desk"


def default_data_dir() -> Path:
    """`--data`/`DESK_DATA` win; else the platform's per-user data folder."""
    env = os.environ.get("DESK_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))
