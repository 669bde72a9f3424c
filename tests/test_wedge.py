"""Keyboard-wedge scanner or person: recorded timings, the live detector, the input method."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.scan.route import route
from desk.wedge import (
    KeyEvent,
    Release,
    Scan,
    WedgeConfig,
    WedgeDetector,
    char_for_key,
    char_for_scan_code,
    classify,
    compose,
    ime_mangled,
    repair_scan,
    telex_keys,
    unmangle,
    vni_keys,
)

FIXTURES = sorted((Path(__file__).parent / "data" / "wedge").glob("*.json"))

TODAY = date(2026, 11, 25)  # the office's day of these scans


def load(path: Path) -> tuple[dict, list[KeyEvent]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    events = [KeyEvent(e["t"], e.get("text", ""), e.get("enter", False)) for e in data["events"]]
    return data, events


def replay(events, detector=None, *, poll_every=None):
    """Feed a recording live; with poll_every, a timer calls flush between keys as the UI does."""
    detector = detector or WedgeDetector()
    outputs = []
    for event in events:
        if poll_every is not None:
            deadline = detector.deadline()
            if deadline is not None and deadline < event.t_ms:
                outputs += detector.flush(deadline + poll_every)
        outputs += detector.feed(event)
    outputs += detector.flush(float("inf"))
    return outputs


def test_fixtures_cover_the_cases():
    names = {p.stem for p in FIXTURES}
    assert {
        "scanner_chunked_url",
        "scanner_cccd_unicode",
        "human_12_digits",
        "human_fast_typist",
    } <= names
    kinds = [json.loads(p.read_text(encoding="utf-8"))["expect"] for p in FIXTURES]
    assert kinds.count("scan") >= 5 and kinds.count("human") >= 5


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_classify_recorded_timings(path):
    data, events = load(path)
    verdict = classify(events)
    assert verdict.is_scan == (data["expect"] == "scan"), verdict
    if verdict.is_scan:
        assert repair_scan(verdict.text, today=TODAY) == data["payload"]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
@pytest.mark.parametrize("poll", [None, 1.0], ids=["keys-only", "with-timer"])
def test_detector_live_on_recorded_timings(path, poll):
    data, events = load(path)
    outputs = replay(events, poll_every=poll)
    scans = [o for o in outputs if isinstance(o, Scan)]
    if data["expect"] == "scan":
        assert len(scans) == 1 and repair_scan(scans[0].text, today=TODAY) == data["payload"]
        assert outputs == scans  # nothing of the scan leaks into the field
    else:
        assert scans == []
        assert compose(e for o in outputs for e in o.events) == compose(events)


@pytest.mark.parametrize(
    "path", [p for p in FIXTURES if p.stem.startswith("human")], ids=lambda p: p.stem
)
def test_person_typing_is_held_at_most_two_gaps(path):
    """With the UI's timer polling at the deadline, no typed key waits more than 2 × max_gap_ms
    (a rolled pair is held until the next key shows it is not scanner-fast)."""
    _, events = load(path)
    config = WedgeConfig()
    detector = WedgeDetector(config)
    released_at = {}
    for event in events:
        deadline = detector.deadline()
        if deadline is not None and deadline < event.t_ms:
            for out in detector.flush(deadline + 0.5):
                released_at.update({id(e): deadline + 0.5 for e in out.events})
        for out in detector.feed(event):
            released_at.update({id(e): event.t_ms for e in out.events})
    deadline = detector.deadline()
    for out in detector.flush(float("inf")):
        released_at.update({id(e): deadline + 0.5 for e in out.events})
    assert len(released_at) == len(events)
    for event in events:
        assert released_at[id(event)] - event.t_ms <= 2 * config.max_gap_ms + 0.5, event


def test_scan_right_after_typing_keeps_both():
    typed = [KeyEvent(t, ch) for t, ch in zip((0, 90, 200), "abc", strict=True)]
    scan = [KeyEvent(400 + 5 * i, ch) for i, ch in enumerate("H57.132-250101-0001")]
    events = [*typed, *scan, KeyEvent(scan[-1].t_ms + 5, is_enter=True)]
    outputs = replay(events)
    assert [o.text for o in outputs if isinstance(o, Scan)] == ["H57.132-250101-0001"]
    assert compose(e for o in outputs if isinstance(o, Release) for e in o.events) == "abc"


def test_configurable_thresholds():
    events = [KeyEvent(i * 25.0, ch) for i, ch in enumerate("12345678")] + [
        KeyEvent(200.0, is_enter=True)
    ]
    assert not classify(events).is_scan
    assert classify(events, WedgeConfig(max_gap_ms=40, max_mean_gap_ms=30)).is_scan
    short = [KeyEvent(i * 5.0, ch) for i, ch in enumerate("A012")] + [KeyEvent(20.0, is_enter=True)]
    assert classify(short).reason == "too_short"
    assert classify(short, WedgeConfig(min_length=4)).is_scan
    tab = [*short[:-1], KeyEvent(20.0, "\t")]
    assert classify(tab, WedgeConfig(min_length=4)).is_scan
    assert not classify(tab, WedgeConfig(min_length=4, tab_ends_scan=False)).is_scan


def test_without_terminator_a_fast_run_then_silence_is_a_scan():
    events = [KeyEvent(i * 4.0, ch) for i, ch in enumerate("8934563138165")]
    assert classify(events).reason == "no_terminator"
    config = WedgeConfig(require_terminator=False)
    assert classify(events, config).is_scan
    assert [o.text for o in replay(events, WedgeDetector(config)) if isinstance(o, Scan)] == [
        "8934563138165"
    ]


# --- never loses or reorders a keystroke ------------------------------------------------------

KEYS = st.sampled_from(["a", "b", "1", "|", "-", "đ", " ", "\t", "\b", "\r", ""])
GAPS = st.one_of(st.floats(0, 20), st.floats(20, 60), st.floats(60, 400))


@st.composite
def sessions(draw):
    """Keys typed by anyone at any speed, with timer polls at arbitrary moments between them."""
    steps = draw(
        st.lists(
            st.tuples(GAPS, KEYS, st.booleans(), st.booleans(), st.floats(0, 300)), max_size=80
        )
    )
    t = 0.0
    out = []
    for gap, text, enter, poll, poll_after in steps:
        t += gap
        is_enter = enter and text == ""
        out.append(("key", KeyEvent(t, text, is_enter)))
        if poll:
            out.append(("poll", t + poll_after))
    return out


CONFIGS = st.builds(
    WedgeConfig,
    max_gap_ms=st.floats(5, 60),
    max_mean_gap_ms=st.floats(5, 40),
    min_length=st.integers(1, 10),
    max_pauses=st.integers(0, 3),
    max_pause_ms=st.floats(20, 300),
    min_run_before_pause=st.integers(1, 10),
    tab_ends_scan=st.booleans(),
    require_terminator=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(sessions(), CONFIGS)
def test_detector_never_loses_or_reorders_keys(session, config):
    detector = WedgeDetector(config)
    fed, emitted = [], []
    now = 0.0
    for kind, item in session:
        if kind == "key":
            now = max(now, item.t_ms)
            fed.append(item)
            emitted += detector.feed(item)
        else:
            now = max(now, item)
            emitted += detector.flush(now)
        assert all(isinstance(o, Scan | Release) and o.events for o in emitted)
    emitted += detector.drain()
    assert detector.pending == () and detector.deadline() is None
    out_events = [e for o in emitted for e in o.events]
    assert [id(e) for e in out_events] == [id(e) for e in fed]
    for o in emitted:
        if isinstance(o, Scan):
            last = o.events[-1]
            ended = (
                last.is_enter
                or last.text in ("\r", "\n")
                or (last.text == "\t" and config.tab_ends_scan)
            )
            assert o.text == compose(o.events[:-1] if ended else o.events)
            assert len(o.text) >= config.min_length


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789ABCDEFXYZ|-.:/", min_size=6, max_size=120),
    st.floats(0.5, 16),
    st.floats(0, 500),
)
def test_any_fast_burst_with_enter_is_one_scan(payload, gap, t0):
    events = [KeyEvent(t0 + i * gap, ch) for i, ch in enumerate(payload)]
    events.append(KeyEvent(t0 + len(payload) * gap, is_enter=True))
    assert classify(events).is_scan
    assert [o.text for o in replay(events)] == [payload]


# --- keys rather than committed text; undoing Telex / VNI ---------------------------------------


def test_characters_from_key_codes_and_scan_codes():
    assert char_for_key(0x44, shift=False) == "d"  # Qt.Key_D, whatever the IME committed
    assert char_for_key(0x44, shift=True) == "D"
    assert char_for_key(0x7C, shift=True) == "|"
    assert char_for_key(0x01000004, shift=False) == ""  # Key_Return
    assert char_for_scan_code(32, False) == "d" and char_for_scan_code(43, True) == "|"
    assert char_for_scan_code(32 + 8, True, offset=8) == "D"  # X11 key code
    assert char_for_scan_code(999, False) == ""


def test_telex_and_vni_reverse_maps():
    assert telex_keys("đá") == "ddas"
    assert telex_keys("Đường") == "Dduwowfng"
    assert vni_keys("đá") == "d9a1"
    assert ime_mangled("5đ0ê3a") and not ime_mangled("H57.132-250101-0001")


@pytest.mark.parametrize(
    ("mangled", "meant"),
    [
        ("VE|H57|20250101|A012|5đ0ê3a", "VE|H57|20250101|A012|5dd0ee3a"),  # Telex dd, ee
        ("VE|H57|20250101|A012|â7b", "VE|H57|20250101|A012|aa7b"),
        ("VE|H57|20250101|A012|7á", "VE|H57|20250101|A012|7as"),  # tone key s after a vowel
        ("VE|H57|20250101|A012|ă1", "VE|H57|20250101|A012|aw1"),
    ],
)
def test_repair_scan_undoes_telex_when_the_result_is_ours(mangled, meant):
    assert (
        route(mangled, today=TODAY).kind == "ticket"
        and route(mangled, today=TODAY).value.ticket_id != meant.split("|")[-1]
    )
    assert repair_scan(mangled, today=TODAY) == meant


def test_repair_scan_leaves_real_vietnamese_alone():
    cccd = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Hà Nội|20042021"
    assert repair_scan(cccd, today=TODAY) == cccd
    assert (
        repair_scan("Nguyễn Văn An", today=TODAY) == "Nguyễn Văn An"
    )  # not ours either way: left as typed
    assert unmangle("plain ascii", lambda _: True) is None
