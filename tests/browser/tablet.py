"""Helpers for the end-to-end tests: the real server in a subprocess, and a tablet's gestures.

The server is the same `interview serve` a user runs (waitress, real migrations, real instance
folder), started on a free port; users are created beforehand with `interview user add`, the
password on standard input, exactly as the README tells an administrator to do.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect

from interview.instruments import DATA_DIR, load_file

PASSWORD = "tablet test password"
INTERVIEWER = "anna"
ADMIN = "admin"
CHROMIUM = Path("/usr/bin/chromium")
# Everything that would make Chromium talk to Google or do background work: the page-weight test
# records every request, and the 2-core machine has no cycles to spare.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
TABLET = {
    "viewport": {"width": 768, "height": 1024},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The interview's section ids, from the shipped protocol the server runs.
SECTIONS = [section.id for section in load_file(DATA_DIR / "change-interview.yaml").sections]
# A loaded 2-core machine starts Python and imports WeasyPrint slowly; a hung server still fails.
START_TIMEOUT = 60.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli_command(*args: str) -> list[str]:
    """The `interview` command line, run with this interpreter (the virtualenv's)."""
    return [sys.executable, "-c", "from interview.cli import main; main()", *args]


class LiveServer:
    """`interview serve` on a free port with its own instance folder; can be killed and restarted."""

    def __init__(self, instance: Path, port: int | None = None) -> None:
        self.instance = instance
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "INTERVIEW_INSTANCE_PATH": str(instance)}
        self.output: list[str] = []
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    def run_cli(self, *args: str, stdin: str = "") -> str:
        """Run an `interview` command against this instance; returns its output, raises on failure."""
        result = subprocess.run(
            cli_command(*args),
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
        )
        assert result.returncode == 0, f"interview {' '.join(args)}: {result.stdout}{result.stderr}"
        return result.stdout

    def add_user(self, name: str, admin: bool = False) -> None:
        """`interview user add NAME [--admin]` with the shared test password on stdin."""
        self.run_cli("user", "add", name, *(["--admin"] if admin else []), stdin=PASSWORD + "\n")

    def start(self) -> None:
        """Start serving and return once the "Serving on" line says the socket is bound."""
        assert self._process is None, "already running"
        process = subprocess.Popen(
            cli_command("serve", "--port", str(self.port)),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        ready = threading.Event()
        # The pipe is drained for the server's whole life: a full pipe would block its logging.
        reader = threading.Thread(target=self._read, args=(process, ready), daemon=True)
        reader.start()
        self._process, self._reader = process, reader
        if not ready.wait(START_TIMEOUT) or process.poll() is not None:
            self.stop()
            raise RuntimeError("interview serve did not start:\n" + "".join(self.output))

    def _read(self, process: subprocess.Popen[str], ready: threading.Event) -> None:
        """Collect the server's output; flag the "Serving on" line (or the end of output)."""
        assert process.stdout is not None
        for line in process.stdout:
            self.output.append(line)
            if line.startswith("Serving on"):
                ready.set()
        ready.set()  # the server ended before serving: let start() report it at once

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, exactly like pulling the plug."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._finish()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM)."""
        if self._process is not None:
            self._process.terminate()
            self._finish()

    def _finish(self) -> None:
        """Reap the process and close its pipe (no ResourceWarning)."""
        process, reader = self._process, self._reader
        self._process = self._reader = None
        assert process is not None and reader is not None
        process.wait(timeout=30)
        reader.join(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def login(page: Page, username: str = INTERVIEWER, password: str = PASSWORD) -> None:
    """Log in through the real form and wait for the participant list."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Participants", level=1)).to_be_visible()


def create_participant(page: Page, therapist_code: str = "T03", note: str = "") -> str:
    """Create a participant through the form; returns the assigned code (P01, P02, …)."""
    page.goto("/participants/new")
    page.get_by_label("Therapist code").fill(therapist_code)
    if note:
        page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Create participant").click()
    heading = page.get_by_role("heading", name="Participant ", level=1)
    expect(heading).to_be_visible()
    return heading.inner_text().split()[-1]


def _box(canvas: Locator) -> dict[str, float]:
    """The canvas's bounding box in CSS px, scrolled into view first."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None, "signature canvas is not visible"
    return box


def stroke_points(box: dict[str, float], row: float, steps: int = 12) -> list[tuple[float, float]]:
    """A zig-zag across the box at a height fraction `row`: a signature-like line."""
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    return [
        (
            left + width * (0.1 + 0.8 * i / steps),
            top + height * (row + (0.12 if i % 2 else -0.12)),
        )
        for i in range(steps + 1)
    ]


def draw_with_mouse(page: Page, canvas: Locator, row: float = 0.35) -> None:
    """Draw a stroke with real mouse down/move/up events over the canvas."""
    points = stroke_points(_box(canvas), row)
    page.mouse.move(*points[0])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x, y, steps=3)
    page.mouse.up()


def draw_with_finger(
    context: BrowserContext, page: Page, canvas: Locator, row: float = 0.6
) -> None:
    """Draw a stroke with a finger: touchStart/Move/End through CDP (Playwright has no touch-move)."""
    points = stroke_points(_box(canvas), row)
    cdp = context.new_cdp_session(page)
    try:
        x, y = points[0]
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
        )
        for x, y in points[1:]:
            cdp.send(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
            )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    finally:
        cdp.detach()
