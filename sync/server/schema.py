"""The server's tables, the same SQL on SQLite and PostgreSQL, applied in numbered steps.

- processed_ops: every operation ever taken, by op id (the primary key is the dedup:
  a unique constraint in the transaction of the effect, never look-then-insert);
- dossiers/documents: what the province holds; a dossier is complete when every
  document's PDF is a present file;
- files: uploads by SHA-256, `received` bytes so far, `present` once verified;
- changes: the pull feed; `seq` comes from the `counters` row, locked until commit, so a
  reader's cursor never skips a row committed late;
- code_next/code_blocks: dossier-number blocks reserved per unit and day.

Steps are append-only: a step once released is never edited, a change is a new step.
"""

from sync.server.db import Tx

STEPS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE stations (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units(code),
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    mode TEXT NOT NULL DEFAULT 'member',
    enrol_hash TEXT NOT NULL UNIQUE,
    enrol_expires TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    enrolled_at TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL,
    last_contact_at TEXT,
    last_push_at TEXT,
    backlog BIGINT,
    app_version TEXT NOT NULL DEFAULT '',
    UNIQUE (unit_code, number)
);
CREATE TABLE processed_ops (
    op_id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    body_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    dossier_id TEXT,
    status TEXT NOT NULL,
    result TEXT NOT NULL,
    payload TEXT NOT NULL,
    base_version INTEGER,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX processed_ops_dossier ON processed_ops(dossier_id);
CREATE TABLE dossiers (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    unit_code TEXT NOT NULL,
    station_id TEXT,
    origin TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT 'direct',
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    applicant_name TEXT NOT NULL DEFAULT '',
    intake TEXT NOT NULL,
    conflict INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX dossiers_unit ON dossiers(unit_code, code);
CREATE TABLE documents (
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    ordinal INTEGER NOT NULL,
    document_id TEXT NOT NULL,
    name TEXT NOT NULL,
    pdf_sha256 TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dossier_id, ordinal)
);
CREATE TABLE files (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    received BIGINT NOT NULL DEFAULT 0,
    present INTEGER NOT NULL DEFAULT 0,
    wire_bytes BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    op_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    base_version INTEGER,
    server_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT
);
CREATE INDEX conflicts_dossier ON conflicts(dossier_id);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
CREATE TABLE changes (
    seq BIGINT PRIMARY KEY,
    unit_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX changes_unit ON changes(unit_code, seq);
CREATE TABLE code_next (
    unit_code TEXT NOT NULL,
    day TEXT NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (unit_code, day)
);
CREATE TABLE code_blocks (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL,
    day TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    station_id TEXT,
    reserved_at TEXT NOT NULL
);
CREATE TABLE snapshots (
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    data TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (kind, version)
);
INSERT INTO counters (name, value) VALUES ('changes', 0);
INSERT INTO counters (name, value) VALUES ('changes_floor', 0)
""",
    ),
    (
        # The office hub relays what it applied to the province with each op's original id
        # and identical body, so an op must be rebuildable from its row. Rows from before
        # this step: the dossier steps get their entity back (their entity id is the dossier
        # id); other kinds stay without one, and the relay sets aside anything whose rebuilt
        # body does not hash to body_sha256. relay_state: NULL waiting (for a hub), 'done',
        # 'rejected' (the province's reason kept), 'unrelayable'. Arrival order is the rowid
        # (office mode is SQLite only). hub_blocks: the province's dossier numbers an enrolled
        # hub holds for its stations (sync.server.pool).
        "0002_hub_relay",
        """
ALTER TABLE processed_ops ADD COLUMN entity TEXT;
ALTER TABLE processed_ops ADD COLUMN entity_id TEXT;
ALTER TABLE processed_ops ADD COLUMN relay_state TEXT;
ALTER TABLE processed_ops ADD COLUMN relay_code TEXT;
ALTER TABLE processed_ops ADD COLUMN relay_reason TEXT;
ALTER TABLE processed_ops ADD COLUMN relayed_at TEXT;
UPDATE processed_ops SET entity = 'dossier', entity_id = dossier_id
 WHERE kind LIKE 'dossier.%' AND dossier_id IS NOT NULL AND status = 'applied';
CREATE INDEX processed_ops_relay ON processed_ops(status, relay_state);
ALTER TABLE files ADD COLUMN relayed_at TEXT;
CREATE TABLE hub_blocks (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    next INTEGER NOT NULL,
    reserved_at TEXT NOT NULL
)
""",
    ),
]


def apply(tx: Tx) -> list[str]:
    """Create what is missing; returns the steps applied now."""
    tx.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    done = {row[0] for row in tx.all("SELECT key FROM meta WHERE key LIKE 'schema:%'")}
    applied = []
    for name, sql in STEPS:
        if f"schema:{name}" in done:
            continue
        for stmt in sql.split(";\n"):
            if stmt.strip():
                tx.execute(stmt)
        tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [f"schema:{name}", "applied"])
        applied.append(name)
    return applied
