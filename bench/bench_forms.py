"""How fast the A4 forms come out: Mẫu 01 for one dossier, the Sổ theo dõi for 1,000.

Prints one JSON object. Targets: a receipt in ≤ 150 ms (the citizen is waiting at the
counter; both liên, and one liên for comparison), a 1,000-dossier Sổ in ≤ 3 s, and how many
rows a Sổ page holds with the short procedure names and with the full ones. Run: .venv/bin/python bench/bench_forms.py
"""

import argparse
import io
import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader

from desk.clock import VN_TZ
from desk.dossiers.model import Dossier, Event, Paper, Person, Status
from printing.forms import render_book, render_form
from printing.forms.codes import qr_matrix
from printing.samples import sample_office

OFFICE = sample_office()
PRINTED_AT = datetime(
    2026, 11, 25, 9, 30, tzinfo=VN_TZ
)  # a fixed office time: figures never depend on today
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hương", "Lan", "Tâm", "Thảo", "Tuấn", "Yến", "Đạt"]
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", "Khai sinh", "Trong ngày"),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam"
        " cấp hoặc chứng nhận",
        "Chứng thực bản sao",
        "Trong ngày",
    ),
    ("1.000894", "Đăng ký kết hôn", "Kết hôn", "Trong ngày"),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Xác nhận TTHN", "03 ngày làm việc"),
    ("XA-HKD-01", "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh", "03 ngày làm việc"),
    ("1.000656", "Đăng ký khai tử", "Khai tử", "Trong ngày"),
]


def made_up(count: int, seed: int = 7, *, short_names: bool = True) -> list[Dossier]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 7, 30, tzinfo=VN_TZ)
    out = []
    for i in range(count):
        received = start + timedelta(minutes=37 * i)
        code, name, short, limit = rng.choice(PROCEDURES)
        person = Person(
            name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            address=f"Thôn {rng.randint(1, 12)}, xã Hòa Phú, tỉnh Đắk Lắk",
            phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        )
        events = ()
        if rng.random() < 0.7:
            events = (
                Event(received + timedelta(hours=1), "start", "lan", "received", "in_progress"),
                Event(received + timedelta(hours=5), "finish", "tp", "in_progress", "done"),
            )
        out.append(
            Dossier(
                id=f"bench-{i}",
                code=f"000.00.19.H47-{received:%y%m%d}-{i % 9999 + 1:04d}",
                unit_code="000.00.19.H47",
                procedure_code=code,
                procedure_name=name,
                field="Hộ tịch",
                time_limit_text=limit,
                applicant=person,
                papers=(Paper(1, "Tờ khai", "original", 1), Paper(2, "Căn cước", "photo", 1)),
                channel=rng.choice(["direct", "online", "post"]),
                delivery="counter",
                status=Status.RETURNED if events else Status.RECEIVED,
                received_at=received,
                due_at=received + timedelta(hours=8),
                receiver="lan",
                receiver_name="Phạm Thị Lan",
                procedure_short_name=short if short_names else "",
                returned_at=received + timedelta(days=1) if events else None,
                book_number=i + 1,
                events=events,
            )
        )
    return out


def _time(fn, runs: int) -> tuple[list[float], bytes]:
    times, result = [], b""
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--receipts", type=int, default=30, help="timed Mẫu 01 renders")
    parser.add_argument("--book-size", type=int, default=1000)
    parser.add_argument("--book-runs", type=int, default=3)
    args = parser.parse_args()

    dossier = made_up(1)[0]
    t0 = time.perf_counter()
    render_form("receipt", dossier, OFFICE, printed_at=PRINTED_AT)  # fonts and templates load here
    first = time.perf_counter() - t0

    def receipt_of_a_new_dossier(copies=None) -> bytes:
        qr_matrix.cache_clear()  # each new dossier encodes its QR once, for all its liên
        return render_form("receipt", dossier, OFFICE, printed_at=PRINTED_AT, copies=copies)

    times, pdf = _time(receipt_of_a_new_dossier, args.receipts)
    one, _ = _time(lambda: receipt_of_a_new_dossier(1), args.receipts)
    receipt = {
        "copies": OFFICE.receipt_copies,
        "first_call_ms": round(first * 1000, 1),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1] * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "bytes": len(pdf),
        "runs": len(times),
        "one_copy_median_ms": round(statistics.median(one) * 1000, 1),
        "target_ms": 150,
    }
    receipt["ok"] = receipt["median_ms"] <= receipt["target_ms"]

    dossiers = made_up(args.book_size)
    first_day = dossiers[0].received_at.date()
    last_day = dossiers[-1].received_at.date()
    times, pdf = _time(
        lambda: render_book(dossiers, OFFICE, first_day, last_day, printed_at=PRINTED_AT),
        args.book_runs,
    )

    book = {
        "dossiers": len(dossiers),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "runs": len(times),
        "target_s": 3.0,
    }
    book["ok"] = book["median_s"] <= book["target_s"]
    # What the short procedure names buy: rows of the Sổ per landscape page.
    long = made_up(args.book_size, short_names=False)
    long_pdf = render_book(long, OFFICE, first_day, last_day, printed_at=PRINTED_AT)
    long_pages = len(PdfReader(io.BytesIO(long_pdf)).pages)
    book["rows_per_page"] = round(len(dossiers) / book["pages"], 1)
    book["rows_per_page_full_names"] = round(len(long) / long_pages, 1)
    print(json.dumps({"receipt": receipt, "book": book}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
