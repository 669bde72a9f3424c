"""A dossier's details and history as HTML for a QTextBrowser."""

from datetime import datetime
from html import escape

from desk.dossiers.labels import event_label, fee_text, paper_text
from desk.dossiers.model import Dossier


def _row(label: str, value: str) -> str:
    return f"<tr><td style='color:#5f6b7a;padding-right:12px'>{escape(label)}</td><td>{value}</td></tr>"


def _appointment(d: Dossier) -> str:
    if d.appointment is None:
        return "không hẹn trả"
    mark = " <i>(dự kiến: lịch nghỉ chưa có thông báo)</i>" if d.due_provisional else ""
    return f"<b>{d.appointment:%H:%M, %d/%m/%Y}</b> ({escape(d.time_limit_text)}){mark}"


def dossier_html(d: Dossier, now: datetime) -> str:
    e = escape
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
        rows.append(_row("Người nộp", e(d.submitter.name)))
    rows += [
        _row("Trạng thái", f"{e(d.status_label)}{late}"),
        _row("Kênh nộp", e(d.channel_label)),
        _row("Tiếp nhận", f"{d.received_at:%H:%M, %d/%m/%Y} — {e(d.receiver_name or d.receiver)}"),
        _row("Hẹn trả", _appointment(d)),
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
        rows.append(_row("Hẹn lại", f"{d.apology.new_due:%H:%M, %d/%m/%Y} — {e(d.apology.reason)}"))
    if d.returned_at:
        rows.append(_row("Đã trả", f"{d.returned_at:%H:%M, %d/%m/%Y} cho {e(d.returned_to)}"))
    papers = "".join(
        f"<tr><td>{p.ordinal}</td><td>{e(p.name)}</td>"
        f"<td>{e(paper_text(p.kind, p.count, shown=p.shown))}</td></tr>"
        for p in d.papers
    )
    history = "".join(
        f"<tr><td>{ev.at:%H:%M %d/%m/%Y}</td><td>{e(event_label(ev.kind))}</td>"
        f"<td>{e(ev.actor)}</td><td>{e(ev.note)}</td></tr>"
        for ev in d.events
    )
    table = "cellspacing='0' cellpadding='4' width='100%'"
    return (
        f"<h2 style='margin:0'>{e(d.code)}</h2>"
        f"<table cellpadding='3'>{''.join(rows)}</table>"
        f"<h3>Thành phần hồ sơ</h3><table {table} border='0'>"
        "<tr style='background:#eef1f5'><th>TT</th><th align='left'>Giấy tờ</th><th>Số lượng</th></tr>"
        f"{papers or '<tr><td colspan=3>—</td></tr>'}</table>"
        f"<h3>Quá trình xử lý</h3><table {table}>"
        "<tr style='background:#eef1f5'><th align='left'>Thời gian</th><th align='left'>Việc</th>"
        "<th align='left'>Người thực hiện</th><th align='left'>Ghi chú</th></tr>"
        f"{history}</table>"
    )
