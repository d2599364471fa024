"""One function over many modules, spread over the machine's cores.

A large course is parsed and packaged several modules at a time, one process per core (each
module is independent of the others). Results come back in the order of the inputs, so a
build's files, problems and progress lines are the same whatever the number of processes.
Processes are started afresh (`spawn`), never forked: a fork would copy whatever threads
the caller has running, such as the preview's watcher.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import TypeVar

PARALLEL_FROM = 24  # modules: below this, starting the processes costs more than it saves
CHUNKS_PER_PROCESS = 4  # each process takes its share in a few pieces, so the cores stay busy

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


def map_in_order(
    function: Callable[..., Result],
    items: Sequence[Item],
    *shared: object,
    jobs: int | None = None,
) -> Iterator[Result]:
    """`function(item, *shared)` for each item, yielded in the items' order. `function` and
    the arguments must be picklable (a module-level function, plain data) when more than one
    process is used."""
    processes = processes_for(len(items), jobs)
    if processes == 1:
        yield from (function(item, *shared) for item in items)
        return
    chunk = max(1, len(items) // (processes * CHUNKS_PER_PROCESS))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        arguments = [repeat(value, len(items)) for value in shared]
        yield from pool.map(function, items, *arguments, chunksize=chunk)
