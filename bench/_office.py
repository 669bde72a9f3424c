"""Shared by the foundation benchmarks: a data directory with an office, and made-up people."""

import random
import tempfile
from pathlib import Path

from desk.demo import FAMILY  # the made-up family names the demo office uses

MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh", "Quốc", "Hữu", "Thu", "Kim", "Xuân", "Công"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vy",
    "Yến",
    "Đức",
]


def new_office(prefix: str = "desk-bench-") -> Path:
    from desk.setup import init_office
    from desk.store import open_store

    data = Path(tempfile.mkdtemp(prefix=prefix))
    with open_store(data) as store:
        init_office(store, unit_code="000.00.99.H99", name="UBND xã Thử Nghiệm", actor="bench")
    return data


def person(rng: random.Random) -> dict:
    return {
        "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
        "id_number": f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}{rng.randint(0, 999999):06d}",
        "phone": f"09{rng.randint(0, 99_999_999):08d}",
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
