"""Read a document in a child process that may use only so much time and memory.

A reader looping for minutes over nested markup, or filling memory with a PDF's
unpacked streams, stops the child, not the web worker or the import. The child is a
fresh interpreter rather than a fork, so a threaded server or a test's open database
connection is never copied into it; it limits itself with setrlimit before it reads
a byte and is killed at the wall-clock limit. It reads the document on standard
input and answers one JSON object on standard output: the text, or why not.

    python -m archive.ingest.confined MIME LIMITS_JSON < document
"""

import json
import logging
import math
import resource
import signal
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from archive.ingest.limits import ADVICE, MB, ReadingLimits
from archive.ingest.readers import UnreadableTranscript

logger = logging.getLogger(__name__)

# The directory holding the `archive` package, for `python -m` in the child.
_ROOT = Path(__file__).resolve().parents[2]
_OUT_OF_MEMORY = 3


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
        answer = json.loads(done.stdout)
        if "refused" in answer:
            raise UnreadableTranscript(answer["refused"])
        return answer["text"]
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise UnreadableTranscript(_too_slow(label, limits))
    if done.returncode == _OUT_OF_MEMORY:
        raise UnreadableTranscript(_stopped(
            label, f"needed more than {limits.memory_mb:,} MB of memory to read"
        ))
    error = done.stderr.decode("utf-8", errors="replace").strip()
    logger.warning("Reading a %s failed (status %s): %s", label, done.returncode, error)
    last_line = error.splitlines()[-1][:200] if error else f"status {done.returncode}"
    raise UnreadableTranscript(f"The {label} could not be read ({last_line}). " + ADVICE)


def _too_slow(label, limits):
    return _stopped(label, f"took longer than {limits.seconds:g} seconds to read")


def _stopped(label, reason):
    return (
        f"The {label} {reason} and was stopped: it may be damaged, or built to overload "
        "the site. " + ADVICE
    )


def _limit_this_process(limits):
    seconds = math.ceil(limits.seconds)
    # SIGXCPU at the soft limit, SIGKILL a second later if it is ignored.
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # A reader has no business writing files, nor a stopped one leaving a core dump.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv):
    mime, limits = argv[0], ReadingLimits(**json.loads(argv[1]))
    _limit_this_process(limits)
    data = sys.stdin.buffer.read()
    # Imported here, under the limits; and formats imports this module.
    from archive.ingest.formats import LABELS, read_format

    try:
        answer = {"text": read_format(mime, data, limits)}
    except UnreadableTranscript as exc:
        answer = {"refused": str(exc)}
    except MemoryError:
        sys.exit(_OUT_OF_MEMORY)
    except RecursionError:
        answer = {"refused": f"The {LABELS[mime]} is nested too deeply to read. " + ADVICE}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
