"""The drills' readers and the record of every request: asyncio HTTP/1.1 keep-alive
connections fetching pages as fast as the server answers, each request recorded with its
start time, latency and status so the report can say what happened when.
"""

import asyncio
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.common import HOST
from bench.drill_site import PORT

# --- Recording ---------------------------------------------------------------------------------


@dataclass
class Record:
    started: float  # seconds since the drill's start
    latency: float  # seconds
    status: int  # 0 for a connection error or timeout
    kind: str
    error: str = ""


@dataclass
class Recorder:
    origin: float = field(default_factory=time.monotonic)
    records: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, started, latency, status, kind, error=""):
        with self.lock:
            self.records.append(Record(started - self.origin, latency, status, kind, error))

    def now(self):
        return time.monotonic() - self.origin


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarize(records, *, between=None):
    """Counts by status and latency percentiles (ms) of `records`, optionally within [start, end) seconds."""
    if between:
        records = [r for r in records if between[0] <= r.started < between[1]]
    latencies = [r.latency * 1000 for r in records if r.status]
    statuses = Counter(str(record.status) for record in records)
    duration = (max((r.started for r in records), default=0) - min((r.started for r in records), default=0)) or 1
    return {
        "requests": len(records),
        "per_second": round(len(records) / duration, 1),
        "statuses": dict(sorted(statuses.items())),
        "5xx": sum(1 for r in records if r.status >= 500),
        "connection_errors": sum(1 for r in records if r.status == 0),
        "connection_error_kinds": dict(Counter(r.error for r in records if r.status == 0)),
        "p50_ms": round(percentile(latencies, 0.50), 1) if latencies else None,
        "p90_ms": round(percentile(latencies, 0.90), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
    }


# --- Readers (asyncio, keep-alive) -------------------------------------------------------------


async def _read_response(reader):
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.lower() == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2) if size else await reader.readline()
            if not size:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return status, close


async def _exchange(stream, path, timeout):
    reader, writer = stream
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nAccept: text/html\r\n"
        f"User-Agent: newsroom-drill\r\n\r\n".encode()
    )
    return await asyncio.wait_for(_read_response(reader), timeout)


async def _reader(urls, deadline, recorder, timeout):
    stream = None
    while time.monotonic() < deadline:
        kind, path = random.choice(urls)
        started = time.monotonic()
        try:
            reused = stream is not None
            if stream is None:
                stream = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
            try:
                status, close = await _exchange(stream, path, timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                if not reused:
                    raise
                # A kept-alive connection the server had closed (idle timeout, worker recycled):
                # like a browser, send the GET again once on a fresh connection.
                stream[1].close()
                stream = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), timeout)
                status, close = await _exchange(stream, path, timeout)
            recorder.add(started, time.monotonic() - started, status, kind)
            if close:
                stream[1].close()
                stream = None
        except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
            recorder.add(started, time.monotonic() - started, 0, kind, type(error).__name__)
            if stream is not None:
                stream[1].close()
            stream = None
            await asyncio.sleep(0.05)
    if stream is not None:
        stream[1].close()


def run_readers(urls, *, concurrency, seconds, recorder, timeout=30.0):
    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_reader(urls, deadline, recorder, timeout) for _ in range(concurrency)))

    asyncio.run(main())
