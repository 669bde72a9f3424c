"""A rotating log file in the data directory, so a support call can ask for it."""

import logging
import logging.handlers
import sys
from pathlib import Path

from desk.store.private import make_private_dir, private_file

_configured: Path | None = None


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / "logs" / "desk.log"


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """Each new log file (at start and after a rotation) readable by this account only."""

    def _open(self):
        stream = super()._open()
        private_file(Path(self.baseFilename))
        return stream


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
        make_private_dir(path.parent)  # a log names dossiers and people: this account only
        handler: logging.Handler = _PrivateRotatingFile(
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
