"""Running a parse in a child process with limits on memory, CPU time and wall time.

Why a child process: the libraries that read PDF, DOCX and XLSX allocate as the file asks (a
compressed stream inflating to gigabytes, a sheet declaring a million rows). Checks before parsing
catch the plain cases (``limits``); the child catches the rest, because the kernel enforces
``RLIMIT_AS`` (the child's address space: an allocation beyond it fails with MemoryError, so the
child refuses cleanly) and ``RLIMIT_CPU`` (SIGXCPU ends a runaway parse), and the parent kills the
child at the wall-clock deadline. Nothing the child does can exhaust the server's memory.

A single-threaded caller (the CLI, a job worker) forks directly. A threaded one (the web server) gets
its children from a fork server that has already imported the parsing libraries, so a parse starts in
milliseconds and the child copies no other thread's locks or connections. Progress reports travel back over the result pipe.
Set ``KEHOACH_PARSE_SANDBOX=0`` to parse in-process (debugging, profiling); platforms without
``fork`` parse in-process too.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types

from .errors import ImportRejected
from .limits import Limits

_FORKSERVER = None


def _context():
    """``fork`` from a single-threaded process (the CLI, a job worker): nothing to start. From a
    threaded one (the web server) a fork could copy a lock held by another thread, so children come
    from a fork server instead."""
    global _FORKSERVER
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if _FORKSERVER is None:
        ctx = multiprocessing.get_context("forkserver")
        # The fork server imports the parser and its libraries once; children start from that.
        ctx.set_forkserver_preload(["kehoach.imports.parsing.sandbox", "kehoach.imports.parsing.warm"])
        _FORKSERVER = ctx
    return _FORKSERVER


def enabled() -> bool:
    if os.environ.get("KEHOACH_PARSE_SANDBOX", "1").lower() in ("0", "false", "no", "off"):
        return False
    return "forkserver" in multiprocessing.get_all_start_methods()


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _apply_limits(limits: Limits) -> None:
    import resource

    budget = _vm_size() + limits.max_memory
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    cpu = limits.max_cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _peak_rss() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(conn, fn, args, limits: Limits, with_progress: bool) -> None:
    try:
        _apply_limits(limits)
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                conn.send(("progress", done, total))

        result = fn(*args, progress if with_progress else None)
        conn.send(("ok", result, _peak_rss()))
    except ImportRejected as exc:
        conn.send(("rejected", exc, _peak_rss()))
    except MemoryError:
        conn.send(("rejected", _too_complex(), _peak_rss()))
    except BaseException as exc:  # report, never hang the parent
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}", _peak_rss()))
        except Exception:
            pass
    finally:
        conn.close()


def _too_complex() -> ImportRejected:
    return ImportRejected(
        "too_complex",
        "Tệp cần quá nhiều bộ nhớ hoặc thời gian để đọc — từ chối nhập (hãy tách tệp hoặc lưu lại ở định dạng khác).",
        "Reading the file needs more memory or time than allowed; refused.",
    )


def _timeout(seconds: int) -> ImportRejected:
    return ImportRejected(
        "timeout",
        f"Đọc tệp quá {seconds} giây mà chưa xong — từ chối nhập (hãy tách tệp hoặc lưu lại ở định dạng khác).",
        f"Reading the file took longer than {seconds} seconds; refused.",
    )


_MAIN_LOCK = threading.Lock()


def _start(process, forkserver: bool) -> None:
    """Start the child. A fork-server child would first re-import this process's main script (so the
    web server's or the command's entry point would run again there): hide it while the child's
    start-up data is written; the child needs nothing from it."""
    if not forkserver:
        process.start()
        return
    with _MAIN_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            if main is not None:
                sys.modules["__main__"] = main


# The peak resident memory of the last child, for the benchmark.
last_peak_rss = 0


def run_limited(fn, *args, limits: Limits, progress=None):
    """``fn(*args, progress)`` in a limited child; its ImportRejected comes back as raised."""
    global last_peak_rss
    if not enabled():
        return fn(*args, limits, progress)
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=_child, args=(child, fn, (*args, limits), limits, progress is not None), daemon=True
    )
    _start(process, forkserver=ctx is _FORKSERVER)
    child.close()
    deadline = time.monotonic() + limits.max_wall_seconds
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timeout(limits.max_wall_seconds)
            if not parent.poll(min(remaining, 1.0)):
                if not process.is_alive() and not parent.poll(0):
                    raise _too_complex()
                continue
            try:
                message = parent.recv()
            except (EOFError, OSError):
                raise _too_complex() from None
            kind = message[0]
            if kind == "progress":
                if progress:
                    progress(message[1], message[2])
                continue
            last_peak_rss = message[-1]
            if kind == "ok":
                return message[1]
            if kind == "rejected":
                raise message[1]
            raise ImportRejected(
                "unreadable",
                "Không đọc được nội dung tệp (lỗi không xác định).",
                f"Unexpected error while reading the file: {message[1]}",
            )
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)
