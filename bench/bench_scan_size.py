"""How small a scanned A4 paper gets as a PDF, per colour mode, and whether it stays legible.
Prints JSON.

    .venv/bin/python bench/bench_scan_size.py
    .venv/bin/python bench/bench_scan_size.py --pages 3 --quality 65

A made-up administrative paper (dense lines with dotted leaders, a table, a signature, a red
seal, a QR and a Code 128 carrying a dossier code) is captured two ways:

- `scan`: rendered at 200 dpi and passed through a simulated flatbed (tinted paper with
  grain, uneven lamp, sensor noise, optics blur, the scanner's own JPEG), then processed
  with `--no-detect`;
- `photo`: rendered at 300 dpi, laid on a desk and photographed at 12 MP (perspective,
  shadows, noise, JPEG), then detected and rectified at 200 dpi.

For each, the PDF's size in every mode beside a plain grey JPEG q60 of the same capture (the
page as it came, unprocessed), and legibility read back the way a viewer sees it: the PDF
rendered by pdftoppm at 200 dpi, codes decoded with zxing-cpp, and for `scan` the share of
the original's print found again in the rendering (ink recall/precision, 1 px tolerance).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desk.scan import pdf as pdfmod  # noqa: E402
from desk.scan.batch import read_texts  # noqa: E402
from desk.scan.pdf import paper_pdf  # noqa: E402
from desk.scan.pipeline import ScanSettings, prepare_page  # noqa: E402
from tests.synth import desk_photo, flatbed_scan, render_page  # noqa: E402

CODES = {"qr": "000.00.19.H47-260105-0001", "code128": "H47-260105-0001"}


def plain_grey_q60(image: np.ndarray) -> int:
    _, buf = cv2.imencode(
        ".jpg", cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), [cv2.IMWRITE_JPEG_QUALITY, 60]
    )
    return len(buf)


def render_pdf(data: bytes, dpi: int = 200) -> list[np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "p")], check=True
        )
        return [cv2.imread(str(p)) for p in sorted(Path(tmp).glob("p*.png"))]


def ink_agreement(original: np.ndarray, rendered: np.ndarray) -> dict:
    """Recall and precision of print pixels (1 px tolerance) between two aligned pages."""
    a = cv2.cvtColor(original, cv2.COLOR_BGR2GRAY) < 128
    g = cv2.cvtColor(rendered, cv2.COLOR_BGR2GRAY)
    g = cv2.resize(g, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_AREA)
    b = g < 128
    k = np.ones((3, 3), np.uint8)
    recall = float((a & cv2.dilate(b.astype(np.uint8), k).astype(bool)).sum() / max(1, a.sum()))
    precision = float((b & cv2.dilate(a.astype(np.uint8), k).astype(bool)).sum() / max(1, b.sum()))
    return {"ink_recall": round(recall, 3), "ink_precision": round(precision, 3)}


def measure(captured: np.ndarray, settings_base: dict, original: np.ndarray | None) -> dict:
    out = {"plain_grey_jpeg_q60_kb": round(plain_grey_q60(captured) / 1024, 1)}
    for mode in ("color", "gray", "bw", "auto"):
        t = time.perf_counter()
        page = prepare_page(captured, ScanSettings(mode=mode, **settings_base))
        result = paper_pdf([page.image], [page.mode], 200)
        ms = (time.perf_counter() - t) * 1000
        rendered = render_pdf(result.data)[0]
        texts = sorted(read_texts(rendered))
        row = {
            "mode_used": page.mode,
            "pdf_kb": round(len(result.data) / 1024, 1),
            "codes_read": texts,
            "codes_ok": sorted(CODES.values()) == texts,
            "ms": round(ms),
        }
        if original is not None:
            row.update(ink_agreement(original, rendered))
        out[mode] = row
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2, help="made-up papers per capture kind")
    ap.add_argument(
        "--quality", type=int, default=None, help="JPEG quality to try instead of the default"
    )
    args = ap.parse_args(argv)
    if not shutil.which("pdftoppm"):
        print(json.dumps({"error": "pdftoppm not found"}))
        return 1
    if args.quality:
        pdfmod.JPEG_QUALITY.update(color=args.quality, gray=args.quality)
    report = {"jpeg_quality": dict(pdfmod.JPEG_QUALITY), "scan": [], "photo": []}
    for i in range(args.pages):
        page200 = render_page(100 + i, dpi=200, lines=40, codes=CODES)
        report["scan"].append(measure(flatbed_scan(page200, i), {"detect": False}, page200))
        page300 = render_page(100 + i, dpi=300, lines=40, codes=CODES)
        shot = desk_photo(200 + i, "dark", size=(4000, 3000), page=page300).image
        report["photo"].append(measure(shot, {"detect": True}, None))
    summary = {}
    for kind in ("scan", "photo"):
        for mode in ("color", "gray", "bw", "auto"):
            rows = [r[mode] for r in report[kind]]
            summary[f"{kind}_{mode}_kb_mean"] = round(
                float(np.mean([r["pdf_kb"] for r in rows])), 1
            )
            summary[f"{kind}_{mode}_codes_ok"] = all(r["codes_ok"] for r in rows)
        summary[f"{kind}_plain_grey_q60_kb_mean"] = round(
            float(np.mean([r["plain_grey_jpeg_q60_kb"] for r in report[kind]])), 1
        )
    report["summary"] = summary
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
