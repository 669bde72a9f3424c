#!/usr/bin/env python3
"""Set-up and run in one step, on a fresh machine: `python3 dev.py demo` or `python3 dev.py test`.

- demo: creates .venv, installs the app, the system libraries Qt needs (when root on
  Debian/Ubuntu; otherwise prints the exact apt command), fills a made-up office in
  .demo-data and opens the window.
- test: the same set-up plus the test tools and libraries, then ruff (lint and format),
  the import contracts, mypy on desk/, the whole pytest suite, and the suite again (without
  the slow tests) with every clock shifted 400 days ahead. CI runs exactly this.

Only the standard library is used here, so it runs before anything is installed.
On Windows: `py dev.py demo` / `py dev.py test`.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
DEMO_DATA = ROOT / ".demo-data"
WINDOWS = os.name == "nt"

# Debian packages: what PySide6 wheels need to open a window or render offscreen,
# and what the tests use (zbar for the baseline, poppler to render PDFs back).
APT_APP = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libpulse0",
    "libasound2",
    "libnss3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
]
APT_TEST = ["libzbar0", "poppler-utils", "xvfb", "xdotool", "faketime", "postgresql"]
# The second pytest run: every clock of the test process 400 days ahead (time-machine).
# The suite runs on injected office clocks, so nothing may change.
SHIFT_DAYS = "400"


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / (name + (".exe" if WINDOWS else ""))


def missing_debian(packages: list[str]) -> list[str]:
    if WINDOWS or sys.platform == "darwin" or not shutil.which("dpkg-query"):
        return []
    missing = []
    for pkg in packages:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
        ).stdout
        if "install ok installed" not in out:
            missing.append(pkg)
    return missing


def ensure_system(packages: list[str]) -> None:
    missing = missing_debian(packages)
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        say("installing system libraries: " + " ".join(missing))
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(command, env=env, check=False).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(command, env=env, check=True)
        return
    say("missing system libraries; run this once, then again the same command:")
    print("    sudo " + " ".join(command))
    sys.exit(1)


def ensure_venv(extras: str) -> None:
    if not venv_python().exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    say(f"installing {target} into {VENV}")
    subprocess.run(
        [
            str(venv_python()),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "-q",
            "-e",
            target,
        ],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest)


def run(*args: str, env: dict | None = None) -> int:
    return subprocess.run([*args], cwd=ROOT, env=env, check=False).returncode


def demo() -> int:
    ensure_system(APT_APP)
    ensure_venv("")
    desk = str(venv_bin("desk"))
    code = run(desk, "--data", str(DEMO_DATA), "demo")
    if code:
        return code
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        say("no screen here (DISPLAY is empty) / không có màn hình để mở cửa sổ.")
        print("    run it on a virtual screen:  xvfb-run -a python3 dev.py demo")
        print(
            f"    or draw the window to a PNG: {venv_bin('desk')} --data {DEMO_DATA} app --screenshot window.png"
        )
        return 2
    return run(desk, "--data", str(DEMO_DATA), "app", *sys.argv[2:])


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL server binaries (pg_ctl, initdb), newest version first."""
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / "pg_ctl").exists():
            return base
    return None


def start_postgres(*, durable: bool = False) -> tuple[str, object]:
    """A throwaway PostgreSQL in a new temporary folder on a free port; returns (url, stop).

    PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (or
    `nobody`). Trust authentication on 127.0.0.1 only; without `durable` fsync is off
    (tests), with it the settings of a real server (benchmarks).
    """
    import socket
    import tempfile

    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    # Directly in the system's temporary folder: the server's user must reach it.
    home = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    data = home / "data"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        import pwd

        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "nobody"
        prefix = ["runuser", "-u", user, "--"]
        shutil.chown(home, user=user)
    run_pg = lambda *a: subprocess.run([*prefix, *a], check=True, capture_output=True, text=True)  # noqa: E731
    run_pg(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c max_connections=300"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    run_pg(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(home / "log"),
        "-o",
        options,
        "-w",
        "start",
    )

    def stop() -> None:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(home, ignore_errors=True)

    return f"postgresql://postgres@127.0.0.1:{port}/postgres", stop


def test() -> int:
    ensure_system(APT_APP + APT_TEST)
    ensure_venv("dev")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    stop_pg = None
    if not WINDOWS and "DESK_TEST_PG_URL" not in env and postgres_bin() is not None:
        say("starting a throwaway PostgreSQL for the sync server tests")
        url, stop_pg = start_postgres()
        env["DESK_TEST_PG_URL"] = url
    try:
        return _test_steps(env)
    finally:
        if stop_pg is not None:
            say("stopping PostgreSQL")
            stop_pg()


def _test_steps(env: dict) -> int:
    shifted = {**env, "DESK_TEST_SHIFT_DAYS": SHIFT_DAYS}
    pytest = [str(venv_python()), "-m", "pytest", *sys.argv[2:]]
    steps = [
        ("ruff", [str(venv_bin("ruff")), "check", "."], env),
        ("ruff format", [str(venv_bin("ruff")), "format", "--check", "."], env),
        ("import contracts", [str(venv_bin("lint-imports"))], env),
        ("mypy desk/", [str(venv_bin("mypy"))], env),
        ("pytest", pytest, env),
        (f"pytest, clocks {SHIFT_DAYS} days ahead", [*pytest, "-m", "not slow", "-q"], shifted),
    ]
    for name, command, step_env in steps:
        say(name)
        code = run(*command, env=step_env)
        if code:
            say(f"{name} failed (exit {code})")
            return code
    say("all checks passed")
    return 0


def main() -> int:
    action = sys.argv[1] if len(sys.argv) > 1 else ""
    if action == "demo":
        return demo()
    if action == "test":
        return test()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
