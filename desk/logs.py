"""A rotating log file in the data directory, so a support call can ask for it."""

import logging
import logging.handlers
import sys
from pathlib import Path

_configured: Path | None = None


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / "logs" / "desk.log"


def setup_logging(data_dir: Path, *, verbose: bool = False) -> Path:
    """Idempotent; falls back to stderr when the data directory cannot be written."""
    global _configured
    path = log_path(data_dir)
    if _configured == path:
        return path
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s: %(message)s")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(fmt)
    for old in [h for h in root.handlers if getattr(h, "_desk", False)]:
        root.removeHandler(old)
        old.close()
    handler._desk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    _configured = path
    return path
