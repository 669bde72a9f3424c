"""Office time comes from desk.clock only: no code of ours reads the wall clock itself.

A window left open for days, a test on a named day and a PC whose clock is wrong all rely
on one injectable clock (`store.clock`). This reads the source of every layer and fails
on a call that reads the wall clock for the time of day. Monotonic timers (timeouts,
debouncing) are not office time and are allowed.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAYERS = ("desk", "printing", "sync", "ui", "cli")

# (object, attribute) pairs that read the wall clock.
WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "asctime"),
    ("time", "strftime"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QDateTime", "currentMSecsSinceEpoch"),
    ("QDateTime", "currentSecsSinceEpoch"),
    ("QDate", "currentDate"),
    ("QTime", "currentTime"),
}
# Imported bare ("from time import time") they are the same calls.
BARE = {attr for _, attr in WALL_CLOCK} - {"now", "today"}

# The one reader of the wall clock, and the id generator: a UUIDv7 carries Unix
# milliseconds by its definition; a wrong clock there changes no date anyone reads.
ALLOWED = {
    ("desk/clock.py", "datetime.now"),
    ("desk/ids.py", "time.time_ns"),
}


def _sources():
    for layer in LAYERS:
        yield from sorted((REPO / layer).rglob("*.py"))
    yield REPO / "main.py"


def wall_clock_reads(source: str, name: str) -> list[str]:
    found = []
    tree = ast.parse(source, filename=name)
    bare_imports = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            bare_imports |= {a.asname or a.name for a in node.names if a.name in BARE}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value
            owner_name = (
                owner.id
                if isinstance(owner, ast.Name)
                else owner.attr
                if isinstance(owner, ast.Attribute)
                else ""
            )
            if (owner_name, func.attr) in WALL_CLOCK:
                found.append(f"{name}:{node.lineno}: {owner_name}.{func.attr}()")
        elif isinstance(func, ast.Name) and func.id in bare_imports:
            found.append(f"{name}:{node.lineno}: {func.id}()")
    return found


def test_no_layer_reads_the_wall_clock():
    offenders = []
    for path in _sources():
        name = path.relative_to(REPO).as_posix()
        for hit in wall_clock_reads(path.read_text(encoding="utf-8"), name):
            call = hit.rsplit(": ", 1)[1].rstrip("()")
            if (name, call) not in ALLOWED:
                offenders.append(hit)
    assert offenders == [], (
        "read office time from desk.clock (store.clock / ctx.clock):\n" + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "code",
    [
        "from datetime import datetime\nx = datetime.now()",
        "import datetime\nx = datetime.datetime.now(tz)",
        "from datetime import date\nd = date.today()",
        "import time\nt = time.time()",
        "from time import time\nt = time()",
        "from time import time as wall\nt = wall()",
        "from PySide6.QtCore import QDateTime\nx = QDateTime.currentDateTime()",
    ],
)
def test_the_check_catches_each_way_of_reading_the_clock(code):
    assert wall_clock_reads(code, "x.py")


@pytest.mark.parametrize(
    "code",
    [
        "import time\nt = time.monotonic()",
        "import time\ntime.sleep(0.1)",
        "x = store.now()",
        "x = clock.now()",
        "from datetime import datetime\nx = datetime.fromisoformat(s)",
    ],
)
def test_monotonic_timers_and_the_office_clock_are_allowed(code):
    assert wall_clock_reads(code, "x.py") == []
