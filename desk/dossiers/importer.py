"""`desk dossier import FILE.jsonl`: one dossier per line, each committed on its own.

A bad line is reported with its number and skipped; the rest still go in. The
code of each dossier is yielded only after its commit, so whatever the caller
prints survives a kill at any moment.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desk.dossiers.intake import receive
from desk.dossiers.model import Dossier
from desk.errors import DeskError

MAX_LINE = 1_000_000


@dataclass(frozen=True)
class LineResult:
    line: int
    dossier: Dossier | None = None
    error: str = ""


def import_lines(store, lines: Iterable[str], *, actor: str) -> Iterator[LineResult]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE:
            yield LineResult(number, error=f"dòng quá dài ({len(line)} ký tự)")
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LineResult(number, error=f"không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})")
            continue
        except RecursionError:
            yield LineResult(number, error="JSON lồng nhau quá sâu")
            continue
        try:
            dossier = receive(store, data, actor=actor)
        except DeskError as exc:
            yield LineResult(number, error=exc.message)
            continue
        yield LineResult(number, dossier=dossier)
