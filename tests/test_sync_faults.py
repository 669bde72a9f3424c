"""Convergence under a misbehaving network: a Hypothesis state machine of intake, steps at
the counter, scans, status changes at the province and sync attempts, each attempt through
a loopback proxy that drops the request, drops the response after the server committed,
sends it twice, delays it, or cuts it mid-body either way. At rest: the server holds exactly
the desk's dossiers, once each, in the same state, with every scanned file hash-verified.

The default run is short; `-m slow` runs the long one.
"""

import hashlib
import itertools
import shutil

import httpx
import pytest
from faultproxy import FAULTS, FaultProxy
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sync_support import ServerProcess, intake_request, scan

from desk import dossiers
from desk.dossiers.lifecycle import allowed_actions
from desk.setup import init_office
from desk.store import open_store
from sync.client import accept_upstream, config, enrol, rejected_ops, sync_once

UNITS = itertools.count(1)
PROVINCE = ["in_progress", "done", "refused", "supplement_requested"]
STEPS = {"start": dossiers.start, "finish": dossiers.finish}


@pytest.fixture(scope="module")
def link(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("faults") / "server")
    proxy = FaultProxy(server.port, delay=0.2)
    yield server, proxy
    proxy.close()
    server.stop()


def machine(server, proxy, office_template, tmp_root, clock):
    class Sync(RuleBasedStateMachine):
        @initialize()
        def open_desk(self):
            n = next(UNITS)
            self.unit = f"000.00.{1 + n % 99:02d}.H{1 + n // 99 % 99:02d}"  # its own unit (QĐ 20)
            self.dir = tmp_root / f"desk-{n}"
            shutil.copytree(office_template, self.dir)
            self.store = open_store(self.dir, clock=clock)
            init_office(self.store, unit_code=self.unit, actor="test")
            proxy.clear()
            enrol(self.store, proxy.url, server.add_station(self.unit))
            self.upstream = config.connect(self.store)
            self.codes: list[str] = []
            self.synced: set[str] = set()
            self.seed = n * 1000

        @rule(n=st.integers(0, 99))
        def intake(self, n):
            self.codes.append(dossiers.receive(self.store, intake_request(n), actor="canbo").code)

        @rule(data=st.data())
        def counter_step(self, data):
            if not self.codes:
                return
            code = data.draw(st.sampled_from(self.codes))
            status = dossiers.get(self.store, code).status
            possible = [a for a in STEPS if a in allowed_actions(status)]
            if possible:
                STEPS[data.draw(st.sampled_from(possible))](self.store, code, actor="canbo")

        @rule(data=st.data(), big=st.booleans())
        def scan_paper(self, data, big):
            if not self.codes:
                return
            code = data.draw(st.sampled_from(self.codes))
            self.seed += 1
            scan(
                self.store,
                code,
                self.seed,
                ordinal=data.draw(st.integers(1, 2)),
                size=300_000 if big else 4000,
            )

        @rule(data=st.data(), status=st.sampled_from(PROVINCE))
        def province_changes_status(self, data, status):
            if not self.synced:
                return
            code = data.draw(st.sampled_from(sorted(self.synced)))
            r = server.admin("POST", f"/admin/dossiers/{code}/status", json={"status": status})
            assert r.status_code == 200, r.text

        @rule(fault=st.sampled_from((None, *FAULTS)), at=st.integers(0, 8))
        def sync(self, fault, at):
            proxy.fault_at(at, fault)
            sync_once(self.store, self.upstream)
            proxy.clear()
            self.synced = {
                r["code"]
                for r in self.store.query(
                    "SELECT DISTINCT d.code FROM dossiers d JOIN outbox o ON o.entity_id = d.id"
                    " WHERE o.kind = 'dossier.received' AND o.state = 'ACKED'"
                )
            }

        def teardown(self):
            store = getattr(self, "store", None)
            if store is None:
                return
            try:
                proxy.clear()
                self.converge()
                self.check()
            finally:
                store.close()

        def converge(self):
            for _ in range(8):
                report = sync_once(self.store, self.upstream)
                rejected = rejected_ops(self.store)
                settled = set()
                for r in rejected:
                    assert r["reason_code"] == "conflict", r
                    if r["can_accept_upstream"] and r["dossier_id"] not in settled:
                        accept_upstream(self.store, r["op_id"], actor="canbo")
                        settled.add(r["dossier_id"])
                if report.complete and not rejected:
                    return
            raise AssertionError(f"did not converge: {report}")

        def check(self):
            held = server.dossiers(self.unit)
            mine = {
                r["code"]: r
                for r in self.store.query("SELECT id, code, status, version FROM dossiers")
            }
            codes = [d["code"] for d in held]
            assert len(codes) == len(set(codes))  # no duplicates
            assert set(codes) == set(mine)  # every dossier, nothing else
            for d in held:
                local = mine[d["code"]]
                assert (d["status"], d["version"]) == (local["status"], local["version"]), d
                assert not d["conflict"]
                assert d["complete"], d
                for f in d["files"]:
                    blob = (
                        server.data_dir / "blobs" / f["sha256"][:2] / f["sha256"][2:4] / f["sha256"]
                    )
                    assert hashlib.sha256(blob.read_bytes()).hexdigest() == f["sha256"]
            docs = self.store.query(
                "SELECT d.code, doc.ordinal, doc.pdf_sha256 FROM documents doc JOIN dossiers d"
                " ON d.id = doc.dossier_id WHERE doc.pdf_sha256 IS NOT NULL"
            )
            files = {(d["code"], f["ordinal"]): f["sha256"] for d in held for f in d["files"]}
            for doc in docs:
                assert files[(doc["code"], doc["ordinal"])] == doc["pdf_sha256"]

    return Sync


def _run(link, office_template, tmp_path, office_clock, examples, steps):
    server, proxy = link
    Sync = machine(server, proxy, office_template, tmp_path, office_clock)
    run_state_machine_as_test(
        Sync,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=False,
        ),
    )


def test_convergence_under_faults(link, office_template, tmp_path, office_clock):
    _run(link, office_template, tmp_path, office_clock, examples=6, steps=14)


@pytest.mark.slow
def test_convergence_under_faults_long(link, office_template, tmp_path, office_clock):
    _run(link, office_template, tmp_path, office_clock, examples=30, steps=25)


def test_the_proxy_really_misbehaves(link):
    _server, proxy = link
    for fault in FAULTS:
        proxy.fault_at(0, fault)
        try:
            r = httpx.get(proxy.url + "/healthz", timeout=5)
            ok = r.status_code == 200 and r.json()["ok"]
        except httpx.HTTPError:
            ok = False
        assert ok == (fault in ("duplicate", "delay")), fault
    proxy.clear()
