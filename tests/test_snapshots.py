"""Catalog and holiday snapshots: installed on init, replaced atomically, old versions kept."""

import pytest
from helpers import office_time

from desk import dossiers
from desk.errors import CatalogError
from desk.store.snapshots import calendar, catalog_version, install_catalog


def test_init_installs_the_bundled_catalog_and_calendar(store):
    from desk.catalog import bundled_catalog

    assert catalog_version(store).version == bundled_catalog().version
    assert store.scalar("SELECT COUNT(*) FROM calendar_versions WHERE active = 1") == 1
    assert calendar(store).is_working_day(
        __import__("datetime").date(2026, 1, 10)
    )  # worked Saturday


def test_newer_catalog_replaces_the_active_one_and_old_dossiers_keep_theirs(store):
    before = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Một"}}, actor="x"
    )
    newer = catalog_version(store).to_json()
    newer["version"] = "2027.03-tinh"
    for proc in newer["procedures"]:
        if proc["code"] == "1.001193":
            proc["name"] = "Đăng ký khai sinh (Luật Hộ tịch 2026)"
    install_catalog(store, newer)
    assert catalog_version(store).version == "2027.03-tinh"
    after = dossiers.receive(
        store, {"procedure": "1.001193", "applicant": {"name": "Hai"}}, actor="x"
    )
    assert after.procedure_name == "Đăng ký khai sinh (Luật Hộ tịch 2026)"
    assert dossiers.get(store, before.code).procedure_name == "Đăng ký khai sinh"
    assert dossiers.get(store, before.code).catalog_version != "2027.03-tinh"
    assert store.scalar("SELECT COUNT(*) FROM catalog_versions WHERE active = 1") == 1


def test_bad_catalog_changes_nothing(store):
    active = catalog_version(store).version
    bad = catalog_version(store).to_json()
    bad["version"] = "broken"
    bad["procedures"][0]["time_limit"] = {"kind": "sometime"}
    with pytest.raises(CatalogError):
        install_catalog(store, bad)
    assert catalog_version(store).version == active
    assert store.scalar("SELECT COUNT(*) FROM catalog_versions WHERE version = 'broken'") == 0


def test_catalog_install_command(data_dir, tmp_path, capsys):
    import json

    from cli.main import main
    from desk.catalog import bundled_catalog

    newer = bundled_catalog().to_json()
    newer["version"] = "2099.01"
    f = tmp_path / "c.json"
    f.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    assert main(["--data", str(data_dir), "catalog", "install", str(f)], clock=office_time()) == 0
    assert "2099.01" in capsys.readouterr().out
    f.write_text("{oops", encoding="utf-8")
    assert main(["--data", str(data_dir), "catalog", "install", str(f)], clock=office_time()) != 0
    assert "Lỗi:" in capsys.readouterr().err
