"""The notices snapshot: bundled data, replacement by a newer one, refusal of bad data."""

import copy
import json
from datetime import date

import pytest

from desk.calendar import Calendar, bundled_snapshot, load_snapshot
from desk.calendar.loading import BUNDLED
from desk.errors import CalendarError


@pytest.fixture
def raw() -> dict:
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


def test_bundled_snapshot_has_its_metadata_and_years():
    snap = bundled_snapshot()
    assert snap.version and snap.source and snap.issued.year >= 2026
    assert sorted(snap.years) == [2024, 2025, 2026, 2027]
    assert snap.years[2027].provisional
    for year in snap.years.values():
        for entry in (*year.days_off, *year.worked_days, *year.removed, *year.notices):
            assert entry.ref


def test_to_json_round_trips(raw):
    snap = load_snapshot(raw)
    again = load_snapshot(json.loads(json.dumps(snap.to_json())))
    assert again == snap
    assert again.to_json() == snap.to_json()


def test_load_from_a_path_string(tmp_path, raw):
    path = tmp_path / "tinh.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert load_snapshot(str(path)) == load_snapshot(raw)


def test_a_newer_snapshot_from_the_province_replaces_the_bundled_one(raw):
    newer = copy.deepcopy(raw)
    newer["version"] = "2026.12.01"
    year = newer["years"]["2026"]
    # Suppose a notice swaps Monday 23/11 for Saturday 28/11 around Ngày Văn hóa…
    year["days_off"].append(
        {
            "date": "2026-11-23",
            "name": "Nghỉ hoán đổi, làm bù thứ Bảy 28/11/2026",
            "ref": "CV 1/TEST",
        }
    )
    year["worked_days"].append(
        {"date": "2026-11-28", "name": "Làm bù", "ref": "CV 1/TEST", "in_place_of": "2026-11-23"}
    )
    # …and takes back a day the package lists (made up for the test).
    year["removed"].append({"date": "2026-04-27", "ref": "CV 2/TEST", "note": "thử"})
    cal, old = Calendar(load_snapshot(newer)), Calendar()
    assert not cal.is_working_day(date(2026, 11, 23)) and old.is_working_day(date(2026, 11, 23))
    assert cal.is_working_day(date(2026, 11, 28)) and not old.is_working_day(date(2026, 11, 28))
    assert cal.is_working_day(date(2026, 4, 27)) and not old.is_working_day(date(2026, 4, 27))
    assert cal.day_off(date(2026, 11, 23)).ref == "CV 1/TEST"


def test_a_year_missing_from_the_snapshot_falls_back_to_the_package(raw):
    del raw["years"]["2026"]
    cal = Calendar(load_snapshot(raw))
    assert cal.is_working_day(date(2026, 1, 2))  # the package lacks the 02/01 swap
    assert cal.is_provisional(date(2026, 1, 1))


def _error(data) -> str:
    with pytest.raises(CalendarError) as err:
        load_snapshot(data)
    return err.value.message


def test_malformed_snapshots_are_refused_in_vietnamese(raw):
    bad = copy.deepcopy(raw)
    bad["years"]["2026"]["worked_days"][0]["date"] = "2026-13-10"
    message = _error(bad)
    assert message.startswith("Dữ liệu ngày nghỉ không hợp lệ")
    assert "years.2026.worked_days[0].date" in message and "2026-13-10" in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r.pop("version"), "version: thiếu"),
        (lambda r: r.update(issued="hôm qua"), "issued"),
        (lambda r: r.update(years=[]), "years"),
        (lambda r: r["years"].update({"20x6": {}}), "không phải một năm"),
        (lambda r: r.update(format=9), "định dạng"),
        (
            lambda r: r["years"]["2026"]["days_off"].append(
                {"date": "2025-12-31", "name": "x", "ref": "y"}
            ),
            "không thuộc năm 2026",
        ),
        (
            lambda r: r["years"]["2026"]["days_off"].append({"date": "2026-03-02", "name": "Nghỉ"}),
            "ref: thiếu",
        ),
        (
            lambda r: r["years"]["2026"]["worked_days"].append(
                {"date": "2026-03-06", "name": "Làm bù", "ref": "x"}
            ),
            "thứ Bảy hoặc Chủ nhật",
        ),
        (
            lambda r: r["years"]["2026"]["removed"].append({"date": "2026-01-02", "ref": "x"}),
            "đã có trong days_off",
        ),
        (
            lambda r: r["years"]["2027"]["provisional"].append(
                {"from": "2027-03-05", "to": "2027-03-01", "name": "x"}
            ),
            "trước ngày bắt đầu",
        ),
        (lambda r: r["years"]["2024"].update(days_off={"date": "2024-01-02"}), "danh sách"),
        (lambda r: r["years"]["2024"]["worked_days"][0].update(name=5), "phải là chữ"),
    ],
)
def test_each_problem_is_named(raw, change, words):
    change(raw)
    assert words in _error(raw)


def test_not_an_object_and_not_json(tmp_path):
    assert "đối tượng JSON" in _error([1, 2])
    broken = tmp_path / "hong.json"
    broken.write_text('{"version": "1",', encoding="utf-8")
    assert "không phải JSON hợp lệ" in _error(broken)
    assert "Không tìm thấy" in _error(tmp_path / "khong-co.json")


def test_several_problems_are_all_reported(raw):
    raw.pop("version")
    raw.pop("source")
    with pytest.raises(CalendarError) as err:
        load_snapshot(raw)
    assert "version" in err.value.message and "source" in err.value.message
    assert err.value.detail.count("\n") == 1
