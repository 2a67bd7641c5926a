"""Dataloader workers that exit when the process that started them dies.

A worker notices a dead parent only while it waits for work, and one that is
blocked on a full result queue then never exits (seen after a SIGKILL of the
trainer). On Linux, the kernel sends the worker SIGKILL when its parent
thread dies (``PR_SET_PDEATHSIG``); elsewhere nothing changes.
"""
import ctypes
import os
import signal
import sys
from typing import Callable, Optional

PR_SET_PDEATHSIG = 1


class DieWithParent:
    """A ``worker_init_fn`` that asks for SIGKILL on the parent's death, then
    calls the loader's own ``worker_init_fn`` (mmengine's seeding)."""

    def __init__(self, parent_pid: int, then: Optional[Callable] = None):
        self.parent_pid, self.then = parent_pid, then

    def __call__(self, worker_id: int) -> None:
        if sys.platform.startswith('linux'):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            if os.getppid() != self.parent_pid:  # it died before prctl
                os._exit(1)
        if self.then is not None:
            self.then(worker_id)


def die_with_parent(loader) -> None:
    """Make ``loader``'s worker processes exit when this process dies."""
    if getattr(loader, 'num_workers', 0) > 0 \
            and not isinstance(loader.worker_init_fn, DieWithParent):
        loader.worker_init_fn = DieWithParent(os.getpid(),
                                              loader.worker_init_fn)
