"""A printer named by one line of text, as an officer types it in the settings.

    tcp://192.168.1.50[:9100]     network printer, raw port 9100
    usb:04b8:0202                 vendor:product in hex (libusb; Windows needs WinUSB)
    serial:COM3?baud=9600         serial or USB-serial port
    file:/dev/usb/lp0             a device file or FIFO; or a new file that receives the job
                                  (an existing file only with ?overwrite=1)
    win32:EPSON TM-T20II Receipt  a Windows printer through its driver, raw
    cups:TM-T20                   a CUPS queue (Linux), raw
    virtual:[roll.png]            the on-screen printer for demos and training

Any of them may end in `?width=384|512|576` and `&mode=raster|graphics|column`.
"""

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum

from desk.errors import InvalidInput, PrinterAddressError

from ..thermal.encode import ImageMode
from ..thermal.media import media_for

DEFAULT_PORT = 9100
DEFAULT_BAUD = 9600

EXAMPLES = (
    "tcp://192.168.1.50:9100, usb:04b8:0202, serial:COM3?baud=9600, file:/dev/usb/lp0, "
    "win32:Tên máy in, cups:tên_hàng_đợi, virtual:"
)
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$")
_HEX = re.compile(r"^(?:0x)?([0-9A-Fa-f]{1,4})$")
_COMMON = {"width", "mode"}
_KEYS = {
    "tcp": _COMMON,
    "usb": _COMMON | {"in_ep", "out_ep"},
    "serial": _COMMON | {"baud", "flow"},
    "file": _COMMON | {"overwrite"},
    "win32": _COMMON,
    "cups": _COMMON,
    "virtual": _COMMON | {"overwrite"},
}
FLOWS = ("none", "rtscts", "dsrdtr", "xonxoff")


class Kind(StrEnum):
    TCP = "tcp"
    USB = "usb"
    SERIAL = "serial"
    FILE = "file"
    WIN32 = "win32"
    CUPS = "cups"
    VIRTUAL = "virtual"


@dataclass(frozen=True)
class PrinterAddress:
    kind: Kind
    target: str = ""  # host, device path, port name, printer or queue name, roll PNG path
    port: int = 0  # tcp
    vendor_id: int = 0  # usb
    product_id: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    baud: int = DEFAULT_BAUD  # serial
    flow: str = "none"
    width: int | None = None  # dots, when the address says so
    mode: ImageMode | None = None
    overwrite: bool = False  # file:/virtual: may replace an existing file (?overwrite=1)

    @property
    def where(self) -> str:
        """The printer as a person would name it in a message."""
        if self.kind == Kind.TCP:
            host = f"[{self.target}]" if ":" in self.target else self.target
            return f"{host}:{self.port}"
        if self.kind == Kind.USB:
            return f"USB {self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == Kind.VIRTUAL:
            return "máy in ảo"
        return self.target

    def __str__(self) -> str:
        if self.kind == Kind.TCP:
            return f"tcp://{self.where}"
        if self.kind == Kind.USB:
            return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == Kind.SERIAL:
            return f"serial:{self.target}?baud={self.baud}"
        return f"{self.kind}:{self.target}"


def _bad(text: str, reason: str) -> PrinterAddressError:
    return PrinterAddressError(
        f"Địa chỉ máy in không hợp lệ: “{text}”. {reason} Các dạng dùng được: {EXAMPLES}.",
        detail=text,
    )


def parse_printer_uri(text: str) -> PrinterAddress:
    """The address in `text`, or PrinterAddressError saying in Vietnamese what is wrong."""
    raw = (text or "").strip()
    scheme, colon, rest = raw.partition(":")
    scheme = scheme.lower()
    if not raw or not colon or scheme not in _KEYS:
        raise _bad(raw, f"Không biết loại máy in “{scheme if colon else raw}”.")
    body, params = _split_query(raw, scheme, rest)
    fields = _common(raw, params)
    if scheme == "tcp":
        return _tcp(raw, body, fields)
    if scheme == "usb":
        return _usb(raw, body, params, fields)
    if scheme == "serial":
        return _serial(raw, body, params, fields)
    if scheme == "file":
        path = body[2:] if body.startswith("//") else body
        if not path.strip():
            raise _bad(raw, "Thiếu đường dẫn tệp hoặc thiết bị.")
        return PrinterAddress(Kind.FILE, path, **fields)
    if scheme == "win32":
        if not body.strip():
            raise _bad(raw, "Thiếu tên máy in Windows.")
        return PrinterAddress(Kind.WIN32, body.strip(), **fields)
    if scheme == "cups":
        name = body.strip()
        if not name or re.search(r"[\s/#]", name):
            raise _bad(raw, "Tên hàng đợi CUPS không được trống hay chứa dấu cách, / hoặc #.")
        return PrinterAddress(Kind.CUPS, name, **fields)
    return PrinterAddress(Kind.VIRTUAL, body.strip(), **fields)


