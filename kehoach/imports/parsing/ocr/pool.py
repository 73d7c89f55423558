"""Reading pages on two processes: the parent reads every other page, a forked child the rest.

The parse already runs in a limited child (``sandbox``), which may not start multiprocessing children
(it is a daemon), so the second reader is a plain ``os.fork`` with a pipe; results travel pickled. Each
process loads its own tesseract engines after the fork. A threaded caller (the parse in-process inside
the web server) reads on one process: forking a threaded process is unsafe.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import threading

WORKERS = 2


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    data = struct.pack("!Q", len(data)) + data
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _recv_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _recv(fd: int):
    (size,) = struct.unpack("!Q", _recv_exact(fd, 8))
    return pickle.loads(_recv_exact(fd, size))


def workers() -> int:
    wanted = int(os.environ.get("KEHOACH_OCR_WORKERS", WORKERS) or 1)
    if wanted < 2 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    return min(wanted, os.cpu_count() or 1, 2) if (os.cpu_count() or 1) > 1 else 1


def run(pages: list, work, progress=None) -> list:
    """``work(items)`` is a generator yielding one result per item of ``pages``, in order; returns the
    results in page order, calling ``progress(done, total)`` as pages finish."""
    total = len(pages)
    done = 0
    if workers() < 2 or total < 2:
        out = []
        for result in work(pages):
            out.append(result)
            done += 1
            if progress:
                progress(done, total)
        return out
    mine, theirs = pages[0::2], pages[1::2]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the second reader
        os.close(r)
        code = 0
        try:
            for result in work(theirs):
                _send(w, ("page", result))
        except BaseException as exc:  # report, the parent decides
            try:
                _send(w, ("error", f"{type(exc).__name__}: {exc}"))
            except Exception:
                pass
            code = 1
        finally:
            os.close(w)
            os._exit(code)
    os.close(w)
    got_mine: list = []
    got_theirs: list = []
    error = None
    try:
        gen = work(mine)
        pending = True
        while pending or len(got_theirs) < len(theirs):
            if pending:
                try:
                    got_mine.append(next(gen))
                    done += 1
                    if progress:
                        progress(done, total)
                except StopIteration:
                    pending = False
            # Take what the other reader has finished meanwhile (wait for it once this side is done).
            while len(got_theirs) < len(theirs) and error is None:
                ready, _, _ = select.select([r], [], [], 0 if pending else None)
                if not ready:
                    break
                try:
                    kind, value = _recv(r)
                except EOFError:
                    error = "the second reader stopped"
                    break
                if kind == "error":
                    error = value
                    break
                got_theirs.append(value)
                done += 1
                if progress:
                    progress(done, total)
            if error is not None:
                break
    finally:
        os.close(r)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    if error is not None:
        raise RuntimeError(error)
    out = []
    for k in range(total):
        out.append(got_mine[k // 2] if k % 2 == 0 else got_theirs[k // 2])
    return out
