"""Named schema migrations, applied before any window opens.

Never edit a migration once released: add a new one below it.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("desk")


def _run(db: Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction; run one by one.
    for stmt in statements.split(";\n"):
        if stmt.strip():
            db.execute(stmt)


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_name TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE stations (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units(code),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'counter',
    created_at TEXT NOT NULL,
    UNIQUE (unit_code, number)
);
CREATE TABLE catalog_versions (
    version TEXT PRIMARY KEY,
    effective_from TEXT,
    source TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_versions_one_active ON catalog_versions(active) WHERE active = 1;
CREATE TABLE procedures (
    version TEXT NOT NULL REFERENCES catalog_versions(version) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    search TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (version, code)
);
CREATE TABLE calendar_versions (
    version TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL
);
CREATE UNIQUE INDEX calendar_versions_one_active ON calendar_versions(active) WHERE active = 1;
CREATE TABLE applicants (
    id TEXT PRIMARY KEY,
    id_number TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    dob TEXT,
    sex TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX applicants_id_number ON applicants(id_number) WHERE id_number != '';
CREATE TABLE dossiers (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    unit_code TEXT NOT NULL,
    station_id TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    applicant_id TEXT NOT NULL REFERENCES applicants(id),
    channel TEXT NOT NULL CHECK (channel IN ('direct', 'online', 'post')),
    delivery TEXT NOT NULL CHECK (delivery IN ('counter', 'post')),
    status TEXT NOT NULL,
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    paused_at TEXT,
    paused_remaining REAL,
    fee INTEGER NOT NULL DEFAULT 0,
    fee_detail TEXT NOT NULL DEFAULT '',
    sets INTEGER NOT NULL DEFAULT 1,
    receiver TEXT NOT NULL DEFAULT '',
    authority TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    book_year INTEGER NOT NULL,
    book_number INTEGER NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (station_id, book_year, book_number)
);
CREATE INDEX dossiers_status_due ON dossiers(status, due_at);
CREATE INDEX dossiers_received ON dossiers(received_at);
CREATE INDEX dossiers_applicant ON dossiers(applicant_id);
CREATE TABLE dossier_events (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    note TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, at);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    created_at TEXT NOT NULL,
    uploaded_at TEXT
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('original', 'certified', 'photo')),
    count INTEGER NOT NULL DEFAULT 1,
    pages INTEGER NOT NULL DEFAULT 0,
    pdf_sha256 TEXT REFERENCES files(sha256),
    UNIQUE (dossier_id, ordinal)
);
CREATE TABLE document_pages (
    document_id TEXT NOT NULL REFERENCES documents(id),
    page INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    PRIMARY KEY (document_id, page)
);
CREATE TABLE services (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]',
    ordinal INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE counters (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    services TEXT NOT NULL DEFAULT '[]',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    service_code TEXT NOT NULL REFERENCES services(code),
    number INTEGER NOT NULL,
    label TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    called_at TEXT,
    served_at TEXT,
    done_at TEXT,
    counter INTEGER,
    officer TEXT,
    dossier_id TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    UNIQUE (day, service_code, number)
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'leader', 'admin')),
    pw_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    dossier_id TEXT,
    ticket_id TEXT,
    level TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'unsatisfied')),
    channel TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE TABLE outbox (
    op_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    station_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    base_version INTEGER,
    state TEXT NOT NULL DEFAULT 'PENDING'
        CHECK (state IN ('PENDING', 'SENDING', 'ACKED', 'REJECTED', 'ERROR')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    acked_at TEXT
);
CREATE INDEX outbox_state ON outbox(state, seq);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    entity_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE TABLE code_blocks (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    next INTEGER NOT NULL,
    source TEXT NOT NULL,
    reserved_at TEXT NOT NULL,
    CHECK (first <= next AND next <= last + 1)
);
CREATE INDEX code_blocks_day ON code_blocks(day);
CREATE TABLE code_counters (
    day TEXT NOT NULL,
    scope TEXT NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (day, scope)
);
CREATE TABLE book_counters (
    station_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (station_id, year)
);
CREATE VIRTUAL TABLE dossier_search USING fts5(
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
)
""",
    )


