"""Run the web server and the worker as two child processes and stop them together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from types import FrameType

STOP_GRACE_SECONDS = 10.0


def _die_with_parent() -> None:
    """On Linux, have the kernel send SIGTERM to a child whose supervisor was killed."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        # Own session and process group: a terminal's Ctrl-C reaches only the supervisor,
        # which then stops the children in order.
        self.process = subprocess.Popen(  # noqa: S603
            self.argv, start_new_session=True, preexec_fn=_die_with_parent
        )

    def poll(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def signal(self, signum: int) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signum)


class Supervisor:
    """Start children, forward SIGINT/SIGTERM, and fail fast if one dies on its own."""

    def __init__(self, children: list[Child], *, grace: float = STOP_GRACE_SECONDS) -> None:
        self.children = children
        self.grace = grace
        self.stopping = False

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> int:
        """Block until stopped; 0 after a requested stop, 1 if a child died unexpectedly."""
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            for child in self.children:
                child.start()
            failed: Child | None = None
            while not self.stopping and failed is None:
                failed = next((c for c in self.children if c.poll() is not None), None)
                if failed is None:
                    time.sleep(0.2)
            if failed is not None and not self.stopping:
                sys.stderr.write(
                    f"frontdesk: the {failed.name} process stopped unexpectedly "
                    f"(exit code {failed.poll()}); stopping the others\n"
                )
            self.stop()
            return 0 if failed is None else 1
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> None:
        for child in self.children:
            child.signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                sys.stderr.write(f"frontdesk: the {child.name} process did not stop; killing it\n")
                child.process.kill()
                child.process.wait()
