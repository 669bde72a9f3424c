"""JSON as the desk accepts it from a file or a script: strict, bounded, said in Vietnamese.

Python's `json` takes `NaN`, `Infinity` and `1e999` (which becomes infinity), turns a
5,000-digit number into a ValueError that is not a JSONDecodeError, and lets lone UTF-16
surrogates ("\\ud800") through, which SQLite then cannot store. Each of those stopped a whole
import once. Here every one of them is an `InvalidInput` naming the problem, numbers are
finite and of reasonable size, strings are valid Unicode, and nesting is bounded (checked
without recursion, so depth itself cannot crash the check).
"""

import json
import math
from typing import Any

from desk.errors import InvalidInput

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 40  # "1e999" passes this, and is refused for not being finite

_MESSAGES = {
    "Expecting value": "thiếu giá trị",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Expecting property name enclosed in double quotes": "tên trường phải nằm trong dấu nháy kép",
    "Unterminated string starting at": "chuỗi chưa có dấu nháy đóng",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "dấu \\ không hợp lệ",
    "Invalid \\uXXXX escape": "mã \\uXXXX không hợp lệ",
    "Extra data": "thừa dữ liệu sau đối tượng JSON",
}


class _Refused(ValueError):
    """A value json.loads must not build; turned into InvalidInput by `loads`."""


def _constant(name: str):
    raise _Refused(f"giá trị {name} không được dùng (chỉ số hữu hạn)")


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(f"số quá dài ({len(text)} chữ số)")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"số {text} quá lớn")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(f"số quá dài ({len(text)} chữ số)")
    return int(text)


def _excerpt(doc: str, pos: int) -> str:
    start = max(0, pos - 15)
    piece = doc[start : pos + 15].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if pos + 15 < len(doc) else "")


def _decode_error(exc: json.JSONDecodeError) -> str:
    what = _MESSAGES.get(exc.msg, exc.msg)
    where = f"dòng {exc.lineno}, cột {exc.colno}" if exc.lineno > 1 else f"cột {exc.colno}"
    return f"không phải JSON hợp lệ: {what} ({where}, gần «{_excerpt(exc.doc, exc.pos)}»)"


def _check_tree(value: Any, max_depth: int) -> None:
    """Depth and strings, walked with a stack of our own (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            raise _Refused(f"JSON lồng nhau quá sâu (hơn {max_depth} tầng)")
        if isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        else:
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise _Refused(f"chuỗi chứa ký tự Unicode không hợp lệ (\\u{ord(bad):04x})") from None


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value in `text`; InvalidInput with a Vietnamese reason (and column) otherwise.

    The message starts with a lower-case reason so callers can put "Dòng 3: " or
    "Tệp x.json " in front of it.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"không phải văn bản UTF-8 (byte {text[exc.start]:#04x} ở vị trí {exc.start + 1})"
            ) from None
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
        _check_tree(value, max_depth)
    except json.JSONDecodeError as exc:
        raise InvalidInput(_decode_error(exc)) from None
    except _Refused as exc:
        raise InvalidInput(str(exc)) from None
    except RecursionError:
        raise InvalidInput(f"JSON lồng nhau quá sâu (hơn {max_depth} tầng)") from None
    return value
