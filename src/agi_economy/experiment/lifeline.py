"""Worker processes die with their parent, however the parent ends.

A process pool's workers are children of the fork server, which is a child of the
command; killed with ``kill -9``, the command cleans nothing up, and the fork server
and workers (each holding the fork server's pipe) lived on. Now each of them ends
when its parent does:

- a worker forked by the fork server asks the kernel for SIGKILL when its parent
  dies (``prctl(PR_SET_PDEATHSIG)``, Linux only: :func:`die_with_parent`);
- the fork server, and workers spawned without one, watch their parent process
  (:func:`watch_parent`). The kernel's "parent" is the *thread* that created the
  process, and these are created by whichever thread of the command first needed
  them: asked of the kernel, they would die when that thread ended, taking the pool
  with them. The fork server forks from its only thread, so its workers can ask.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Have the kernel kill this process when its parent exits; True if it was set up."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    parent = os.getppid()
    libc = ctypes.CDLL(name, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    return True


def watch_parent(interval: float = 0.5) -> None:
    """Exit this process soon after its parent process ends, whichever thread made it.

    A daemon thread polls the parent's id: when the parent dies the process is
    re-parented, the id changes, and the thread ends the process.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
