"""A dossier's details, papers with their scans and history as HTML for a QTextBrowser.

Everything an officer reads is in their words: statuses and steps in Vietnamese, people
by full name (never a login), paper kinds as "Bản chính × 3". `load_details` gathers what
the page needs off the GUI thread (the record, who is who, a thumbnail of each scan).
"""

import base64
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

import cv2
import numpy as np

from desk import dossiers
from desk.dossiers.model import Dossier
from desk.labels import event_label, fee_text, paper_text
from desk.users import actor_label, full_names

THUMB = 96  # px, the long side of a scan's thumbnail


@dataclass(frozen=True)
class Details:
    dossier: Dossier
    names: dict[str, str]
    thumbs: dict[int, str] = field(default_factory=dict)  # paper ordinal → PNG data URI
    scanned: dict[int, int] = field(default_factory=dict)  # paper ordinal → pages in its PDF


def _thumb(data: bytes) -> str | None:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return None
    h, w = image.shape[:2]
    scale = THUMB / max(h, w)
    small = cv2.resize(
        image, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA
    )
    ok, png = cv2.imencode(".png", small)
    return "data:image/png;base64," + base64.b64encode(png.tobytes()).decode() if ok else None


def load_details(store, code: str) -> Details:
    """The dossier, the people's names and a thumbnail of each scanned paper's first page."""
    from desk.dossiers.scans import papers as scanned_papers

    dossier = dossiers.get(store, code)
    thumbs, scanned = {}, {}
    for paper in scanned_papers(store, code):
        if paper.pdf_sha256:
            scanned[paper.ordinal] = paper.pages
            if paper.page_sha256:
                uri = _thumb(store.files.read(paper.page_sha256[0]))
                if uri:
                    thumbs[paper.ordinal] = uri
    return Details(dossier, full_names(store), thumbs, scanned)


def _row(label: str, value: str) -> str:
    return f"<tr><td style='color:#5f6b7a;padding-right:12px'>{escape(label)}</td><td>{value}</td></tr>"


def _when(moment: datetime) -> str:
    return f"{moment:%H:%M, %d/%m/%Y}"


def _appointment(d: Dossier) -> str:
    if d.appointment is None:
        return "không hẹn trả"
    mark = " <i>(dự kiến: lịch nghỉ chưa có thông báo)</i>" if d.due_provisional else ""
    return f"<b>{_when(d.appointment)}</b> ({escape(d.time_limit_text)}){mark}"


def dossier_html(details: Details, now: datetime) -> str:
    d, e = details.dossier, escape
    who = lambda actor: e(actor_label(actor, details.names))  # noqa: E731
    late = " <b style='color:#b3261e'>QUÁ HẠN</b>" if d.is_overdue(now) else ""
    person = d.applicant
    rows = [
        _row(
            "Thủ tục",
            f"{e(d.procedure_name)} <span style='color:#5f6b7a'>({e(d.procedure_code)})</span>",
        ),
        _row("Lĩnh vực", e(d.field)),
        _row("Người yêu cầu", f"<b>{e(person.name)}</b>"),
        _row("Số định danh", e(person.id_number) or "—"),
        _row("Địa chỉ", e(person.address) or "—"),
        _row("Điện thoại", e(person.phone) or "—"),
    ]
    if d.submitter:
        rows.append(_row("Người nộp thay", e(d.submitter.name)))
    rows += [
        _row("Trạng thái", f"{e(d.status_label)}{late}"),
        _row("Kênh nộp", e(d.channel_label)),
        _row("Tiếp nhận", f"{_when(d.received_at)} — {e(d.receiver_name or who(d.receiver))}"),
        _row("Hẹn trả", _appointment(d)),
    ]
    rows += [
        _row("Nhận kết quả", e(d.delivery_label)),
        _row(
            "Phí, lệ phí",
            e(fee_text(d.fee, d.fee_category))
            + (f" — {e(d.fee_detail)}" if d.fee and d.fee_detail else ""),
        ),
    ]
    if d.extension:
        rows.append(_row("Kéo dài", f"{d.extension.days:02d} ngày — {e(d.extension.reason)}"))
    if d.refusal_reason:
        rows.append(_row("Lý do từ chối", e(d.refusal_reason)))
    if d.stop_reason:
        rows.append(_row("Lý do dừng", e(d.stop_reason)))
    if d.supplement and not d.supplement.supplemented_at:
        rows.append(_row("Chờ bổ sung", e(d.supplement.reason)))
    if d.apology:
        rows.append(_row("Hẹn lại", f"{_when(d.apology.new_due)} — {e(d.apology.reason)}"))
    if d.returned_at:
        rows.append(_row("Đã trả", f"{_when(d.returned_at)} cho {e(d.returned_to)}"))
    papers = []
    for p in d.papers:
        kind = paper_text(p.kind, p.count, shown=p.shown)
        if p.ordinal in details.scanned:
            thumb = details.thumbs.get(p.ordinal)
            image = f"<img src='{thumb}' height='48'> " if thumb else ""
            scan = f"{image}<a href='paper:{p.ordinal}'>Mở bản PDF ({details.scanned[p.ordinal]} trang)</a>"
        else:
            scan = "<span style='color:#5f6b7a'>chưa số hóa</span>"
        papers.append(
            f"<tr><td>{p.ordinal}</td><td>{e(p.name)}</td><td>{e(kind)}</td><td>{scan}</td></tr>"
        )
    history = "".join(
        f"<tr><td>{ev.at:%H:%M %d/%m/%Y}</td><td>{e(event_label(ev.kind))}</td>"
        f"<td>{who(ev.actor)}</td><td>{e(ev.note)}</td></tr>"
        for ev in d.events
    )
    table = "cellspacing='0' cellpadding='4' width='100%'"
    return (
        f"<h2 style='margin:0'>{e(d.code)}</h2>"
        f"<table cellpadding='3'>{''.join(rows)}</table>"
        f"<h3>Thành phần hồ sơ</h3><table {table} border='0'>"
        "<tr style='background:#eef1f5'><th>TT</th><th align='left'>Giấy tờ</th><th align='left'>Loại bản</th>"
        "<th align='left'>Bản số hóa</th></tr>"
        f"{''.join(papers) or '<tr><td colspan=4>—</td></tr>'}</table>"
        f"<h3>Quá trình xử lý</h3><table {table}>"
        "<tr style='background:#eef1f5'><th align='left'>Thời gian</th><th align='left'>Việc</th>"
        "<th align='left'>Người thực hiện</th><th align='left'>Ghi chú</th></tr>"
        f"{history}</table>"
    )
