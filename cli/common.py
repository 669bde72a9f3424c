"""What every subcommand shares: the data directory, the store, JSON output."""

import dataclasses
import json
import sys
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from desk.clock import SYSTEM, Clock
from desk.paths import default_data_dir


class Context:
    """Built once per invocation; opens the store only when a command needs it.

    `clock` is the office clock every command uses (the PC's own unless a test gives one).
    """

    def __init__(self, data_dir: Path | None = None, *, clock: Clock | None = None):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.clock = clock or SYSTEM
        self._store = None

    def now(self) -> datetime:
        return self.clock.now()

    def store(self, *, create: bool = True):
        if self._store is None:
            from desk.store import open_store

            self._store = open_store(self.data_dir, create=create, clock=self.clock)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _default(obj: Any):
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    if isinstance(obj, bytes):
        return obj.decode("utf-8", "replace")
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def to_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_default)


def print_json(obj: Any) -> None:
    print(to_json(obj), flush=True)


def out(text: str = "") -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def actor(args) -> str:
    """Who the history and audit log name for a CLI action."""
    import getpass
    import os

    name = getattr(args, "actor", None) or os.environ.get("DESK_USER")
    if name:
        return name
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def office_store(ctx):
    """The store of an office that exists; a data directory without one is refused.

    There is no placeholder office: `desk init` or the app's setup wizard makes it.
    """
    from desk.first_start import require_office

    store = ctx.store()
    require_office(store)
    return store


def output_file(ctx, path: Path, *, magic: tuple[bytes, ...], what: str) -> Path:
    """A file a person asked us to write: never inside the office's data directory, and
    never over an existing file that is not one of ours (`magic`: how ours begin)."""
    from desk.store.guard import refuse_data_dir, refuse_foreign_file

    refuse_data_dir(path, ctx.data_dir, what=what)
    refuse_foreign_file(path, magic=magic, what=what)
    return path
