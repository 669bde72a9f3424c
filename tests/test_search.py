"""Search folds case, tone marks and đ→d, on names, ID numbers, phones and codes."""

from hypothesis import given
from hypothesis import strategies as st

from desk import dossiers
from desk.dossiers.search import match_expression
from desk.text import fold

PEOPLE = [
    ("Nguyễn Văn Đức", "001099012345", "0912000001"),
    ("Trần Thị Hương", "036185000111", "0988000002"),
    ("Lê Đình Dũng", "038090000222", "0977000003"),
    ("Nguyễn Thị Duyên", "040302000333", "0966000004"),
]


def _fill(store):
    made = {}
    for name, id_number, phone in PEOPLE:
        d = dossiers.receive(
            store,
            {
                "procedure": "1.001193",
                "applicant": {"name": name, "id_number": id_number, "phone": phone},
                "received_at": "2026-11-23T09:00",
            },
            actor="x",
        )
        made[name] = d.code
    return made


def names(results):
    return [d.applicant.name for d in results]


def test_folded_queries_find_vietnamese_names(store):
    _fill(store)
    assert names(dossiers.search(store, "nguyen van duc")) == ["Nguyễn Văn Đức"]
    assert names(dossiers.search(store, "NGUYỄN VĂN ĐỨC")) == ["Nguyễn Văn Đức"]
    assert set(names(dossiers.search(store, "nguyen"))) == {"Nguyễn Văn Đức", "Nguyễn Thị Duyên"}
    assert names(dossiers.search(store, "dinh dung")) == ["Lê Đình Dũng"]
    assert names(dossiers.search(store, "huong")) == ["Trần Thị Hương"]


def test_prefixes_ids_phones_and_codes(store):
    made = _fill(store)
    assert names(dossiers.search(store, "0360")) == []  # a phone prefix that nobody has
    assert names(dossiers.search(store, "036185")) == ["Trần Thị Hương"]
    assert names(dossiers.search(store, "0977")) == ["Lê Đình Dũng"]
    code = made["Nguyễn Thị Duyên"]
    assert names(dossiers.search(store, code)) == ["Nguyễn Thị Duyên"]
    assert names(dossiers.search(store, code.split("-", 1)[1])) == ["Nguyễn Thị Duyên"]


def test_nothing_found_and_junk_queries(store):
    _fill(store)
    assert dossiers.search(store, "không có ai") == []
    assert dossiers.search(store, "   ") == []
    assert dossiers.search(store, '"*) OR (') == []  # FTS syntax is quoted, never injected


def test_fold_maps_d_stroke_and_marks():
    assert fold("Đặng Đức Đông") == "dang duc dong"
    assert fold("ĐỖ THỊ ỚT") == "do thi ot"


@given(st.text(max_size=60))
def test_match_expression_never_breaks(text):
    expr = match_expression(text)
    assert expr is None or all(part.endswith('"*') for part in expr.split(" AND "))
