import os
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
# Made-up people and documents, copied from the team's shared samples so CI has them.
SAMPLES = Path(os.environ.get("DESK_SAMPLES", REPO / "tests" / "samples"))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample images not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def office_template(tmp_path_factory) -> Path:
    """A migrated, initialised office created once; tests get copies (cheap fixtures)."""
    from desk.setup import init_office
    from desk.store import open_store

    path = tmp_path_factory.mktemp("office-template")
    with open_store(path) as store:
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
def store(data_dir):
    from desk.store import open_store

    s = open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def empty_store(tmp_path):
    from desk.store import open_store

    s = open_store(tmp_path / "empty")
    yield s
    s.close()
