"""Writes the keyboard-wedge timing fixtures next to this file (seeded, so reproducible).

    .venv/bin/python tests/data/wedge/synthesise.py

The timings follow published measurements, not captures at a desk; replace or add real
captures (same JSON shape) when the app can log them on site.
"""

import json
import random
from pathlib import Path

out = Path(__file__).resolve().parent
SRC_SCAN = (
    "Synthesised from published keyboard-wedge timings (steady ~7-8 ms, sometimes ~16 ms between "
    "keys: bitsnpixels 'Scanner or person?'; chunked HID reports), not captured at a desk."
)
SRC_HUMAN = (
    "Synthesised from typing-speed figures (fast typists 50-120 ms between keys, rolled pairs "
    "10-30 ms, key auto-repeat ~33 ms after ~500 ms), not captured at a desk."
)


def rec(name, expect, desc, events, payload=None, src=None):
    d = {
        "description": desc,
        "source": src or (SRC_SCAN if expect == "scan" else SRC_HUMAN),
        "expect": expect,
    }
    if payload is not None:
        d["payload"] = payload
    head = json.dumps(d, ensure_ascii=False, indent=1)[:-2]
    lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False) for e in events)
    (out / f"{name}.json").write_text(
        head + ',\n "events": [\n' + lines + "\n ]\n}\n", encoding="utf-8"
    )


def typed(text, gaps, t0=0.0):
    ev, t = [], t0
    for i, ch in enumerate(text):
        if i:
            t += gaps(i)
        ev.append({"t": round(t, 1), "text": ch})
    return ev, t


def end(ev, t, gap, tab=False):
    ev.append(
        {"t": round(t + gap, 1), "text": "\t"} if tab else {"t": round(t + gap, 1), "enter": True}
    )
    return ev


r = random.Random(20250101)
p = "H57.132-250101-0001"
ev, t = typed(
    p, lambda i: 16.0 + r.uniform(-0.5, 0.5) if r.random() < 0.12 else r.uniform(6.8, 8.4), 1000.0
)
rec(
    "scanner_code128_dossier",
    "scan",
    "Handheld laser scanner, Code 128 of a dossier code, Enter suffix.",
    end(ev, t, r.uniform(7, 9)),
    p,
)

p = "VE|H57.132|20250101|A012|3f9c2e7a"
ev, t = typed(p, lambda i: r.uniform(1.0, 4.0), 52.3)
rec(
    "scanner_ticket_qr",
    "scan",
    "2D imager reading a queue ticket QR, 1-4 ms between keys, Enter suffix.",
    end(ev, t, r.uniform(1, 3)),
    p,
)

p = "https://dichvucong.minhkhang.example.vn/tra-cuu/000.00.19.H47-250312-0042"
ev, t = typed(p, lambda i: r.uniform(70, 95) if i == 32 else r.uniform(1.0, 3.0), 5000.0)
rec(
    "scanner_chunked_url",
    "scan",
    "USB scanner sending in 32-key chunks: one long stop mid-payload (receipt lookup URL), Enter.",
    end(ev, t, 2.0),
    p,
)

p = "8934563138165"
ev, t = typed(p, lambda i: r.uniform(10, 15), 300.0)
rec(
    "scanner_ean13_tab",
    "scan",
    "Budget scanner at 10-15 ms per key, EAN-13, Tab suffix.",
    end(ev, t, r.uniform(10, 15), tab=True),
    p,
)

p = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, phường Hai Bà Trưng, Hà Nội|20042021"
ev, t = typed(p, lambda i: r.uniform(11, 16), 80.0)
rec(
    "scanner_cccd_unicode",
    "scan",
    "CCCD QR (~100 Vietnamese characters) from a scanner in Unicode/Alt-code mode: one character per 11-16 ms, Enter.",
    end(ev, t, 12.0),
    p,
)

p = "038301001234"
ev, t = typed(p, lambda i: r.uniform(14.5, 16.5), 0.0)
rec(
    "scanner_slow_16ms",
    "scan",
    "Slow wedge at ~16 ms per key (USB full-speed polling), a 12-digit ID number, Enter.",
    end(ev, t, 16.0),
    p,
)

# Scanner through Unikey (Telex): the hook eats the second 'd'/'e' and sends Backspace + the letter.
p = "VE|H57|20250101|A012|5dd0ee3a"
keys = []
for ch in p[:-8]:
    keys.append(ch)
keys += ["5", "d", "\b", "đ", "0", "e", "\b", "ê", "3", "a"]
ev, t = typed(keys, lambda i: r.uniform(2.0, 5.0), 700.0)
rec(
    "scanner_unikey_telex",
    "scan",
    "Ticket QR typed by a scanner while Unikey (Telex) is on: 'dd' and 'ee' become Backspace + 'đ'/'ê'.",
    end(ev, t, 3.0),
    p,
    src=SRC_SCAN + " Telex rewriting per anchors §C.4 (an inference, to be checked on site).",
)


# --- people
def human_gap(i):
    x = r.random()
    if x < 0.12:
        return r.uniform(12, 30)  # rolled pair
    if x < 0.2:
        return r.uniform(150, 320)  # hesitation
    return r.uniform(50, 120)


text = "ho so cua ong Nguyen Van An"
ev, t = typed(text, human_gap, 0.0)
rec(
    "human_fast_typist",
    "human",
    "Fast typist, a search phrase, occasional rolled pairs, Enter.",
    end(ev, t, r.uniform(120, 220)),
)

text = "001099012345"
ev, t = typed(text, lambda i: r.uniform(90, 180), 0.0)
rec(
    "human_12_digits",
    "human",
    "Officer typing a 12-digit ID number on the numeric keypad, Enter.",
    end(ev, t, r.uniform(150, 250)),
)

text = "the"
ev, t = typed(text, lambda i: r.uniform(8, 20), 0.0)
rec(
    "human_rolled_word_enter",
    "human",
    "A typist rolls a short word at scanner speed and hits Enter at once: too short to be a scan.",
    end(ev, t, 25.0),
)

ev = [{"t": 0.0, "text": "0"}]
t = 500.0
for _ in range(15):
    ev.append({"t": round(t, 1), "text": "0"})
    t += 33.3
rec(
    "human_autorepeat",
    "human",
    "A key held down: first repeat after 500 ms, then one every 33 ms; Enter later.",
    end(ev, t - 33.3, 210.0),
)

keys = ["N", "g", "u", "y", "e", "\b", "ê", "\b", "ễ", "n"]
ev, t = typed(keys, lambda i: r.uniform(60, 130), 0.0)
rec(
    "human_vietnamese_telex",
    "human",
    "A person typing 'Nguyễn' with Telex (Unikey's Backspace + letter at human speed), Enter.",
    end(ev, t, 180.0),
)

text = "0912345678"


def phone_gap(i):
    return r.uniform(15, 25) if i in (3, 7) else r.uniform(60, 95)


ev, t = typed(text, phone_gap, 0.0)
rec(
    "human_phone_number",
    "human",
    "Fast typist entering a phone number, two rolled pairs, Enter.",
    end(ev, t, 140.0),
)

text = "9876543210123"


def mixed_gap(i):
    return r.uniform(20, 34) if i % 2 else r.uniform(40, 60)


ev, t = typed(text, mixed_gap, 0.0)
rec(
    "human_very_fast_digits",
    "human",
    "Very fast numeric-keypad entry (20-60 ms), Enter 60 ms later: fast, but not scanner-fast.",
    end(ev, t, 60.0),
)
print(sorted(p.name for p in out.glob("*.json")))
