"""Scanned papers of a dossier: each paper's PDF and its pages, content-addressed.

The PDF and every page image are written to the file store before the rows that
name them, in the order a power cut cannot break (see desk.store.files). A
rescan replaces the paper's pages in one transaction; the old files stay in the
store (they may be named by an operation not yet sent upstream).
"""

import json
from dataclasses import dataclass
from pathlib import Path

from desk import clock
from desk.errors import InvalidInput, NotFound
from desk.ids import uuid7
from desk.store import audit, outbox
from desk.store.atomic import write_atomic
from desk.store.files import record_file
from desk.store.guard import refuse_data_dir, refuse_foreign_file
from desk.store.private import make_private_dir
from desk.store.sealing import is_identity_paper
from desk.text import clean

PDF_MIME = "application/pdf"


@dataclass(frozen=True)
class ScannedPaper:
    ordinal: int
    name: str
    kind: str
    file_name: str  # {mã hồ sơ}.{n}.pdf
    pdf_sha256: str | None
    pages: int
    page_sha256: tuple[str, ...] = ()


def identity_paper(store, code: str, ordinal: int, name: str | None = None) -> bool:
    """Whether paper `ordinal` of the dossier is an identity paper, whose scans the file
    store seals when a sealer is configured (see desk.store.sealing)."""
    if name is None:
        row = store.one(
            "SELECT doc.name FROM documents doc JOIN dossiers d ON d.id = doc.dossier_id"
            " WHERE d.code = ? AND doc.ordinal = ?",
            [code.strip(), ordinal],
        )
        name = row["name"] if row else ""
    return is_identity_paper(name)


def file_name(code: str, ordinal: int) -> str:
    return f"{code}.{ordinal}.pdf"


def _document(db, code: str, ordinal: int):
    row = db.execute(
        "SELECT d.id, d.code, doc.id, doc.name FROM dossiers d"
        " LEFT JOIN documents doc ON doc.dossier_id = d.id AND doc.ordinal = ? WHERE d.code = ?",
        [ordinal, code.strip()],
    ).fetchone()
    if row is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")
    return row


def attach(
    store,
    code: str,
    ordinal: int,
    *,
    pdf: bytes,
    pages: list[tuple[bytes, str]],
    actor: str,
    name: str | None = None,
    kind: str = "original",
) -> ScannedPaper:
    """Store the PDF of paper `ordinal` (created when `name` is given and it is new)."""
    if not pdf.startswith(b"%PDF") or not pages:
        raise InvalidInput("Bản số hóa phải là một tệp PDF có ít nhất một trang.")
    sealed = identity_paper(store, code, ordinal, name)
    pdf_sha = store.files.write(pdf, sealed=sealed)
    page_shas = [store.files.write(data, sealed=sealed) for data, _ in pages]
    recorded = store.now()
    now = clock.iso(recorded)
    with store.write() as db:
        dossier_id, code, document_id, current_name = _document(db, code, ordinal)
        if document_id is None:
            if not clean(name):
                raise NotFound(
                    f"Hồ sơ {code} không có thành phần số {ordinal}; hãy đặt tên giấy tờ."
                )
            document_id = uuid7()
            current_name = clean(name)
            db.execute(
                "INSERT INTO documents (id, dossier_id, ordinal, name, kind, count, pages) VALUES (?, ?, ?, ?, ?, 1, 0)",
                [document_id, dossier_id, ordinal, current_name, kind],
            )
        for digest, mime in [
            (pdf_sha, PDF_MIME),
            *((s, m) for s, (_, m) in zip(page_shas, pages, strict=True)),
        ]:
            size = store.files.path_for(digest).stat().st_size
            record_file(db, digest, size, mime, at=recorded)
        db.execute("DELETE FROM document_pages WHERE document_id = ?", [document_id])
        for number, digest in enumerate(page_shas, start=1):
            db.execute(
                "INSERT INTO document_pages (document_id, page, sha256) VALUES (?, ?, ?)",
                [document_id, number, digest],
            )
        db.execute(
            "UPDATE documents SET pdf_sha256 = ?, pages = ? WHERE id = ?",
            [pdf_sha, len(page_shas), document_id],
        )
        detail = {
            "code": code,
            "ordinal": ordinal,
            "name": current_name,
            "file_name": file_name(code, ordinal),
            "pdf_sha256": pdf_sha,
            "pages": page_shas,
        }
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, note, data) VALUES (?, ?, ?, 'scan', ?, ?, ?)",
            [
                uuid7(),
                dossier_id,
                now,
                actor,
                f"Số hóa {current_name}: {len(page_shas)} trang",
                json.dumps(detail, ensure_ascii=False),
            ],
        )
        outbox.enqueue(
            db,
            store.station["id"],
            "document",
            document_id,
            "document.scanned",
            detail,
            at=recorded,
        )
        audit.record(
            db,
            actor,
            "dossier.scan",
            "document",
            document_id,
            {"code": code, "ordinal": ordinal},
            at=recorded,
        )
    return paper(store, code, ordinal)


def papers(store, code: str) -> list[ScannedPaper]:
    rows = store.query(
        "SELECT doc.id, doc.ordinal, doc.name, doc.kind, doc.pdf_sha256, doc.pages FROM documents doc"
        " JOIN dossiers d ON d.id = doc.dossier_id WHERE d.code = ? ORDER BY doc.ordinal",
        [code.strip()],
    )
    if not rows and store.one("SELECT 1 FROM dossiers WHERE code = ?", [code.strip()]) is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã {code!r}.")
    out = []
    for r in rows:
        shas = tuple(
            p["sha256"]
            for p in store.query(
                "SELECT sha256 FROM document_pages WHERE document_id = ? ORDER BY page", [r["id"]]
            )
        )
        out.append(
            ScannedPaper(
                r["ordinal"],
                r["name"],
                r["kind"],
                file_name(code.strip(), r["ordinal"]),
                r["pdf_sha256"],
                r["pages"] if r["pdf_sha256"] else 0,
                shas,
            )
        )
    return out


def paper(store, code: str, ordinal: int) -> ScannedPaper:
    for p in papers(store, code):
        if p.ordinal == ordinal:
            return p
    raise NotFound(f"Hồ sơ {code} không có thành phần số {ordinal}.")


def export(store, code: str, folder: Path) -> list[Path]:
    """Write every scanned paper as `{mã hồ sơ}.{n}.pdf` into `folder` (never the data
    directory, never over a file that is not a PDF)."""
    folder = Path(folder)
    refuse_data_dir(folder, store.data_dir, what="thư mục xuất")
    make_private_dir(folder, fix_existing=False)  # scans of people's papers
    written = []
    for p in papers(store, code):
        if p.pdf_sha256:
            target = folder / p.file_name
            refuse_foreign_file(target, magic=(b"%PDF",), what="tệp PDF")
            write_atomic(target, store.files.read(p.pdf_sha256))
            written.append(target)
    return written


def digitised_share(store) -> dict:
    """For the leader's report: dossiers with every paper digitised (số hóa), of all dossiers."""
    row = store.one(
        "SELECT COUNT(*) AS total, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM documents doc WHERE"
        " doc.dossier_id = d.id AND doc.pdf_sha256 IS NULL) AND EXISTS (SELECT 1 FROM documents doc2"
        " WHERE doc2.dossier_id = d.id) THEN 1 ELSE 0 END) AS digitised FROM dossiers d"
    )
    return {"total": row["total"], "digitised": row["digitised"] or 0}
