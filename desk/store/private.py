"""The office's data is personal data: readable by the account that runs the desk, no other.

Names, ID numbers, dates of birth, addresses and scans of identity papers sit in the data
directory. On POSIX the directory and every folder in it are 0700 and every file 0600, so
another account on a shared PC cannot read them; an office created before this rule is
repaired when it is next opened. On Windows the default data directory is the account's own
AppData folder, whose ACL already keeps other accounts out; a directory chosen elsewhere is
reported (see docs/data-protection.md) rather than re-permissioned blindly.
"""

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def make_private_dir(path: Path, *, fix_existing: bool = True) -> None:
    """Create `path` if needed, with every folder made on the way 0700; `path` itself is
    made 0700 even if it was there unless `fix_existing` is false (a person's own folder
    chosen for an export keeps its mode). Folders above it that existed are left alone."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if POSIX:
            _fix(folder, DIR_MODE)  # mkdir's mode is cut by the umask
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if POSIX and (fix_existing or missing):
        _fix(path, DIR_MODE)


def _fix(path: Path, mode: int) -> bool:
    """chmod when the mode differs; True if it was changed. Links are left alone."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
            return False
        os.chmod(path, mode)
        return True
    except OSError as exc:  # not ours (another owner), or read-only media
        log.warning("cannot make %s private: %s", path, exc)
        return False


def _walk(root: Path) -> int:
    changed = 0
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            changed += _fix(Path(folder) / name, DIR_MODE)
        for name in files:
            changed += _fix(Path(folder) / name, FILE_MODE)
    return changed


def protect_data_dir(data_dir: Path) -> int:
    """Make the data directory private; returns how many modes were repaired.

    Cheap on every start: the directory, its own files and the small folders (logs,
    backups). The whole tree (thousands of scans) is walked only when the directory itself
    was open to others, i.e. the first start of an office made before this rule.
    """
    data_dir = Path(data_dir)
    if not POSIX:
        _warn_outside_profile(data_dir)
        return 0
    try:
        was_open = stat.S_IMODE(os.stat(data_dir).st_mode) & 0o077
    except OSError:
        return 0
    changed = int(_fix(data_dir, DIR_MODE))
    if was_open:
        changed += _walk(data_dir)
    else:
        for entry in os.scandir(data_dir):
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                changed += _fix(path, DIR_MODE)
                if entry.name in ("logs", "backups"):
                    changed += _walk(path)
            elif entry.is_file(follow_symlinks=False):
                changed += _fix(path, FILE_MODE)
    if changed:
        log.info("data directory %s: %d file modes made private", data_dir, changed)
    return changed


def private_file(path: Path) -> None:
    """A file the desk made that may hold personal data (a log, a backup): 0600."""
    if POSIX:
        _fix(Path(path), FILE_MODE)


def _warn_outside_profile(data_dir: Path) -> None:
    profile = os.environ.get("USERPROFILE") or os.environ.get("LOCALAPPDATA")
    if not profile:
        return
    try:
        inside = Path(os.path.normcase(data_dir.resolve())).is_relative_to(
            Path(os.path.normcase(Path(profile).resolve()))
        )
    except OSError:
        return
    if not inside:
        log.warning(
            "data directory %s is outside the account's profile: its ACL may let other "
            "accounts read it (see docs/data-protection.md)",
            data_dir,
        )
