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
