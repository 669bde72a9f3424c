"""The words an officer reads for the app's internal values, in one place.

The CLI, the window and the forms print these labels, never the stored words
("original", "received", "start"), so a screen and a paper always say the same.
"""

STATUS_LABELS = {
    "received": "Đã tiếp nhận",
    "supplement_requested": "Chờ bổ sung",
    "in_progress": "Đang giải quyết",
    "done": "Có kết quả, chờ trả",
    "returned": "Đã trả kết quả",
    "refused": "Từ chối",
    "stopped": "Dừng giải quyết",
}

CHANNELS = {"direct": "Trực tiếp", "online": "Trực tuyến", "post": "Dịch vụ bưu chính"}
DELIVERIES = {"counter": "Tại Bộ phận Một cửa", "post": "Qua dịch vụ bưu chính"}
PAPER_KINDS = {"original": "Bản chính", "certified": "Bản chứng thực", "photo": "Bản photo"}
# A paper only shown for checking (xuất trình) is handed back, not kept in the dossier.
SHOWN = "Xuất trình để đối chiếu"

# History lines: one label per lifecycle step (desk.dossiers.lifecycle action names).
EVENT_LABELS = {
    "received": "Tiếp nhận",
    "request_supplement": "Yêu cầu bổ sung",
    "supplement": "Nhận bổ sung",
    "start": "Chuyển giải quyết",
    "finish": "Có kết quả",
    "return": "Trả kết quả",
    "refuse": "Từ chối",
    "stop": "Dừng giải quyết",
    "apologise": "Xin lỗi, hẹn lại",
    "transfer": "Chuyển hồ sơ",
    "handover": "Bàn giao hồ sơ",
    "fee_receipt": "Lập biên lai thu phí, lệ phí",
}

# Sync operations as an officer names them (rejected operations, the hub's status).
OP_KINDS = {
    "dossier.received": "Tiếp nhận",
    "document.scanned": "Số hóa",
    "dossier.corrected": "Sửa thông tin hồ sơ",
    "dossier.accept_upstream": "Nhận theo cấp tỉnh",
    **{f"dossier.{step}": name for step, name in EVENT_LABELS.items() if step != "received"},
}

# Phí is the price of a public service (chứng thực: TT 226/2016/TT-BTC); lệ phí is the
# charge for a state act (hộ tịch: TT 85/2019/TT-BTC). They are booked apart.
FEE_CATEGORIES = {"phi": "Phí", "le_phi": "Lệ phí"}


def label(table: dict[str, str], value: str) -> str:
    """The label of `value`, or the value itself when the table does not know it."""
    return table.get(value, value)


def status_label(status: str) -> str:
    return label(STATUS_LABELS, str(status))


def event_label(kind: str) -> str:
    return label(EVENT_LABELS, kind)


def paper_kind_label(kind: str) -> str:
    return label(PAPER_KINDS, kind)


def paper_text(kind: str, count: int, *, shown: bool = False) -> str:
    """ "Bản chính × 3", or "Bản chính × 1 (xuất trình để đối chiếu)" for a paper only shown."""
    text = f"{paper_kind_label(kind)} × {count}"
    return f"{text} ({SHOWN.lower()})" if shown else text


def fee_label(category: str) -> str:
    """ "Phí", "Lệ phí", or "Phí, lệ phí" when the category is not known."""
    return FEE_CATEGORIES.get(category, "Phí, lệ phí")


def money(amount: int) -> str:
    """50000 → "50.000 đ"."""
    return f"{amount:,}".replace(",", ".") + " đ"


def fee_text(amount: int, category: str) -> str:
    """What the citizen pays, named as the law names it: "Lệ phí: 8.000 đ", "Không thu"."""
    if not amount:
        return "Không thu phí, lệ phí"
    return f"{fee_label(category)}: {money(amount)}"


def sync_status_text(unsynced_dossiers: int) -> str:
    """The status bar's words for what has not reached the province yet."""
    if unsynced_dossiers:
        return f"Chưa đồng bộ lên hệ thống tỉnh: {unsynced_dossiers} hồ sơ"
    return "Đã đồng bộ hết lên hệ thống tỉnh"
