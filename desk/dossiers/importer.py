"""`desk dossier import FILE.jsonl`: one dossier per line, each committed on its own.

A bad line — not UTF-8, not JSON, not an object, a number too big, a field that does not
validate — is reported with its number and skipped; the lines before and after still go in.
Lines are read one at a time with a bound, so one huge line costs the bound and no more.

Every line has a key: its `ref` field when it has one, else the SHA-256 of its content. The
key is committed in the same transaction as the dossier, so running the same file again —
after a kill, a power cut, or by mistake — finds the dossiers already taken and names their
codes instead of taking them twice. The code of each dossier is yielded only after its
commit, so whatever the caller prints survives a kill at any moment.
"""

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from desk import clock, strict_json
from desk.dossiers.intake import receive
from desk.dossiers.model import Dossier
from desk.dossiers.query import get_by_id
from desk.errors import DeskError, InvalidInput
from desk.inputs import read_lines
from desk.text import clean

log = logging.getLogger(__name__)

MAX_LINE = 1_000_000  # bytes; a dossier with 200 papers is a few tens of KB
MAX_REF = 100


@dataclass(frozen=True)
class LineResult:
    line: int
    dossier: Dossier | None = None
    error: str = ""
    existing: bool = False  # taken by an earlier run (or an earlier line with the same key)


def line_key(data: dict) -> str:
    """`ref:…` from the line's own reference, else `sha256:…` of its content (key order and
    spacing do not matter, so the same file re-saved by another editor keeps its keys)."""
    ref = data.get("ref")
    if ref is not None:
        if not isinstance(ref, str | int) or isinstance(ref, bool):
            raise InvalidInput("'ref' phải là chữ hoặc số.")
        text = clean(str(ref))
        if not text or len(text) > MAX_REF:
            raise InvalidInput(f"'ref' phải có từ 1 đến {MAX_REF} ký tự.")
        return f"ref:{text}"
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _taken(db, key: str) -> str | None:
    row = db.execute("SELECT dossier_id FROM dossier_import_keys WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def import_line(store, number: int, text: str, *, actor: str) -> LineResult:
    """One line → one dossier (or the one an earlier run took), or the reason it is refused."""
    try:
        data = strict_json.loads(text)
        if not isinstance(data, dict):
            raise InvalidInput("mỗi dòng phải là một đối tượng JSON ({…}).")
        key = line_key(data)
        request = {k: v for k, v in data.items() if k != "ref"}
        with store.write() as db:  # key check, dossier and key in one transaction
            earlier = _taken(db, key)
            if earlier is None:
                dossier = receive(store, request, actor=actor)
                db.execute(
                    "INSERT INTO dossier_import_keys (key, dossier_id, line, at)"
                    " VALUES (?, ?, ?, ?)",
                    [key, dossier.id, number, clock.iso(store.now())],
                )
                return LineResult(number, dossier=dossier)
        return LineResult(number, dossier=get_by_id(store, earlier), existing=True)
    except DeskError as exc:
        return LineResult(number, error=exc.message)
    except Exception:  # a bug must not stop the lines after this one
        log.exception("import line %d failed", number)
        return LineResult(number, error="lỗi ngoài dự kiến (chi tiết trong nhật ký); chưa nhận")


def import_stream(store, stream: BinaryIO, *, actor: str) -> Iterator[LineResult]:
    """Every non-empty line of a binary stream (a file or stdin), in order."""
    for line in read_lines(stream, limit=MAX_LINE):
        if line.text is None:
            yield LineResult(line.number, error=line.error)
            continue
        text = line.text.rstrip("\r\n")
        if not text.strip():
            continue
        yield import_line(store, line.number, text, actor=actor)


def import_lines(store, lines: Iterable[str], *, actor: str) -> Iterator[LineResult]:
    """The same for lines already read as text (a window's paste, a test)."""
    for number, text in enumerate(lines, start=1):
        if len(text.encode("utf-8", "surrogatepass")) > MAX_LINE:
            yield LineResult(number, error=f"dòng quá dài (tối đa {MAX_LINE // 1000} KB)")
            continue
        text = text.rstrip("\r\n")
        if text.strip():
            yield import_line(store, number, text, actor=actor)
