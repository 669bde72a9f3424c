"""Hostile inputs a reliability probe fed the desk, and the peak memory of a process eating one.

Shared by the memory tests and bench/bench_memory.py: files that are small on disk but huge
once decoded (a many-page TIFF of poster-sized pages, a PDF of poster pages), a photo asked
at 1200 dpi, a 1.5 GB file that is mostly a hole, and the peak resident memory of a child
process measured by the kernel (wait4), with a watchdog that stops it above a cap so a
regression cannot take the machine down with it.
"""

import contextlib
import io
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

MB = 1024 * 1024


def poster_tiff(path: Path, *, pages: int = 30, side: int = 7745) -> Path:
    """A few hundred KB of 1-bit G4 pages that are `side`² pixels each once decoded."""
    blank = Image.new("1", (side, side), 1)
    blank.save(
        path,
        format="TIFF",
        compression="group4",
        save_all=True,
        append_images=[blank] * (pages - 1),
        dpi=(200, 200),
    )
    return path


def poster_pdf(path: Path, *, pages: int = 20, side_pt: int = 14400) -> Path:
    """A PDF of `pages` empty pages of `side_pt` points square (200 inches: a poster)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    for _ in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side_pt} {side_pt}] >>".encode()
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    path.write_bytes(out.getvalue())
    return path


def photo_jpeg(path: Path, *, width: int = 1600, height: int = 1200) -> Path:
    """A made-up photo: a pale sheet on a dark desk, with some print-like noise."""
    rng = np.random.default_rng(8)
    img = np.full((height, width, 3), 60, np.uint8)
    y0, y1, x0, x1 = height // 8, height * 7 // 8, width // 4, width * 3 // 4
    img[y0:y1, x0:x1] = 235
    ink = rng.random((y1 - y0, x1 - x0)) < 0.03
    img[y0:y1, x0:x1][ink] = 30
    Image.fromarray(img).save(path, format="JPEG", quality=85)
    return path


def sparse_file(path: Path, *, size: int = 1536 * MB, head: bytes = b"") -> Path:
    """A file of `size` bytes that takes no disk: `head`, then a hole."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def bomb_png(path: Path, *, side: int = 30_000) -> Path:
    """A PNG of a few KB whose header says `side`² pixels (written row by row, never whole)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


@dataclass
class Peak:
    code: int | None  # None: stopped by the watchdog or the timeout
    peak_mb: float  # largest resident set of the process and the children it waited for
    out: str
    err: str
    stopped: str = ""  # why the watchdog stopped it: "memory" or "timeout"


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# Linux counts a child's peak from the moment it was forked, with the parent's pages: a
# process forked from pytest (500 MB) would "peak" at 500 MB doing nothing. So a slim
# launcher (python -S, ~10 MB) forks the command and reports wait4's ru_maxrss for it,
# which includes the children it waited for (pdftoppm).
_LAUNCHER = """
import os, sys
w = int(sys.argv[1])
pid = os.fork()
if pid == 0:
    os.close(w)
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
os.write(w, b"%d\\n" % pid)
_, status, usage = os.wait4(pid, 0)
os.write(w, b"%d %d\\n" % (usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
"""


def run_peak(
    argv: list[str],
    *,
    cap_mb: float = 3000,
    timeout: float = 300,
    stdin_writer=None,
    env: dict | None = None,
    cwd: Path | None = None,
) -> Peak:
    """Run `argv`, return its exit code and peak memory (Linux: wait4's ru_maxrss).

    A watchdog kills it above `cap_mb` (so a regression is reported, not suffered) or after
    `timeout` seconds. `stdin_writer(pipe)` feeds its standard input from a thread.
    """
    import sys

    report_r, report_w = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-S", "-E", "-c", _LAUNCHER, str(report_w), *map(str, argv)],
        stdin=subprocess.PIPE if stdin_writer else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        pass_fds=(report_w,),
    )
    os.close(report_w)
    report = os.fdopen(report_r, "rb")
    child = int(report.readline() or 0)
    outputs: dict[str, bytes] = {}
    stopped: list[str] = []

    def drain(name: str, stream) -> None:
        outputs[name] = stream.read()

    def feed() -> None:
        with contextlib.suppress(OSError):  # the process may stop reading: that is its answer
            stdin_writer(proc.stdin)
        with contextlib.suppress(OSError):
            proc.stdin.close()

    threads = [
        threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("err", proc.stderr), daemon=True),
    ]
    if stdin_writer:
        threads.append(threading.Thread(target=feed, daemon=True))
    for t in threads:
        t.start()
    done = threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.wait(0.05):
            if child and _rss_mb(child) > cap_mb:
                stopped.append("memory")
            elif time.monotonic() > deadline:
                stopped.append("timeout")
            if stopped:
                with contextlib.suppress(OSError):
                    os.kill(child, 9)
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    last = report.readline().split()
    proc.wait()
    done.set()
    watcher.join()
    report.close()
    for t in threads:
        t.join(timeout=30)
    maxrss_kb, code = (int(last[0]), int(last[1])) if len(last) == 2 else (0, None)
    return Peak(
        None if stopped else code,
        maxrss_kb / 1024,
        outputs.get("out", b"").decode("utf-8", "replace"),
        outputs.get("err", b"").decode("utf-8", "replace"),
        stopped[0] if stopped else "",
    )
