"""Photos or scans of one paper → its small PDF, stored with the dossier: the counter's step.

The window calls this in a worker for the camera, the hot folder and imported files;
`desk dossier attach` calls it from the command line.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from desk.dossiers import scans
from desk.errors import InvalidInput
from desk.scan.imageio import iter_pages
from desk.scan.pipeline import ScanResult, ScanSettings, scan_to_pdf


def scan_paper(
    store,
    code: str,
    ordinal: int,
    images: Iterable[np.ndarray | Path | str | bytes],
    *,
    settings: ScanSettings | None = None,
    actor: str,
    name: str | None = None,
) -> tuple[scans.ScannedPaper, ScanResult]:
    """Prepare every page, drop blank ones, build the PDF and attach it to paper `ordinal`."""
    settings = settings or ScanSettings(mode=store.setting("scan.mode") or "color")

    def pages() -> Iterator[np.ndarray]:  # one decoded page alive at a time
        for item in images:
            if isinstance(item, np.ndarray):
                yield item
            else:
                yield from iter_pages(item)  # ImageError in Vietnamese for a bad file

    result = scan_to_pdf(pages(), settings, title=scans.file_name(code, ordinal))
    if not result.pages:
        raise InvalidInput("Không có trang ảnh nào để số hóa.")
    if result.pdf is None:
        raise InvalidInput("Mọi trang đều trắng; không có gì để lưu. Hãy kiểm tra lại ảnh chụp.")
    paper = scans.attach(
        store,
        code,
        ordinal,
        pdf=result.pdf.data,
        pages=[(p.data, p.media_type) for p in result.pdf.pages],
        actor=actor,
        name=name,
    )
    return paper, result
