"""Where a `file:` or `virtual:` printer may write, checked when the address is validated.

`file:DATA/desk.sqlite` once said "Đã in" and left the office without its database. A
printer that writes to a path is now held to this: never inside the data directory (nor
onto the database through a link), never onto a block device or a folder, and an existing
regular file is replaced only when the address says `?overwrite=1`. A character device
(/dev/usb/lp0) or a FIFO is what a file printer is for, and is written as before. The
virtual printer's roll is a PNG and replaces only a PNG.
"""

import os
import stat
from pathlib import Path

from desk.errors import InvalidInput, PrinterAddressError
from desk.store.guard import refuse_data_dir, refuse_foreign_file

from .address import Kind, PrinterAddress

PNG = b"\x89PNG\r\n\x1a\n"


def _refused(address: PrinterAddress, reason: str) -> PrinterAddressError:
    return PrinterAddressError(f"Không dùng được máy in “{address}”: {reason}", detail=str(address))


def is_stream_device(path: str) -> bool:
    """A character device or FIFO: a printer port, written in place and never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def check_target(address: PrinterAddress, data_dir: Path | None = None) -> None:
    """PrinterAddressError if printing to `address` could destroy a file; nothing opened."""
    if address.kind not in (Kind.FILE, Kind.VIRTUAL) or not address.target:
        return
    path = Path(address.target)
    if data_dir is not None:
        try:
            refuse_data_dir(path, data_dir, what="máy in")
        except InvalidInput as exc:
            raise _refused(address, exc.message) from None
    if address.kind == Kind.VIRTUAL:
        _check_roll(address, path)
        return
    if is_stream_device(address.target):
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # a new file; a missing folder is "printer unreachable" when sending
    except OSError as exc:
        raise _refused(address, f"không kiểm tra được {path} ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(mode):
        raise _refused(address, f"{path} là một thư mục.")
    if stat.S_ISBLK(mode):
        raise _refused(address, f"{path} là một ổ đĩa, không phải máy in.")
    if not address.overwrite:
        raise _refused(
            address,
            f"tệp {path} đã có; máy in kiểu tệp không ghi đè tệp đã có. Hãy dùng tên tệp mới, "
            f"hoặc thêm ?overwrite=1 vào địa chỉ nếu thật sự muốn thay tệp đó.",
        )


def _check_roll(address: PrinterAddress, path: Path) -> None:
    if path.suffix.lower() != ".png":
        raise _refused(
            address, "giấy của máy in ảo được lưu thành ảnh, tên tệp phải kết thúc bằng .png."
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise _refused(address, f"thư mục {folder} không có.")
    if address.overwrite:
        return
    try:
        refuse_foreign_file(
            path,
            magic=(PNG,),
            what="ảnh PNG",
            hint="Hãy chọn tên tệp khác, hoặc thêm ?overwrite=1.",
        )
    except InvalidInput as exc:
        raise _refused(address, exc.message) from None
