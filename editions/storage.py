"""Writing the project's files: one lock for every writer, files whole or untouched.

Every command that changes ``source/``, ``locale/`` or ``conf.py`` (and the browser workspace)
holds the project lock from the moment it reads what it will change to the moment its last
file is in place, so two writers never interleave a read-modify-write. Each file is replaced
atomically, so a reader or a crash sees the old file or the new one, never half of one; a set
of files is written all or nothing. The lock is the operating system's (``flock``): it is
released when its holder exits, however it exits, so a killed writer leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EditionsError

if TYPE_CHECKING:
    from .project import Project

#: The lock file, at the top of the project (beside conf.py); git ignores it.
LOCK_NAME = ".editions.lock"
#: What an interrupted atomic write leaves behind: removed by the next writer.
TEMP_PATTERN = ".*.tmp"
NOTHING_CHANGED = "nothing was changed"

#: Called with a description of the holder when a writer has to wait for the lock (the
#: command line prints it); None waits in silence.
WaitNotice = Callable[[str], None]
_wait_notice: WaitNotice | None = None


def set_wait_notice(notice: WaitNotice | None) -> None:
    """Say how a writer that has to wait for another tells its user (the CLI prints it)."""
    global _wait_notice
    _wait_notice = notice


@dataclass
class _Held:
    """This process's hold on one project's lock: a thread lock for its threads, the file
    lock for other processes, and how many nested ``project_lock`` blocks are open."""

    threads: threading.RLock
    handle: int | None = None
    depth: int = 0


_held: dict[Path, _Held] = {}
_held_guard = threading.Lock()


def _lock_file(handle: int, blocking: bool) -> bool:
    """Take the operating system's lock on an open file; False if another process has it."""
    if sys.platform == "win32":  # pragma: no cover - the tests run on Linux
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _unlock_file(handle: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it into the file."""
    try:
        return path.read_text(encoding="utf-8").strip() or "another command"
    except (OSError, UnicodeDecodeError):
        return "another command"


def _describe_self() -> str:
    """'editions update' (process 1234): what another writer is told it waits for."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    name = program.parent.name if program.name == "__main__.py" else program.name
    return f"'{' '.join([name, *sys.argv[1:2]])}' (process {os.getpid()})"


@contextlib.contextmanager
def project_lock(project: Project, *, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's write lock for the block: other writers wait until it ends.

    Nested blocks in one process (a command calling another's function) share the hold.
    ``timeout`` (seconds) makes a writer give up with a clear error instead of waiting on.
    """
    path = project.root / LOCK_NAME
    with _held_guard:
        held = _held.setdefault(path, _Held(threading.RLock()))
    deadline = None if timeout is None else time.monotonic() + timeout
    if not held.threads.acquire(timeout=-1 if timeout is None else timeout):
        raise _busy(path)
    try:
        if held.depth == 0:
            held.handle = _acquire(path, deadline)
            _remove_interrupted_writes(project)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and held.handle is not None:
                _unlock_file(held.handle)
                os.close(held.handle)
                held.handle = None
    finally:
        held.threads.release()


@contextlib.contextmanager
def try_lock(path: Path) -> Iterator[int | None]:
    """Hold the operating system's lock on ``path`` for the block if no other process (or
    other open of it) holds it: its file descriptor, else None at once. A child process
    given that descriptor (``pass_fds``) keeps the lock held until both have let it go, so
    that a killed parent cannot let a second holder in while its child still works."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        # (Released by closing, never by unlocking: an unlock would release a child's too.)
        yield handle if _lock_file(handle, blocking=False) else None
    finally:
        os.close(handle)


def _acquire(path: Path, deadline: float | None) -> int:
    """Open the lock file and take its lock, waiting (and saying so) while another has it."""
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise EditionsError(
            f"cannot create the project's write lock: {exc.strerror}", path,
            hint=f"make the project folder writable; {NOTHING_CHANGED}",
        ) from exc
    try:
        if not _lock_file(handle, blocking=False):
            if _wait_notice is not None:
                _wait_notice(f"waiting for {_holder(path)} to finish writing this project…")
            while not _lock_file(handle, blocking=deadline is None):
                if deadline is not None and time.monotonic() >= deadline:
                    raise _busy(path)
                time.sleep(0.05)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{_describe_self()}\n".encode(), 0)
    except BaseException:
        os.close(handle)
        raise
    return handle


def _busy(path: Path) -> EditionsError:
    return EditionsError(
        f"{_holder(path)} is writing this project", path,
        hint=f"run the command again when it has finished; {NOTHING_CHANGED}",
    )


def _remove_interrupted_writes(project: Project) -> None:
    """Delete the temporary files of writes that were killed midway (no writer is active)."""
    folders = [project.root, project.srcdir]
    if project.locale_dir.is_dir():
        folders += [folder / name for folder in project.locale_dir.iterdir()
                    for name in ("LC_MESSAGES", "published")]
    for folder in folders:
        for leftover in folder.glob(TEMP_PATTERN):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _cannot_write(path: Path, exc: OSError) -> EditionsError:
    return EditionsError(
        f"cannot write the file: {exc.strerror or exc}", path,
        hint=f"check that its folder exists and is writable; {NOTHING_CHANGED}",
    )


def _stage(path: Path, data: bytes, durable: bool) -> Path:
    """Write ``data`` to a temporary file beside ``path``, with ``path``'s permissions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(temporary, mode)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that a reader never sees a half-written file.

    ``durable`` also puts the data on disk before it replaces the old file, so that a crash
    cannot leave an empty one; a file made again from others (a ``.mo``, compiled again when
    found empty) can skip that wait. A file that cannot be written is an ``EditionsError``.
    """
    temporary = _stage(path, data, durable)
    try:
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from exc


def keep_cache(path: Path, data: bytes) -> None:
    """Write a cache file (``_build/cache``): whole or not at all, without waiting for the
    disk; one that cannot be written is only slower next time, never an error."""
    with contextlib.suppress(EditionsError):
        atomic_write(path, data, durable=False)


def read_json(path: Path) -> Any:
    """A JSON file's value; None where it is missing or damaged (a cache, made again)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_if_changed(path: Path, data: bytes) -> bool:
    """``atomic_write`` where the file is missing or says something else; whether it wrote.
    (A site file left as it was keeps its time: the rsync of a deploy, the PDFs made from
    pages, see nothing new.)"""
    if path.exists() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def write_all(files: Mapping[Path, bytes | None]) -> None:
    """Write every file or none: all are staged beside their targets first, then put in
    place; if one cannot be, those already replaced get their old content back. ``None``
    deletes a file (one missing stays missing), in the same all-or-nothing step."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            if data is not None:
                staged[path] = _stage(path, data, durable=True)
        previous = {path: path.read_bytes() if path.is_file() else None for path in files}
    except BaseException:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        raise
    done: list[Path] = []
    try:
        for path in files:
            if path in staged:
                os.replace(staged[path], path)
            else:
                path.unlink(missing_ok=True)
            done.append(path)
    except BaseException as exc:  # (Ctrl-C between two renames too: all or none)
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        # (Every file not as it was, wherever the interruption fell: the one being renamed
        # may be replaced already.)
        for path, old in previous.items():
            with contextlib.suppress(OSError, EditionsError):
                if (path.read_bytes() if path.is_file() else None) == old:
                    continue
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write(path, old)
        if isinstance(exc, OSError):
            raise _cannot_write(list(files)[len(done)], exc) from exc
        raise
