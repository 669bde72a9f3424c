"""Peak memory of each hostile input, each in its own `desk` process (goal: none above 1 GB).

.venv/bin/python bench/bench_memory.py [--cap-mb 3000] [--only NAME]

A commune PC has 4 GB shared with Windows and a browser, so no input may make a command or
the window take more than 1 GB. Each case runs the real command line on a made-up office;
the peak is the kernel's (wait4 ru_maxrss, children it waited for included). A watchdog
stops a process above --cap-mb so a regression is reported rather than suffered.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile import (  # noqa: E402
    MB,
    bomb_png,
    photo_jpeg,
    poster_pdf,
    poster_tiff,
    run_peak,
    sparse_file,
)

GOAL_MB = 1024


def _desk(data: Path, *argv) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "--data", str(data), *map(str, argv)]


# What the window does with a file the officer imports (ui/scan/panel.import_files), then
# with the draft pages it shows (ui/scan/editor.load_pages): the same core functions.
_WINDOW_IMPORT = """
import sys
from pathlib import Path
from desk.scan import drafts
from desk.scan.imageio import read_image_file
from desk.store import open_store
with open_store(Path(sys.argv[1])) as store:
    pages = drafts.add_page(store, sys.argv[2], 4, read_image_file(sys.argv[3]), "import")
    for page in pages:
        drafts.preview(store, page)
        drafts.thumbnail(store, page)
