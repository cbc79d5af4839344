"""Worker processes die with their parent, however the parent ends.

A process pool's workers are children of the fork server, which is a child of the
command; killed with ``kill -9``, the command cleans nothing up, and the fork server
and workers (each holding the fork server's pipe) lived on. On Linux each of them
asks the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), so
killing the command takes down the fork server, and that the workers. Elsewhere it
does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

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
