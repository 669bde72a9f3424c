"""Registered electronic receipts (biên lai điện tử, NĐ 123/2020/NĐ-CP): the interface only.

An office that issues e-receipts through a registered provider plugs one in here; the
desk ships none. The provider gets everything the paper receipt carries and answers
with its own lookup code, kept with the dossier so the receipt can be found again.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from desk import clock
from desk.dossiers.model import Dossier
from desk.errors import InvalidInput
from desk.office import body_name


@dataclass(frozen=True)
class ReceiptData:
    """What a biên lai says, for a provider to register."""

    unit_code: str
    collector: str  # the body that collects ("Ủy ban nhân dân xã Hòa Phú")
    tax_code: str
    form: str  # mẫu số
    series: str  # ký hiệu
    number: int
    dossier_code: str
    payer_name: str
    payer_address: str
    fee_name: str  # tên loại phí, lệ phí
    category: str  # "phi" | "le_phi"
    amount: int  # đồng
    detail: str  # how the amount was worked out
    issued_at: datetime


@dataclass(frozen=True)
class RegisteredReceipt:
    provider: str
    lookup_code: str  # mã tra cứu the citizen can check the receipt with
    url: str = ""


class EReceiptProvider(Protocol):
    """A registered e-receipt service (a provider under NĐ 123/2020 Art. 12 onwards)."""

    name: str

    def issue(self, receipt: ReceiptData) -> RegisteredReceipt:
        """Register the receipt; raise a DeskError with a Vietnamese message on refusal."""
        ...

    def cancel(self, lookup_code: str, reason: str) -> None:
        """Cancel a registered receipt (hủy biên lai) with the reason."""
        ...


def receipt_data(dossier: Dossier, office) -> ReceiptData:
    """The receipt of a dossier that has its number (desk.fee_receipts.issue)."""
    receipt = dossier.fee_receipt
    if receipt is None:
        raise InvalidInput(f"Hồ sơ {dossier.code} chưa được lập biên lai thu phí, lệ phí.")
    payer = dossier.submitter or dossier.applicant
    return ReceiptData(
        unit_code=office.unit_code,
        collector=body_name(office),
        tax_code=office.tax_code,
        form=receipt.form,
        series=receipt.series,
        number=receipt.number,
        dossier_code=dossier.code,
        payer_name=payer.name,
        payer_address=payer.address,
        fee_name=dossier.fee_name,
        category=dossier.fee_category,
        amount=dossier.fee,
        detail=dossier.fee_detail,
        issued_at=receipt.issued_at,
    )


def register(store, dossier: Dossier, provider: EReceiptProvider, *, actor: str) -> None:
    """Send an issued receipt to the provider and keep its lookup code with the dossier."""
    registered = provider.issue(receipt_data(dossier, store.office()))
    with store.write() as db:
        row = db.execute("SELECT data FROM dossiers WHERE id = ?", [dossier.id]).fetchone()
        data = json.loads(row[0] or "{}")
        data.setdefault("fee_receipt", {})["registered"] = {
            "provider": registered.provider,
            "lookup_code": registered.lookup_code,
            "url": registered.url,
        }
        db.execute(
            "UPDATE dossiers SET data = ?, updated_at = ? WHERE id = ?",
            [json.dumps(data, ensure_ascii=False), clock.iso(store.now()), dossier.id],
        )
        from desk.store import audit

        audit.record(
            db,
            actor,
            "dossier.fee_receipt_registered",
            "dossier",
            dossier.id,
            {"provider": registered.provider, "lookup_code": registered.lookup_code},
            at=store.now(),
        )