def _split_query(raw: str, scheme: str, rest: str) -> tuple[str, dict[str, str]]:
    """`body?k=v&k=v`; for Windows/CUPS names a `?` not followed by our keys is kept."""
    if "?" not in rest:
        return rest, {}
    body, _, query = rest.rpartition("?")
    params: dict[str, str] = {}
    for pair in filter(None, query.split("&")):
        key, eq, value = pair.partition("=")
        key = key.strip().lower()
        if not eq or key not in _KEYS[scheme]:
            if scheme in ("win32", "cups", "file"):
                return rest, {}
            raise _bad(raw, f"Tham số “{pair}” không dùng được với loại {scheme}.")
        params[key] = value.strip()
    return body, params


def _common(raw: str, params: dict[str, str]) -> dict:
    fields: dict = {}
    if "width" in params:
        try:
            fields["width"] = media_for(int(params["width"])).width
        except (ValueError, InvalidInput):
            raise _bad(
                raw,
                "Khổ in (width) phải là số chấm mỗi dòng: 384 (giấy 58 mm), 512 hoặc 576 (giấy 80 mm).",
            ) from None
    if "overwrite" in params:
        flag = params["overwrite"].lower()
        if flag not in ("0", "1", "true", "false", "yes", "no"):
            raise _bad(raw, "overwrite phải là 1 (cho phép ghi đè tệp đã có) hoặc 0.")
        fields["overwrite"] = flag in ("1", "true", "yes")
    if "mode" in params:
        try:
            fields["mode"] = ImageMode(params["mode"].lower())
        except ValueError:
            raise _bad(raw, "Chế độ in ảnh (mode) phải là raster, graphics hoặc column.") from None
    return fields


def _tcp(raw: str, body: str, fields: dict) -> PrinterAddress:
    hostport = body[2:] if body.startswith("//") else body
    hostport = hostport.rstrip("/")
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port_text = tail[1:] if tail.startswith(":") else tail
    else:
        host, _, port_text = hostport.partition(":")
    if not host:
        raise _bad(raw, "Thiếu địa chỉ IP hoặc tên của máy in mạng.")
    if not _valid_host(host):
        raise _bad(raw, f"“{host}” không phải địa chỉ IP hay tên máy hợp lệ.")
    port = DEFAULT_PORT
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise _bad(raw, f"Cổng “{port_text}” phải là số từ 1 đến 65535 (thường là 9100).")
        port = int(port_text)
    return PrinterAddress(Kind.TCP, host, port=port, **fields)


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST.match(host)) and not host.replace(".", "").isdigit()


def _usb(raw: str, body: str, params: dict[str, str], fields: dict) -> PrinterAddress:
    parts = body.split(":")
    ids = [_HEX.match(p.strip()) for p in parts]
    if len(parts) != 2 or not all(ids):
        raise _bad(raw, "Mã USB phải có dạng VID:PID bằng số hệ 16, ví dụ usb:04b8:0202.")
    vid, pid = (int(m.group(1), 16) for m in ids if m)
    if not vid or not pid:
        raise _bad(raw, "Mã nhà sản xuất (VID) và mã sản phẩm (PID) không được bằng 0.")
    for key in ("in_ep", "out_ep"):
        if key in params:
            try:
                fields[key] = int(params[key], 0)
            except ValueError:
                raise _bad(raw, f"{key} phải là một số, ví dụ 0x81.") from None
    return PrinterAddress(Kind.USB, "", vendor_id=vid, product_id=pid, **fields)


def _serial(raw: str, body: str, params: dict[str, str], fields: dict) -> PrinterAddress:
    port = body.strip()
    if not port:
        raise _bad(raw, "Thiếu tên cổng nối tiếp, ví dụ COM3 hoặc /dev/ttyUSB0.")
    baud_text = params.get("baud", str(DEFAULT_BAUD))
    if not baud_text.isdigit() or not 300 <= int(baud_text) <= 4_000_000:
        raise _bad(raw, f"Tốc độ baud “{baud_text}” không hợp lệ (thường là 9600 hoặc 115200).")
    flow = params.get("flow", "none").lower()
    if flow not in FLOWS:
        raise _bad(raw, f"Điều khiển luồng (flow) phải là một trong: {', '.join(FLOWS)}.")
    return PrinterAddress(Kind.SERIAL, port, baud=int(baud_text), flow=flow, **fields)
