"""One function over many modules, spread over the machine's cores.

A large course is parsed and packaged several modules at a time, one process per core (each
module is independent of the others). Results come back in the order of the inputs, so a
build's files, problems and progress lines are the same whatever the number of processes.
Processes are started afresh (`spawn`), never forked: a fork would copy whatever threads
the caller has running, such as the preview's watcher. They ignore Ctrl-C: this process
alone handles it (the build stops, says one line and leaves the output folder as it was),
so a worker never prints a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import repeat
from typing import TypeVar

PARALLEL_FROM = 24  # modules: below this, starting the processes costs more than it saves
CHUNK = 8  # modules a process takes at a time: Ctrl-C waits for no more than these

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The cores this process may run on (a container's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def processes_for(items: int, jobs: int | None) -> int:
    """How many processes to use for `items` modules: `jobs` when given (1: in this process),
    else one per core for a large course and this process alone for a small one."""
    if jobs is not None:
        return max(1, min(jobs, items))
    return min(available_cores(), items) if items >= PARALLEL_FROM else 1


class Workers:
    """The processes of one build, shared by its steps (parsing, then packaging): started on
    the first step large enough to need them, stopped by `close` (or the `with` block)."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(
        self, function: Callable[..., Result], items: Sequence[Item], *shared: object
    ) -> Iterator[Result]:
        """`function(item, *shared)` for each item, yielded in the items' order. `function`
        and the arguments must be picklable (a module-level function, plain data)."""
        processes = processes_for(len(items), self.jobs)
        if self._pool is None and processes > 1:
            self._pool = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_ignore_interrupts,
            )
        if self._pool is None:
            yield from (function(item, *shared) for item in items)
            return
        arguments = [repeat(value, len(items)) for value in shared]
        with _interrupts_held():  # the processes start here
            results = self._pool.map(function, items, *arguments, chunksize=CHUNK)
        yield from results

    def close(self) -> None:
        """Stop the processes once the pieces they are working on are done; those not yet
        started are dropped (after Ctrl-C or an error)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is for the process that started it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C held back (blocked, not lost) while the workers start: they inherit it blocked
    until they ignore it, so none prints a traceback while it loads, and this process takes
    a Ctrl-C pressed meanwhile as soon as they have started."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
