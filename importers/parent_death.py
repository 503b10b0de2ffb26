"""Worker processes that die with their parent.

A process pool's workers outlive a parent killed with SIGKILL (or SIGTERM, which skips Python's
cleanup): nothing tells them, and each keeps its spaCy model (about 180 MB) until it is killed by
hand. On Linux `prctl(PR_SET_PDEATHSIG, SIGKILL)` makes the kernel kill the worker when its parent
dies; `die_with_parent` sets that up from the worker's initializer, then checks that the parent is
still the one that started it (it may have died before the signal was armed). Elsewhere the check
alone runs.

Also, workers ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and only the
parent should answer it (one line, then it stops the workers itself).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def arm_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies; True if armed (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a worker: die (SIGKILL) with the parent `parent_pid`; exit now if it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    arm_parent_death_signal()
    if os.getppid() != parent_pid:
        # The parent died before the signal was armed: this worker was re-parented (to init or a
        # subreaper) and nobody will ever collect its results.
        os._exit(1)
