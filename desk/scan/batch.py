"""Splitting a scanned stack into dossiers and papers by barcode separator sheets.

An officer scanning a pile through a feeder puts a sheet in front of each dossier and of
each paper, instead of stopping the scanner every few pages (NAPS2 does the same with
Patch-T sheets):

- a page carrying a dossier code (mã hồ sơ, as on the receipt's QR or Code 128; see
  `desk.payloads.find_dossier_code`) starts a new dossier;
- a page carrying `TP|{n}` ("thành phần số n", the n-th paper of the dossier's list)
  starts paper n; the payload is plain ASCII so any 1D or 2D symbology can carry it.

Separator pages are dropped from the output. Pages before the first paper separator of a
dossier form paper 1 (or the paper after the last one numbered).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from desk.payloads import find_dossier_code

PAPER_SEPARATOR_PREFIX = "TP"
MAX_PAPER_NUMBER = 999

T = TypeVar("T")


def paper_separator_payload(n: int) -> str:
    """The text to print on the separator sheet of paper `n`: `TP|n`."""
    if not isinstance(n, int) or not 1 <= n <= MAX_PAPER_NUMBER:
        raise ValueError(f"paper number out of range: {n!r}")
    return f"{PAPER_SEPARATOR_PREFIX}|{n}"


def parse_paper_separator(text: str) -> int | None:
    """n for a `TP|n` payload, None for anything else."""
    parts = text.strip().split("|")
    if len(parts) != 2 or parts[0].upper() != PAPER_SEPARATOR_PREFIX:
        return None
    if not parts[1].isdigit() or not 1 <= int(parts[1]) <= MAX_PAPER_NUMBER:
        return None
    return int(parts[1])


@dataclass
class PaperPages(Generic[T]):
    number: int  # thành phần số n
    pages: list[T] = field(default_factory=list)


@dataclass
class DossierPages(Generic[T]):
    code: str | None  # None for pages before any dossier separator
    papers: list[PaperPages[T]] = field(default_factory=list)


def read_texts(image: np.ndarray) -> list[str]:
    """The texts of all codes on a page image (zxing-cpp, through desk.scan.codes)."""
    try:
        from desk.scan.codes import read_codes
    except ImportError:  # pragma: no cover - only while codes.py is not there
        import zxingcpp

        return [r.text for r in zxingcpp.read_barcodes(image)]
    return [c.text for c in read_codes(image)]


def split_batch(
    pages: Sequence[T], read: Callable[[T], Iterable[str]] | None = None
) -> list[DossierPages[T]]:
    """Group `pages` (images, or anything `read` understands) into dossiers and papers."""
    read = read or read_texts  # type: ignore[assignment]
    dossiers: list[DossierPages[T]] = []
    current: DossierPages[T] | None = None
    paper: PaperPages[T] | None = None
    for page in pages:
        texts = list(read(page))  # type: ignore[misc]
        code = next((c for c in map(find_dossier_code, texts) if c), None)
        number = next((n for n in map(parse_paper_separator, texts) if n is not None), None)
        if code is not None:
            current, paper = DossierPages(code), None
            dossiers.append(current)
        if number is not None:
            if current is None:
                current = DossierPages(None)
                dossiers.append(current)
            paper = PaperPages(number)
            current.papers.append(paper)
        if code is not None or number is not None:
            continue  # a separator sheet is not part of the dossier
        if current is None:
            current = DossierPages(None)
            dossiers.append(current)
        if paper is None:
            paper = PaperPages(max((p.number for p in current.papers), default=0) + 1)
            current.papers.append(paper)
        paper.pages.append(page)
    for d in dossiers:
        d.papers = [p for p in d.papers if p.pages]
    return dossiers
