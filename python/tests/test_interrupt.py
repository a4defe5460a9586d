"""Ctrl-C during a long call raises ``KeyboardInterrupt`` promptly, as in pure Python: the
query runs on a thread of its own while the caller's thread looks for signals, and stops at its
next batch once interrupted."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

import corridors

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="sends SIGINT to its own process"
)


def _interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    return timer


def test_ctrl_c_stops_a_long_ranking_with_keyboard_interrupt(net: corridors.Network) -> None:
    # Ten thousand draws of every project take minutes; Ctrl-C comes after 0.3 s. A process
    # started in the background by a shell without job control (`cmd &` in a script) begins
    # with SIGINT ignored, and Python then installs no handler: install Python's own for the
    # test, as an interactive session has it.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.monotonic()
    timer = _interrupt_after(0.3)
    try:
        with pytest.raises(KeyboardInterrupt):
            net.rank_projects(draws=10_000)
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, before)
    assert time.monotonic() - start < 5
    # The network answers again, as before.
    assert net.route("kabul", "karachi").to_dict()["found"]

