"""The biên lai thu phí, lệ phí of a dossier: numbered per office, series and year.

NĐ 123/2020/NĐ-CP: a receipt carries its form (Mẫu số), series (Ký hiệu) and a number
that runs per series through the year. The office sets the form and series (setting
`fee_receipt`: {"form": "…", "series": "…"}, optionally "first_number" when a paper book
was already in use that year); a blank series is refused rather than printing a receipt
nobody can account for. A free procedure gets no receipt. A number, once given to a
dossier, is the one every reprint shows. Registered electronic receipts go through an
`EReceiptProvider` (desk.ereceipts) when the office has one.
"""

import json
from dataclasses import dataclass

from desk import clock
from desk.dossiers.model import Dossier
from desk.dossiers.query import get
from desk.errors import IllegalTransition, InvalidInput
from desk.ids import uuid7
from desk.officers import signing_name
from desk.store import audit, outbox
from desk.text import clean

SETTING = "fee_receipt"


@dataclass(frozen=True)
class Series:
    form: str  # mẫu số
    series: str  # ký hiệu
    first_number: int = 1


def series(store) -> Series:
    """The office's receipt form and series, or a Vietnamese message saying what to set."""
    raw = store.setting(SETTING) or {}
    if not isinstance(raw, dict):
        raw = {}
    form, code = clean(str(raw.get("form") or "")), clean(str(raw.get("series") or ""))
    if not form or not code:
        raise InvalidInput(
            "Chưa đặt Mẫu số và Ký hiệu biên lai thu phí, lệ phí của văn phòng nên không lập "
            "được biên lai (Nghị định 123/2020/NĐ-CP). Hãy đặt, ví dụ: "
            'desk settings set fee_receipt \'{"form": "01BLP0-001", "series": "HP-26P"}\'.'
        )
    try:
        first = max(int(raw.get("first_number") or 1), 1)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("fee_receipt.first_number phải là số nguyên dương.") from exc
    return Series(form, code, first)


def issue(store, code: str, *, actor: str, officer: str | None = None, provider=None) -> Dossier:
    """Give the dossier's fee its receipt number (once); returns the dossier with it.

    `officer` is the collecting officer's full name when the window knows it; `provider`
    an `EReceiptProvider` to register the receipt with (none is shipped).
    """
    dossier = get(store, code)
    if dossier.fee_receipt is not None:
        return dossier
    if dossier.fee <= 0:
        raise InvalidInput(
            f"Hồ sơ {dossier.code} không thu phí, lệ phí nên không lập biên lai thu phí, lệ phí."
        )
    chosen = series(store)
    name = signing_name(store, actor, officer)
    recorded = store.now()
    year = clock.to_vn(recorded).year
    office = store.office()
    with store.write() as db:
        row = db.execute(
            "SELECT data, version, status FROM dossiers WHERE id = ?", [dossier.id]
        ).fetchone()
        data = json.loads(row[0] or "{}")
        if data.get("fee_receipt"):
            raise IllegalTransition(f"Hồ sơ {dossier.code} đã có biên lai.")
        last = db.execute(
            "SELECT MAX(number) FROM fee_receipts WHERE unit_code = ? AND series = ? AND year = ?",
            [office.unit_code, chosen.series, year],
        ).fetchone()[0]
        number = max((last or 0) + 1, chosen.first_number)
        receipt = {
            "form": chosen.form,
            "series": chosen.series,
            "number": number,
            "issued_at": clock.iso(recorded),
            "issued_by": name,
        }
        db.execute(
            "INSERT INTO fee_receipts (id, dossier_id, unit_code, form, series, year, number,"
            " amount, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                uuid7(),
                dossier.id,
                office.unit_code,
                chosen.form,
                chosen.series,
                year,
                number,
                dossier.fee,
                clock.iso(recorded),
                name,
            ],
        )
        data["fee_receipt"] = receipt
        db.execute(
            "UPDATE dossiers SET data = ?, version = version + 1, updated_at = ? WHERE id = ?",
            [json.dumps(data, ensure_ascii=False), clock.iso(recorded), dossier.id],
        )
        note = f"Biên lai {chosen.series} số {number:07d}"
        db.execute(
            "INSERT INTO dossier_events (id, dossier_id, at, kind, actor, from_status, to_status,"
            " note, data) VALUES (?, ?, ?, 'fee_receipt', ?, ?, ?, ?, ?)",
            [
                uuid7(),
                dossier.id,
                clock.iso(recorded),
                actor,
                row[2],
                row[2],
                note,
                json.dumps(receipt, ensure_ascii=False),
            ],
        )
        payload = {"id": dossier.id, "code": dossier.code, "amount": dossier.fee, **receipt}
        outbox.enqueue(
            db,
            store.station["id"],
            "dossier",
            dossier.id,
            "dossier.fee_receipt",
            payload,
            row[1],
            at=recorded,
        )
        audit.record(db, actor, "dossier.fee_receipt", "dossier", dossier.id, payload, at=recorded)
    issued = get(store, code)
    if provider is not None:
        from desk.ereceipts import register

        register(store, issued, provider, actor=actor)
        issued = get(store, code)
    return issued
