"""The seam for encrypting scans of identity papers at rest (not switched on yet).

A photo of a citizen's ID card is the most sensitive thing the desk keeps. Full-disk
encryption (BitLocker, LUKS) is the office's first protection (docs/data-protection.md);
this is the place where per-file encryption goes when the province chooses a key scheme
(Windows DPAPI, a key from the provincial server, a hardware token).

A `Sealer` turns bytes into sealed bytes and back. The file store keeps addressing a file by
the SHA-256 of its plain content (so identical scans are still stored once, and sync still
names files by content), writes sealed files with a header naming the sealer, and checks
the hash after unsealing. The default `Plain` sealer changes nothing on disk. Which files
are sealed is decided by `is_identity_paper` from the paper's name in the dossier.
"""

from typing import Protocol

from desk.text import fold

HEADER = b"DESK-SEALED\x00"  # then the sealer's name, NUL, the sealed bytes

# Words in a paper's name (folded: no tone marks) that make it a scan of an identity paper.
IDENTITY_WORDS = (
    "can cuoc",
    "cccd",
    "chung minh nhan dan",
    "cmnd",
    "ho chieu",
    "dinh danh",
)


class Sealer(Protocol):
    """Encrypts file contents at rest; `name` is written beside them so a reader knows how."""

    name: str

    def seal(self, data: bytes) -> bytes: ...

    def unseal(self, data: bytes) -> bytes: ...


class Plain:
    """No encryption: what the desk does today (the disk's own encryption protects it)."""

    name = "plain"

    def seal(self, data: bytes) -> bytes:
        return data

    def unseal(self, data: bytes) -> bytes:
        return data


def is_identity_paper(name: str | None) -> bool:
    """Whether a paper of this name is a scan of an identity paper (CCCD, passport…)."""
    folded = fold(name or "")
    return any(word in folded for word in IDENTITY_WORDS)


def wrap(sealer: Sealer, data: bytes) -> bytes:
    """The bytes to write for `data`: unchanged for Plain, else header + sealed bytes."""
    if isinstance(sealer, Plain):
        return data
    return HEADER + sealer.name.encode("ascii") + b"\x00" + sealer.seal(data)


def unwrap(sealer: Sealer | None, stored: bytes) -> bytes:
    """The plain content of stored bytes; ValueError when they need a sealer we lack."""
    if not stored.startswith(HEADER):
        return stored
    name, _, body = stored[len(HEADER) :].partition(b"\x00")
    if sealer is None or sealer.name.encode("ascii") != name:
        raise ValueError(f"sealed by {name.decode('ascii', 'replace')!r}")
    return sealer.unseal(body)
