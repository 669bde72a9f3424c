"""Writing a whole file so that a power cut leaves the old one or the new one, never half.

Write to a temporary file with a name of its own in the same folder (unique per writer:
two threads storing the same content at once must not share it), fsync, rename over the
target, then fsync the folder so the rename itself survives. Used for the content-addressed
store, PDFs written for the officer, exports and the virtual printer's paper.
"""

import os
import shutil
import tempfile
from pathlib import Path

from desk.store.private import make_private_dir


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; OSError if the folder cannot be written."""
    _replace_with(Path(path), lambda fh: fh.write(data))


def copy_atomic(source: Path, path: Path) -> None:
    """Replace `path` with a copy of the file `source`, streamed (a big scan is not read whole)."""
    with open(source, "rb") as src:
        _replace_with(Path(path), lambda fh: shutil.copyfileobj(src, fh, 1 << 20))


def _replace_with(path: Path, fill) -> None:
    # Folders made here hold personal data (scans, exports): private to the account.
    make_private_dir(path.parent, fix_existing=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp: mode 0600
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
