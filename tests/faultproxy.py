"""A misbehaving network between the desk and the server, on loopback.

An HTTP/1.1-aware TCP proxy (asyncio, in a thread) that forwards each request on a new
connection to the server and can, per request: drop the request, drop the response after
the server committed, send the request twice, delay it, cut the request or the response in
the middle of its body. It can also throttle both directions to a byte rate and cut every
open connection (a line that drops every 30 s). Used by the sync tests and bench/.
"""

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable

FAULTS = ("drop_request", "drop_response", "duplicate", "delay", "cut_request", "cut_response")


class _Bucket:
    """Bytes per second for one direction; None: unlimited."""

    def __init__(self, rate: float | None):
        self.rate = rate
        self.next_free = time.monotonic()

    async def take(self, n: int) -> None:
        if not self.rate:
            return
        now = time.monotonic()
        start = max(now, self.next_free)
        self.next_free = start + n / self.rate
        delay = self.next_free - now
        if delay > 0:
            await asyncio.sleep(delay)


class FaultProxy:
    def __init__(
        self,
        target_port: int,
        *,
        rate: float | None = None,
        cut_every: float | None = None,
        delay: float = 0.3,
    ):
        self.target_port = target_port
        self.plan: Callable[[int, str, str], str | bytes | None] | None = None
        self.delay = delay
        self.cut_every = cut_every
        self.requests = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.cuts = 0
        self.faults_done: list[str] = []
        self._up = _Bucket(rate)
        self._down = _Bucket(rate)
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    # --- control from the test's thread ----------------------------------------------
    def set_plan(self, plan) -> None:
        self.plan = plan
        self.requests = 0

    def fault_at(self, index: int, fault: str | None) -> None:
        """Apply `fault` to request number `index` (0-based) from now on."""
        self.set_plan(lambda i, _m, _p: fault if i == index else None)

    def clear(self) -> None:
        self.plan = None

    def cut_now(self) -> None:
        self._loop.call_soon_threadsafe(self._cut_all)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._stop)
        self._thread.join(10)

    # --- the loop ------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        if self.cut_every:
            self._loop.create_task(self._cutter())
        self._ready.set()
        self._loop.run_forever()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self._loop.close()

    def _stop(self) -> None:
        self._server.close()
        self._cut_all(count=False)
        self._loop.stop()

    async def _cutter(self) -> None:
        while True:
            await asyncio.sleep(self.cut_every)
            self._cut_all()

    def _cut_all(self, count: bool = True) -> None:
        if count and self._writers:
            self.cuts += 1
        for w in list(self._writers):
            with contextlib.suppress(Exception):
                w.transport.abort()
        self._writers.clear()

    async def _read_message(self, reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            return None
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        try:
            body = await reader.readexactly(length) if length else b""
        except (asyncio.IncompleteReadError, ConnectionError):
            return None
        return head, body

    async def _send(self, writer: asyncio.StreamWriter, data: bytes, bucket: _Bucket) -> None:
        view = memoryview(data)
        step = 16 * 1024
        for i in range(0, len(view), step):
            piece = view[i : i + step]
            await bucket.take(len(piece))
            writer.write(piece)
            await writer.drain()
            if bucket is self._up:
                self.bytes_up += len(piece)
            else:
                self.bytes_down += len(piece)

    async def _forward(
        self, head: bytes, body: bytes, *, cut_at: int | None = None
    ) -> bytes | None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers.add(writer)
        try:
            if cut_at is not None:
                await self._send(writer, head + body[:cut_at], self._up)
                writer.transport.abort()
                return None
            await self._send(writer, head + body, self._up)
            got = await self._read_message(reader)
            if got is None:
                return None
            return got[0] + got[1]
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                msg = await self._read_message(reader)
                if msg is None:
                    return
                head, body = msg
                first = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
                method, path = first[0], first[1] if len(first) > 1 else "/"
                index = self.requests
                self.requests += 1
                fault = self.plan(index, method, path) if self.plan else None
                if isinstance(fault, bytes):  # the server commits; the desk gets this instead
                    self.faults_done.append("replaced")
                    await self._forward(head, body)
                    await self._send(writer, fault, self._down)
                    writer.transport.abort()
                    return
                if fault:
                    self.faults_done.append(fault)
                if fault == "drop_request":
                    writer.transport.abort()
                    return
                if fault == "delay":
                    await asyncio.sleep(self.delay)
                if fault == "cut_request":
                    await self._forward(head, body, cut_at=max(0, len(body) // 2))
                    writer.transport.abort()
                    return
                response = await self._forward(head, body)
                if fault == "duplicate":
                    response = await self._forward(head, body)
                if response is None:
                    writer.transport.abort()
                    return
                if fault == "drop_response":
                    writer.transport.abort()
                    return
                if fault == "cut_response":
                    await self._send(writer, response[: len(response) // 2], self._down)
                    writer.transport.abort()
                    return
                await self._send(writer, response, self._down)
        except (ConnectionError, asyncio.CancelledError, OSError):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        finally:
            self._writers.discard(writer)
