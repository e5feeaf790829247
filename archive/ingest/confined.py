"""Read a document in a child process that may use only so much time and memory.

A reader looping for minutes over nested markup, or filling memory with a PDF's
unpacked streams, stops the child, not the web worker or the import. The child is a
fresh interpreter rather than a fork, so a threaded server or a test's open database
connection is never copied into it; it limits itself with setrlimit before it reads
a byte and is killed at the wall-clock limit. It reads the document on standard
input and answers one JSON object on standard output: the text, or why not.

    python -m archive.ingest.confined MIME LIMITS_JSON < document

A whole collection (thousands of Markdown files) would pay a fresh interpreter and
the readers' imports, about a third of a CPU second, for every file: `BatchReader`
keeps one child for many documents under the same limits, one document at a time
(each gets its own time limit), and starts a new child after one was stopped.

    python -m archive.ingest.confined --serve LIMITS_JSON
        reads "MIME SIZE\n" and SIZE bytes, answers one JSON line, again and again
"""

import json
import logging
import math
import os
import resource
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from archive.ingest.limits import ADVICE, MB, ReadingLimits
from archive.ingest.readers import UnreadableTranscript

logger = logging.getLogger(__name__)

# The directory holding the `archive` package, for `python -m` in the child.
_ROOT = Path(__file__).resolve().parents[2]
_OUT_OF_MEMORY = 3
# How long a batch reader's child may take to start, whatever the document limit.
_START_SECONDS = 60


def read_confined(mime: str, label: str, data: bytes, limits: ReadingLimits) -> str:
    """The text a reader finds in `data`, read in a child within `limits`; raises
    UnreadableTranscript saying why not, also when a limit stopped the reading."""
    limits_json = json.dumps(asdict(limits))
    command = [sys.executable, "-m", "archive.ingest.confined", mime, limits_json]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=limits.seconds, cwd=_ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableTranscript(_too_slow(label, limits)) from None
    except OSError as exc:  # no process could be started: the server's fault, not the file's
        raise UnreadableTranscript(
            f"The {label} could not be read now: the server could not start a reader "
            f"({exc.strerror or exc}). Try again later."
        ) from exc
    if done.returncode == 0:
        return _text_of(json.loads(done.stdout))
    raise _failure(label, limits, done.returncode, done.stderr)


def _text_of(answer):
    if "refused" in answer:
        raise UnreadableTranscript(answer["refused"])
    return answer["text"]


def _failure(label, limits, returncode, stderr: bytes) -> UnreadableTranscript:
    """Why a child that stopped with `returncode` read nothing."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return UnreadableTranscript(_too_slow(label, limits))
    if returncode == _OUT_OF_MEMORY:
        return UnreadableTranscript(_stopped(
            label, f"needed more than {limits.memory_mb:,} MB of memory to read"
        ))
    error = stderr.decode("utf-8", errors="replace").strip()
    logger.warning("Reading a %s failed (status %s): %s", label, returncode, error)
    last_line = error.splitlines()[-1][:200] if error else f"status {returncode}"
    return UnreadableTranscript(f"The {label} could not be read ({last_line}). " + ADVICE)


class BatchReader:
    """Reads many documents in one child, each within `limits`: `read` answers as
    read_confined does. Use as a context manager, or call close()."""

    def __init__(self, limits: ReadingLimits):
        self.limits = limits
        self.child = None
        self.stderr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.child is not None:
            self.child.stdin.close()
            try:
                self.child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
            self._forget_child()

    def read(self, mime: str, label: str, data: bytes) -> str:
        child = self._child(label)
        deadline = time.monotonic() + self.limits.seconds
        try:
            child.stdin.write(f"{mime} {len(data)}\n".encode("ascii") + data)
            child.stdin.flush()
        except BrokenPipeError:
            pass  # the child died: its status says why, below
        return _text_of(json.loads(self._line(label, deadline)))

    def _line(self, label, deadline):
        """The child's next line; raises UnreadableTranscript when it ran out of time
        or died (and forgets it: the next read starts another)."""
        line = self._answer_line(self.child, deadline)
        if line is None:
            self.child.kill()
            self.child.wait()
            self._forget_child()
            raise UnreadableTranscript(_too_slow(label, self.limits))
        if not line:
            returncode = self.child.wait()
            self.stderr.seek(0)
            error = self.stderr.read()
            self._forget_child()
            raise _failure(label, self.limits, returncode, error)
        return line

    def _child(self, label):
        if self.child is None:
            command = [sys.executable, "-m", "archive.ingest.confined", "--serve",
                       json.dumps(asdict(self.limits))]
            # A file, not a pipe: a child writing warnings must never block on them.
            self.stderr = tempfile.TemporaryFile()
            try:
                self.child = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=self.stderr, cwd=_ROOT,
                )
            except OSError as exc:
                self.stderr.close()
                raise UnreadableTranscript(
                    "The files could not be read now: the server could not start a reader "
                    f"({exc.strerror or exc}). Try again later."
                ) from exc
            # Starting (the readers' imports) is not the document's time: on a busy
            # machine it alone can take longer than a document may.
            self._line(label, time.monotonic() + max(_START_SECONDS, self.limits.seconds))
        return self.child

    def _forget_child(self):
        for stream in (self.child.stdin, self.child.stdout, self.stderr):
            stream.close()
        self.child = self.stderr = None

    @staticmethod
    def _answer_line(child, deadline):
        """The child's answer; b"" when it died, None when it ran out of time."""
        fd = child.stdout.fileno()
        chunks = []
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    return None
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return b""
                chunks.append(chunk)
                if chunk.endswith(b"\n"):
                    return b"".join(chunks)


def _too_slow(label, limits):
    return _stopped(label, f"took longer than {limits.seconds:g} seconds to read")


def _stopped(label, reason):
    return (
        f"The {label} {reason} and was stopped: it may be damaged, or built to overload "
        "the site. " + ADVICE
    )


def _limit_this_process(limits, *, cpu=True):
    if cpu:
        seconds = math.ceil(limits.seconds)
        # SIGXCPU at the soft limit, SIGKILL a second later if it is ignored.
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A reader has no business writing files, nor a stopped one leaving a core dump.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _answer(mime, data, limits):
    # Imported here, under the limits; and formats imports this module.
    from archive.ingest.formats import LABELS, read_format

    try:
        return {"text": read_format(mime, data, limits)}
    except UnreadableTranscript as exc:
        return {"refused": str(exc)}
    except MemoryError:
        sys.exit(_OUT_OF_MEMORY)
    except RecursionError:
        return {"refused": f"The {LABELS[mime]} is nested too deeply to read. " + ADVICE}


def _serve(limits):
    # CPU time adds up over the documents: each one gets `seconds` more of it (a
    # hard limit could never be raised again; the parent's clock stops the rest).
    _limit_this_process(limits, cpu=False)
    import archive.ingest.formats  # noqa: F401 - before "ready": see BatchReader._child

    stdin, stdout = sys.stdin.buffer, sys.stdout
    stdout.write("ready\n")
    stdout.flush()
    while header := stdin.readline():
        mime, size = header.decode("ascii").split()
        data = stdin.read(int(size))
        used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
        soft = math.ceil(used + limits.seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
        stdout.write(json.dumps(_answer(mime, data, limits)) + "\n")
        stdout.flush()


def main(argv):
    if argv[0] == "--serve":
        _serve(ReadingLimits(**json.loads(argv[1])))
        return
    mime, limits = argv[0], ReadingLimits(**json.loads(argv[1]))
    _limit_this_process(limits)
    data = sys.stdin.buffer.read()
    json.dump(_answer(mime, data, limits), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
