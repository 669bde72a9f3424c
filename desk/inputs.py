"""Reading what a person points the desk at: a file, standard input — with bounds.

Files come from USB sticks, scanner software and scripts, and a path may be typed wrong:
`/dev/zero` never ends, a FIFO blocks on open until someone writes into it, a 1.5 GB file
would be read whole before anyone looked at it. So only regular files are read (a FIFO is
opened without blocking and refused), sizes are checked from `fstat` before reading, and
reads stop at a limit instead of growing with the input. Lines of a JSONL file are read one
at a time with a bound, so one huge line costs the bound, not the line.
"""

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desk.errors import InvalidInput

MB = 1024 * 1024


def _size_text(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISFIFO(mode):
        return "một đường ống (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    if stat.S_ISSOCK(mode):
        return "một socket"
    return "không phải tệp thường"


def open_regular(path: Path, *, what: str = "tệp", limit: int | None = None) -> BinaryIO:
    """A regular file opened for reading; InvalidInput for anything else or over `limit`.

    O_NONBLOCK makes opening a FIFO return at once (it would otherwise wait for a writer);
    the type is then checked on the opened descriptor, so a swap between look and open
    changes nothing.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy {what} {path}.", detail=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} là một thư mục, không phải {what}.", detail=str(path)) from None
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được {what} {path}: {exc.strerror or exc}.", detail=str(exc)
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(
                f"{path} là {_kind(info.st_mode)}, không phải {what}; hãy chọn một tệp.",
                detail=str(path),
            )
        if limit is not None and info.st_size > limit:
            raise InvalidInput(
                f"{what.capitalize()} {path.name} quá lớn ({_size_text(info.st_size)}, "
                f"tối đa {_size_text(limit)}).",
                detail=str(path),
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(stream: BinaryIO, limit: int, *, what: str = "dữ liệu") -> bytes:
    """At most `limit` bytes of `stream`; InvalidInput if there is more (never reads past)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"{what.capitalize()} quá lớn (hơn {_size_text(limit)}).")
    return data


def read_file(path: Path, *, limit: int, what: str = "tệp") -> bytes:
    """The bytes of a regular file no bigger than `limit` (see `open_regular`)."""
    with open_regular(path, what=what, limit=limit) as fh:
        return read_limited(fh, limit, what=f"{what} {Path(path).name}")


@dataclass(frozen=True)
class Line:
    """One line of a text file: its number, and its text or why it cannot be read."""

    number: int
    text: str | None
    error: str = ""


def read_lines(stream: BinaryIO, *, limit: int) -> Iterator[Line]:
    """The lines of a UTF-8 stream one by one, each held to `limit` bytes.

    A line that is too long is skipped to its end without being kept; a line that is not
    UTF-8 is reported on its own, and the lines around it are still read. A byte-order mark
    at the start is dropped. Lines end at LF (a CR before it is dropped with the rest of the
    trailing whitespace by the caller).
    """
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            skipped = len(raw)
            while True:  # the rest of the line, in pieces of at most `limit`
                more = stream.readline(limit)
                skipped += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield Line(
                number, None, f"dòng quá dài ({_size_text(skipped)}, tối đa {_size_text(limit)})"
            )
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Line(
                number,
                None,
                f"không phải văn bản UTF-8 (byte {raw[exc.start]:#04x} ở vị trí {exc.start + 1})",
            )
            continue
        yield Line(number, text)
