"""Fixtures: a made-up office on a known day, real SQLite files, the CLI in-process.

Office time in tests is a `FixedClock` on a named day (OFFICE_TIME below); a test about
"now" sets its own. Nothing here depends on the machine's date: CI runs the suite a
second time with every clock shifted 400 days ahead (DESK_TEST_SHIFT_DAYS, time-machine
travelling for the whole session), and it must pass the same.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a screen, and what Qt remembers between
# runs (file dialogs' folders and column widths) goes to a folder of this run, not ~/.config.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="desk-tests-config-")

from helpers import OFFICE_TIME, TEMPLATE_TIME, CliRun, FakePrinter, in_ci

from desk.clock import FixedClock

REPO = Path(__file__).resolve().parent.parent
# Made-up people and documents, copied from the team's shared samples so CI has them.
SAMPLES = Path(os.environ.get("DESK_SAMPLES", REPO / "tests" / "samples"))


def pytest_configure(config):
    shift = os.environ.get("DESK_TEST_SHIFT_DAYS")
    if shift:
        import time_machine

        from desk.clock import SYSTEM

        # The wall clock of this process jumps ahead and keeps ticking; anything that reads
        # it instead of the injected office clock now sees another year.
        traveller = time_machine.travel(SYSTEM.now() + timedelta(days=int(shift)), tick=True)
        traveller.start()
        config._desk_traveller = traveller


def pytest_unconfigure(config):
    traveller = getattr(config, "_desk_traveller", None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        if in_ci():
            pytest.fail(f"sample images not found at {SAMPLES}: CI must have them")
        pytest.skip(f"sample images not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def office_clock() -> FixedClock:
    """Office time for a test: Wednesday 25/11/2026, 09:30. Move it with .advance()/.set()."""
    return FixedClock(OFFICE_TIME)


@pytest.fixture(scope="session")
def office_template(tmp_path_factory) -> Path:
    """A migrated, initialised office created once; tests get copies (cheap fixtures)."""
    from desk.setup import init_office
    from desk.store import open_store

    path = tmp_path_factory.mktemp("office-template")
    with open_store(path, clock=FixedClock(TEMPLATE_TIME)) as store:
        init_office(
            store,
            unit_code="000.00.99.H99",
            name="UBND xã Thử Nghiệm",
            parent_name="UBND tỉnh Mẫu Thử",
            place_name="Thử Nghiệm",
            lookup_base_url="https://tracuu.example.vn/hs/",
            actor="test",
        )
    return path


@pytest.fixture
def data_dir(office_template, tmp_path) -> Path:
    import shutil

    target = tmp_path / "data"
    shutil.copytree(office_template, target)
    return target


@pytest.fixture
def store(data_dir, office_clock):
    from desk.store import open_store

    s = open_store(data_dir, clock=office_clock)
    yield s
    s.close()


@pytest.fixture
def empty_store(tmp_path, office_clock):
    from desk.store import open_store

    s = open_store(tmp_path / "empty", clock=office_clock)
    yield s
    s.close()


@pytest.fixture
def cli(capsys, office_clock):
    """`cli(*argv, data=DIR)` runs the `desk` command in-process on the office clock."""
    return CliRun(capsys, office_clock)


@pytest.fixture
def printers():
    """`printers(**options)` starts a fake network printer on 127.0.0.1; all closed after."""
    made: list[FakePrinter] = []

    def make(*args, **kwargs) -> FakePrinter:
        made.append(FakePrinter(*args, **kwargs))
        return made[-1]

    yield make
    for printer in made:
        printer.close()


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL server for the sync server's tests: dev.py starts one and passes its URL
    in DESK_TEST_PG_URL; run alone, pytest starts its own if PostgreSQL is installed.
    In CI a missing PostgreSQL is a failure."""
    url = os.environ.get("DESK_TEST_PG_URL")
    if url:
        yield url
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location("desk_dev", REPO / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    if dev.postgres_bin() is None:
        if in_ci():
            pytest.fail("PostgreSQL is not installed: CI must install it (dev.py test does)")
        pytest.skip("PostgreSQL is not installed (Debian: postgresql)")
    url, stop = dev.start_postgres()
    yield url
    stop()


@pytest.fixture
def pg_db(pg_url):
    """A fresh, empty PostgreSQL database for one test; its URL."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
