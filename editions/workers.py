"""The worker processes of builds and checks: how they start, and how work is shared with them.

A build starts one pool (``pool``) and hands it every task of its own: the checks behind the
publication plan (through ``Batches``), then each edition (its pages and its book, ``each``),
and each edition's PDFs as soon as its pages are written (``site.printing.PdfQueue``).
A check run alone (``editions check``, ``status``) hands its catalogs to ``Batches`` too,
which, once there are enough of them to be worth it, starts a pool of the same kind from
this process (``local_pool``): forked where that is safe, so its workers start at once.
Either way the workers exit when the work is done, and none is left behind: the command may
end at once (see ``cli.finish``).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from . import collector

#: What every worker of a build imports before its first task: the checks (the plan), Sphinx
#: and its builders (the editions), WeasyPrint (the PDFs: most of a second in each worker).
PRELOAD = ["editions.site.build", "editions.checks.project", "sphinx.application",
           "sphinx.builders.html", "sphinx.builders.epub3", "editions.site.print_preload"]

Task = TypeVar("Task")
Result = TypeVar("Result")


def pool(jobs: int) -> ProcessPoolExecutor:
    """A build's ``jobs`` worker processes (started as work is sent to them), forked from a
    server that imported Sphinx, the checks and WeasyPrint once: each starts at once, none
    with another's state (the server never builds), and each exits without tearing its heap
    down. Where there is no fork server, spawned workers import all that themselves."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=collector.tune)


def ask_soon(pool: Executor | None, question: Callable[[], Result]) -> Future[Result]:
    """``question``'s answer, asked now from a thread of a worker of ``pool`` (of this
    process where there is none), without waiting for it: a pool's server imports Sphinx
    and WeasyPrint before its first worker starts (a second), which the first task sent
    waits for. An exception is the answer's, raised where it is read (or never)."""
    answer: Future[Result] = Future()

    def ask() -> None:
        try:
            answer.set_result(question() if pool is None else pool.submit(question).result())
        except BaseException as exc:  # (a pool shut down already, a worker that died …)
            answer.set_exception(exc)

    threading.Thread(target=ask, daemon=True).start()
    return answer


def start_soon(pool: Executor) -> Future[int]:
    """Start ``pool``'s first worker without waiting for it (a build that will write every
    edition, while it finds what to build)."""
    return ask_soon(pool, os.getpid)


def each(pool: Executor, keys: Iterable[str], task: Callable[[str], Any],
         done: Callable[[str, Any], None], meanwhile: Callable[[], None]) -> None:
    """Each key's ``task`` in ``pool``; ``done`` gets each key's result as soon as it comes
    (a build: an edition's PDFs are sent as soon as it is written), while this process does
    ``meanwhile``."""
    tasks = {pool.submit(task, key): key for key in keys}
    meanwhile()
    for future in as_completed(tasks):
        done(tasks[future], future.result())


@contextlib.contextmanager
def local_pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` worker processes for work this process has begun (a check run alone), shut
    down, every one gone, on leaving. Forked from this process where ``local_context`` can:
    what exists now (modules, the project) lives to the end, so the collector need not go
    through it again in either process, nor a worker's copy of it be written to."""
    context = local_context()
    with contextlib.ExitStack() as stack:
        if context.get_start_method() == "fork":
            gc.freeze()
            stack.callback(gc.unfreeze)
        workers = ProcessPoolExecutor(jobs, mp_context=context,
                                      initializer=collector.put_off_full_collections)
        stack.callback(workers.shutdown, wait=True, cancel_futures=True)
        yield workers


def local_context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux, and no other thread to be copied mid-step): a forked
    worker starts at once, with what this process imported. Elsewhere spawn, which imports
    it anew."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Batching:
    """How ``Batches`` shares tasks out."""

    #: Tasks sent to a worker at a time (a batch grows past it to keep a group whole).
    size: int
    #: Below this many tasks, worker processes cost more than they save: none is started.
    threshold: int
    #: Tasks with the same key go to the same process, one after the other, while the batch
    #: is not full (a statement's catalogs share their source segments and template).
    group: Callable[[Any], object]


class Batches(Generic[Task, Result]):
    """Runs tasks, given one after the other, in this process and, once there are enough of
    them, in ``jobs - 1`` worker processes too (``executor``'s, else ``local_pool``'s).

    ``run`` (a module-level function, to be sent to a worker) does one batch. The workers
    start as soon as there is enough work for them, while the caller looks for more.
    Batches go to the workers from the front, one at a time each, and this process takes
    them from the back once every task is in: they meet with no batch waiting in a worker's
    queue while another process is idle.
    """

    def __init__(self, run: Callable[[list[Task]], list[Result]], jobs: int | None,
                 executor: Executor | None, batching: Batching) -> None:
        self.run = run
        self.jobs = jobs or os.cpu_count() or 1
        self.executor = executor
        self.batching = batching
        self.stack = contextlib.ExitStack()
        self.pool: Executor | None = None
        self.batches: list[list[Task]] = []
        self.futures: dict[int, Future[list[Result]]] = {}
        self.tasks = 0
        # (A lock, for the callbacks that send the next batch run in the executor's thread.)
        self.lock = threading.RLock()
        self.sent = 0  # batches [0, sent) went to the workers
        self.complete = 0  # batches [0, complete) will take no more tasks
        self.end: int | None = None  # batches [end, …) are this process's own
        self.in_flight = 0

    def __enter__(self) -> Batches[Task, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()

    def add(self, task: Task) -> None:
        """Take one more task; a group's tasks come one after the other."""
        last = self.batches[-1] if self.batches else []
        group = self.batching.group
        if not last or (len(last) >= self.batching.size and group(last[-1]) != group(task)):
            self.complete = len(self.batches)
            self._send()
            self.batches.append([])
        self.batches[-1].append(task)
        self.tasks += 1
        if self.pool is None and self.jobs > 1 and self.tasks >= self.batching.threshold:
            self.pool = self.executor or self.stack.enter_context(local_pool(self.jobs - 1))
            self._send()

    def _send(self) -> None:
        """Give each idle worker the next complete batch this process has not taken."""
        with self.lock:
            limit = self.complete if self.end is None else min(self.complete, self.end)
            while self.pool is not None and self.in_flight < self.jobs - 1 and self.sent < limit:
                number = self.sent
                self.sent += 1
                self.in_flight += 1
                future = self.pool.submit(self.run, self.batches[number])
                self.futures[number] = future
                future.add_done_callback(self._done)  # (at once, if it is done already)

    def _done(self, _future: Future[list[Result]]) -> None:
        with self.lock:
            self.in_flight -= 1
            self._send()

    def results(self) -> list[Result]:
        """The results of every task, in the order they were added."""
        with self.lock:
            self.complete = self.end = len(self.batches)
            self._send()
        outputs: dict[int, list[Result]] = {}
        # This process is the last of the jobs: while the workers start (a spawned one
        # imports the checks anew), and then alongside them, it takes the batches none has
        # been given, from the end of the queue back to where they are.
        while True:
            with self.lock:
                if self.end <= self.sent:
                    break
                self.end -= 1
                number = self.end
            outputs[number] = self.run(self.batches[number])
        for number, future in self.futures.items():
            outputs[number] = future.result()
        return [result for number in range(len(self.batches)) for result in outputs[number]]
