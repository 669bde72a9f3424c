"""Paths a person types must never land on the office's own data.

A backup aimed at the live database, a printer address or an output file typed into the
wrong box once destroyed the office (`file:DATA/desk.sqlite` truncated it; a backup copied
over it while an import ran). Every place that writes to a path given from outside asks
here first, before anything is opened: the data directory is off limits (except the folder
the desk itself keeps its backups in), including through a symbolic or hard link, and an
existing file that is not the kind the desk would write there is never replaced.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from desk.errors import InvalidInput

DB_FILES = ("desk.sqlite", "desk.sqlite-wal", "desk.sqlite-shm", "desk.sqlite-journal")


def _real(path: Path) -> Path:
    """The absolute path with every link that exists resolved (the rest kept as typed)."""
    return Path(os.path.normcase(os.path.realpath(os.path.expanduser(path))))


def is_inside(path: Path, folder: Path) -> bool:
    """True when `path` is `folder` or anything below it, links resolved."""
    real, base = _real(path), _real(folder)
    return real == base or base in real.parents


def _same_file(path: Path, others: Iterable[Path]) -> bool:
    """A hard link to the database is the database, wherever it sits."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    for other in others:
        try:
            ot = os.stat(other)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (ot.st_dev, ot.st_ino):
            return True
    return False


def refuse_data_dir(path: Path, data_dir: Path, *, what: str, allow: Iterable[str] = ()) -> None:
    """InvalidInput when `path` is inside `data_dir` (but not in one of its `allow` folders)
    or is the database under another name."""
    path, data_dir = Path(path), Path(data_dir)
    inside = is_inside(path, data_dir) and not any(
        is_inside(path, data_dir / name) for name in allow
    )
    if inside or _same_file(path, [data_dir / name for name in DB_FILES]):
        raise InvalidInput(
            f"Không dùng được {path} làm {what}: đó là thư mục dữ liệu của văn phòng "
            f"({data_dir}); ghi vào đó sẽ hỏng dữ liệu. Hãy chọn một thư mục khác "
            "(ví dụ ổ USB hoặc thư mục Tài liệu).",
            detail=str(path),
        )


def refuse_foreign_file(path: Path, *, magic: tuple[bytes, ...], what: str, hint: str = "") -> None:
    """InvalidInput when `path` is an existing file whose first bytes are none of `magic`:
    the desk replaces its own PDFs, rolls and backups, never somebody else's file."""
    path = Path(path)
    try:
        if not path.exists():
            return
        if not path.is_file():
            raise InvalidInput(f"{path} đã có và không phải một tệp; không ghi {what} vào đó.")
        with open(path, "rb") as fh:
            head = fh.read(max(map(len, magic), default=0))
    except OSError as exc:
        raise InvalidInput(f"Không kiểm tra được {path}: {exc.strerror or exc}.") from None
    if not any(head.startswith(m) for m in magic):
        raise InvalidInput(
            f"{path} đã có và không phải {what}; không ghi đè lên nó. "
            + (hint or "Hãy chọn tên tệp khác.")
        )