@migrations(name="0002_print_jobs")
def m0002_print_jobs(db: Database) -> None:
    _run(
        db,
        """
CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    ref TEXT NOT NULL DEFAULT '',
    printer TEXT NOT NULL,
    mime TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files(sha256),
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sending', 'done', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_try_at TEXT,
    reprint_of TEXT REFERENCES print_jobs(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX print_jobs_status ON print_jobs(status, created_at)
""",
    )


@migrations(name="0003_scan_drafts")
def m0003_scan_drafts(db: Database) -> None:
    # Draft pages: each photo or scan of a paper, kept from the moment it is taken until the
    # paper's PDF is stored (a power cut mid-scan loses nothing). The image itself sits in the
    # file store under `sha256`; drafts stay local and are not `files` rows (never uploaded).
    # hotfolder_files: every file the hot folder took or refused, so none is taken twice.
    _run(
        db,
        """
CREATE TABLE scan_drafts (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL REFERENCES dossiers(code),
    ordinal INTEGER NOT NULL,
    position INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation BETWEEN 0 AND 3),
    source TEXT NOT NULL CHECK (source IN ('camera', 'hotfolder', 'import')),
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX scan_drafts_paper ON scan_drafts(code, ordinal, position);
CREATE TABLE hotfolder_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    folder TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('taken', 'rejected', 'duplicate')),
    message TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX hotfolder_files_sha ON hotfolder_files(sha256);
CREATE INDEX hotfolder_files_seen ON hotfolder_files(folder, name, size, mtime_ns)
""",
    )


@migrations(name="0005_sync")
def m0005_sync(db: Database) -> None:
    # Sync bookkeeping on the desk (sync/client). outbox.result_code: the server's machine
    # reason for a rejection (conflict, code_taken, …); resolved_at: a person settled it.
    # sync_held: a status change from upstream for a dossier that still has unsent or
    # rejected local changes: kept, not applied over them, until those are settled.
    _run(
        db,
        """
ALTER TABLE outbox ADD COLUMN result_code TEXT;
ALTER TABLE outbox ADD COLUMN resolved_at TEXT;
CREATE INDEX outbox_entity ON outbox(entity, entity_id);
CREATE TABLE sync_held (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    applied_at TEXT
);
CREATE INDEX sync_held_dossier ON sync_held(dossier_id, version)
""",
    )


@migrations(name="0007_intake_drafts")
def m0007_intake_drafts(db: Database) -> None:
    # An intake being typed at the counter, saved as the officer goes (a power cut mid-intake
    # loses nothing typed); deleted when the dossier is recorded. Local to the station.
    _run(
        db,
        """
CREATE TABLE intake_drafts (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX intake_drafts_station ON intake_drafts(station_id, updated_at);
CREATE INDEX dossiers_field ON dossiers(json_extract(data, '$.field'));
CREATE INDEX dossiers_receiver ON dossiers(receiver)
""",
    )


@migrations(name="0004_import_keys")
def m0004_import_keys(db: Database) -> None:
    # The key of each imported line (its `ref`, or the SHA-256 of its content), committed with
    # the dossier it made: running the same file again names that dossier instead of taking
    # it twice. Local bookkeeping, never synced.
    _run(
        db,
        """
CREATE TABLE dossier_import_keys (
    key TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    line INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX dossier_import_keys_dossier ON dossier_import_keys(dossier_id)
""",
    )


@migrations(name="0006_paper_truth")
def m0006_paper_truth(db: Database) -> None:
    # documents.shown: a paper only shown for checking (xuất trình) and handed back.
    # unit_book_counters: the Sổ theo dõi is one book per unit and year, whichever desk
    # took the dossier in; seeded from the numbers already given so none is reused.
    # fee_receipts: each biên lai issued, numbered per unit, series (ký hiệu) and year
    # (NĐ 123/2020); the unique keys make a number impossible to give twice.
    _run(
        db,
        """
ALTER TABLE documents ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
CREATE TABLE unit_book_counters (
    unit_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (unit_code, year)
);
INSERT INTO unit_book_counters (unit_code, year, next)
    SELECT unit_code, book_year, MAX(book_number) + 1 FROM dossiers GROUP BY unit_code, book_year;
CREATE TABLE fee_receipts (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL UNIQUE REFERENCES dossiers(id),
    unit_code TEXT NOT NULL,
    form TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    amount INTEGER NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL DEFAULT '',
    UNIQUE (unit_code, series, year, number)
)
""",
    )