print(len(pages))
"""


def _window(data: Path, code: str, path: Path) -> list[str]:
    return [sys.executable, "-c", _WINDOW_IMPORT, str(data), code, str(path)]


def _json_line_writer(size: int):
    def write(pipe) -> None:
        pipe.write(b'{"procedure": "1.001193", "applicant": {"name": "')
        block = b"a" * MB
        for _ in range(size // MB):
            pipe.write(block)
        pipe.write(b'"}}\n{"procedure": "1.001193", "applicant": {"name": "Sau"}}\n')

    return write


def cases(tmp: Path, data: Path, code: str) -> dict:
    fifo = tmp / "fifo"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    files = {
        "tiff": tmp / "poster.tif",
        "tiff20": tmp / "poster20.tif",
        "big_photo": tmp / "big.jpg",
        "pdf": tmp / "poster.pdf",
        "photo": tmp / "photo.jpg",
        "huge": tmp / "huge.jpg",
        "bomb": tmp / "bomb.png",
    }
    out = tmp / "out.pdf"
    return {
        "tiff_30_pages_7745px_scan_pdf": (
            lambda: poster_tiff(files["tiff"]),
            _desk(data, "scan", "pdf", files["tiff"], "-o", out, "--no-detect"),
            None,
        ),
        "tiff_30_pages_7745px_attach": (
            lambda: poster_tiff(files["tiff"]),
            _desk(data, "dossier", "attach", code, "--paper", "1", files["tiff"], "--no-detect"),
            None,
        ),
        "tiff_30_pages_7745px_hotfolder": (
            lambda: _hot(tmp),
            _desk(data, "hotfolder", tmp / "hot", code, "--paper", "1", "--settle", "0.2"),
            None,
        ),
        "tiff_30_pages_7745px_codes_read": (
            lambda: poster_tiff(files["tiff"]),
            _desk(data, "codes", files["tiff"]),
            None,
        ),
        "tiff_20_pages_7745px_scan_pdf_accepted": (
            lambda: poster_tiff(files["tiff20"], pages=20),
            _desk(data, "scan", "pdf", files["tiff20"], "-o", out, "--keep-blank"),
            None,
        ),
        "tiff_20_pages_7745px_hotfolder_accepted": (
            lambda: _hot(tmp, pages=20),
            _desk(data, "hotfolder", tmp / "hot", code, "--paper", "2", "--settle", "0.2"),
            None,
        ),
        "photo_60MP_at_600_dpi": (
            lambda: photo_jpeg(files["big_photo"], width=8944, height=6708),
            _desk(data, "scan", "pdf", files["big_photo"], "-o", out, "--dpi", "600"),
            None,
        ),
        "photo_60MP_flat_600_dpi": (
            lambda: photo_jpeg(files["big_photo"], width=8944, height=6708),
            _desk(data, "scan", "pdf", files["big_photo"], "-o", out, "--dpi", "600", "--flat"),
            None,
        ),
        "window_import_tiff_20_pages_7745px": (
            lambda: poster_tiff(files["tiff20"], pages=20),
            _window(data, code, files["tiff20"]),
            None,
        ),
        "window_import_photo_60MP": (
            lambda: photo_jpeg(files["big_photo"], width=8944, height=6708),
            _window(data, code, files["big_photo"]),
            None,
        ),
        "pdf_20_poster_pages_scan_pdf": (
            lambda: poster_pdf(files["pdf"]),
            _desk(data, "scan", "pdf", files["pdf"], "-o", out, "--no-detect"),
            None,
        ),
        "photo_1600x1200_at_1200_dpi": (
            lambda: photo_jpeg(files["photo"]),
            _desk(data, "scan", "pdf", files["photo"], "-o", out, "--dpi", "1200"),
            None,
        ),
        "file_1_5_GB_scan_pdf": (
            lambda: sparse_file(files["huge"], head=photo_jpeg(files["photo"]).read_bytes()),
            _desk(data, "scan", "pdf", files["huge"], "-o", out),
            None,
        ),
        "png_bomb_30000px": (
            lambda: bomb_png(files["bomb"]),
            _desk(data, "scan", "pdf", files["bomb"], "-o", out),
            None,
        ),
        "dev_zero_scan_pdf": (None, _desk(data, "scan", "pdf", "/dev/zero", "-o", out), None),
        "dev_zero_import": (None, _desk(data, "dossier", "import", "/dev/zero"), None),
        "fifo_scan_pdf": (None, _desk(data, "scan", "pdf", fifo, "-o", out), None),
        "fifo_import": (None, _desk(data, "dossier", "import", fifo), None),
        "json_line_300_MB_stdin": (
            None,
            _desk(data, "dossier", "import", "-"),
            _json_line_writer(300 * MB),
        ),
    }


def _hot(tmp: Path, pages: int = 30) -> None:
    hot = tmp / "hot"
    shutil.rmtree(hot, ignore_errors=True)
    hot.mkdir()
    poster_tiff(hot / "scan.tif", pages=pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cap-mb", type=float, default=3000)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-mem-"))
    data = tmp / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(_desk(data, "init"), check=True, capture_output=True, env=env)
    request = tmp / "d.json"
    request.write_text('{"procedure": "1.001193", "applicant": {"name": "Người Thử"}}')
    made = subprocess.run(
        _desk(data, "dossier", "new", "--json-file", request),
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    code = made.stdout.split("\t")[0]
    results = []
    try:
        for name, (prepare, argv, stdin) in cases(tmp, data, code).items():
            if args.only and name not in args.only:
                continue
            if prepare:
                prepare()
            peak = run_peak(
                argv,
                cap_mb=args.cap_mb,
                timeout=args.timeout,
                stdin_writer=stdin,
                env=env,
                cwd=REPO,
            )
            message = (peak.err.strip().splitlines() or [""])[0][:160]
            results.append(
                {
                    "case": name,
                    "peak_mb": round(peak.peak_mb),
                    "exit": peak.code,
                    "stopped": peak.stopped,
                    "message": message,
                    "within_goal": peak.peak_mb <= GOAL_MB and not peak.stopped,
                }
            )
            print(json.dumps(results[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        json.dumps(
            {
                "benchmark": "peak memory of hostile inputs, one desk process each",
                "goal_mb": GOAL_MB,
                "cap_mb": args.cap_mb,
                "cases": results,
                "worst_mb": max((r["peak_mb"] for r in results), default=0),
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
