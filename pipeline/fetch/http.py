"""Polite HTTP: retries with backoff (urllib3 Retry), timeouts, rate limits, robots.txt, size caps,
host checks on every redirect hop. Returns outcomes as values; only programming errors raise."""

from __future__ import annotations

import fcntl
import hashlib
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from pipeline import __version__

USER_AGENT = f"crimestats/{__version__} (+https://github.com/crimestats/crimestats)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
RETRY_STATUSES = (429, 500, 502, 503, 504)
CHALLENGE_STATUSES = (412, 521)


@dataclass(frozen=True, slots=True)
class Response:
    """The final answer for one URL after retries and redirects."""

    url: str
    outcome: str
    status: int | None = None
    final_url: str | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 1
    elapsed_ms: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


class HostLimiter:
    """Politeness per host, shared by every client in the process: a minimum interval between
    requests and a cap on requests in flight. Two sources on one host share both, and the
    slowest rate and smallest cap any of them asked for win."""

    _lock = threading.Lock()
    _next_slot: dict[str, float] = {}  # noqa: RUF012 - deliberately process-wide
    _rates: dict[str, float] = {}  # noqa: RUF012
    _caps: dict[str, int] = {}  # noqa: RUF012
    _slots: dict[str, threading.BoundedSemaphore] = {}  # noqa: RUF012

    @classmethod
    def register(cls, host: str, per_second: float, concurrency: int) -> None:
        """Declare a client's limits for `host`; the strictest declared so far holds."""
        with cls._lock:
            if per_second > 0:
                cls._rates[host] = min(cls._rates.get(host, per_second), per_second)
            if concurrency < cls._caps.get(host, concurrency + 1):
                cls._caps[host] = concurrency
                cls._slots[host] = threading.BoundedSemaphore(concurrency)

    _shared_dir: Path | None = None

    @classmethod
    def share_through(cls, directory: Path | None) -> None:
        """Coordinate the rate with other processes through files in `directory` (the crawl
        tasks of one Airflow run are separate processes; two sources on one host must still
        keep its limit). None goes back to in-process only."""
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        cls._shared_dir = directory

    @classmethod
    def wait(cls, host: str, per_second: float) -> None:
        with cls._lock:
            rate = min(per_second, cls._rates.get(host, per_second)) if per_second > 0 else 0.0
            interval = 1.0 / rate if rate > 0 else 0.0
            if cls._shared_dir is not None:
                delay = _reserve_shared_slot(cls._shared_dir, host, interval)
            else:
                now = time.monotonic()
                slot = max(now, cls._next_slot.get(host, 0.0))
                cls._next_slot[host] = slot + interval
                delay = slot - now
        if delay > 0:
            time.sleep(delay)

    @classmethod
    @contextmanager
    def slot(cls, host: str) -> Iterator[None]:
        """Hold one of the host's concurrent-request slots for the duration of a request."""
        with cls._lock:
            semaphore = cls._slots.get(host)
        if semaphore is None:
            yield
            return
        with semaphore:
            yield


def _reserve_shared_slot(directory: Path, host: str, interval: float) -> float:
    """Book the host's next request slot in a file shared by every crawler process (an
    exclusive flock around read-modify-write of the next free time); return the wait."""
    path = directory / (hashlib.sha256(host.encode()).hexdigest()[:16] + ".next")
    with path.open("a+", encoding="ascii") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            text = handle.read().strip()
            now = time.time()
            slot = max(now, float(text) if text else 0.0)
            handle.seek(0)
            handle.truncate()
            handle.write(repr(slot + interval))
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return slot - now


class _PoliteRetry(Retry):
    """urllib3's Retry, with Retry-After honoured up to `max_retry_after` seconds (a server
    asking for an hour gets the cap, then the attempt budget decides)."""

    max_retry_after: float = 60.0

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, self.max_retry_after)


class HttpClient:
    """One client per source: its allowed hosts, rate limit and robots rules."""

    def __init__(
        self,
        allowed_hosts: tuple[str, ...],
        rate_limit_per_second: float = 1.0,
        *,
        retries: int = 3,
        backoff_factor: float = 0.5,
        timeout: tuple[float, float] = (10.0, 30.0),
        max_bytes: int = MAX_BYTES,
        obey_robots: bool = True,
        max_concurrent_per_host: int = 2,
        max_retry_after: float = 60.0,
    ) -> None:
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)
        self.rate = rate_limit_per_second
        self.retries = retries
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.obey_robots = obey_robots
        self.max_concurrent = max_concurrent_per_host
        self.backoff_factor = backoff_factor
        self._robots: dict[str, Protego | None] = {}
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        policy = type("PoliteRetry", (_PoliteRetry,), {"max_retry_after": max_retry_after})
        retry = policy(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            redirect=0,
            backoff_factor=backoff_factor,
            backoff_jitter=backoff_factor / 2,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=4)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        return parts.scheme in ("http", "https") and (
            host in self.allowed_hosts or (parts.hostname or "") in self.allowed_hosts
        )

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules: Protego | None = None
            answer = self._get(urljoin(origin, "/robots.txt"), {})
            if answer.ok:
                rules = Protego.parse(answer.body.decode("utf-8", errors="replace"))
            self._robots[origin] = rules
        return self._robots[origin]

    def robots_allow(self, url: str) -> bool:
        rules = self._robots_for(url) if self.obey_robots else None
        return rules is None or rules.can_fetch(url, USER_AGENT)

    def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """Fetch `url`, following redirects only within the allowed hosts."""
        if not self._allowed(url):
            return Response(
                url, "off_host", error=f"host not in allowed_hosts {self.allowed_hosts}"
            )
        if not self.robots_allow(url):
            return Response(url, "robots_denied", error="disallowed by robots.txt")
        seen: list[str] = []
        current = url
        started = time.monotonic()
        attempts = 0
        while True:
            answer = self._get(current, headers or {})
            attempts += answer.attempts
            if answer.outcome != "redirect":
                return _finish(answer, url, current, attempts, started)
            location = urljoin(current, answer.headers.get("Location", ""))
            seen.append(current)
            if location in seen or len(seen) > MAX_REDIRECTS:
                return _finish(
                    Response(url, "redirect_loop", status=answer.status, error=f"via {seen}"),
                    url,
                    current,
                    attempts,
                    started,
                )
            if not self._allowed(location):
                return _finish(
                    Response(
                        url, "off_host", status=answer.status, error=f"redirect to {location}"
                    ),
                    url,
                    current,
                    attempts,
                    started,
                )
            current = location

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        """One URL, no redirects; retries transient faults including a body cut mid-read."""
        host = urlsplit(url).netloc.lower()
        HostLimiter.register(host, self.rate, self.max_concurrent)
        attempts = 0
        error = ""
        for attempt in range(self.retries + 1):
            HostLimiter.wait(host, self.rate)
            attempts += 1
            try:
                with (
                    HostLimiter.slot(host),
                    self.session.get(
                        url,
                        headers=headers,
                        timeout=self.timeout,
                        stream=True,
                        allow_redirects=False,
                    ) as resp,
                ):
                    history = getattr(resp.raw, "retries", None)
                    attempts += len(history.history) if history is not None else 0
                    return self._read(url, resp, attempts)
            except requests.exceptions.ConnectTimeout as exc:  # urllib3 already retried it
                return Response(url, "timeout", attempts=attempts + self.retries,
                                error=f"connect timeout: {exc}")  # fmt: skip
            except requests.exceptions.Timeout as exc:  # a read stalled mid-body: try again
                error, outcome = f"timeout: {exc}", "timeout"
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                error, outcome = f"body cut off: {exc}", "gave_up"
            except requests.exceptions.ConnectionError as exc:
                # a read that stalls mid-body surfaces as a ConnectionError wrapping a timeout
                timed_out = "timed out" in str(exc).lower()
                error = f"{'timeout' if timed_out else 'connection failed'}: {exc}"
                outcome = "timeout" if timed_out else "gave_up"
                if "Max retries exceeded" in str(exc):
                    attempts += self.retries
                    return Response(url, outcome, attempts=attempts, error=error)
            # exponential backoff with jitter, as urllib3 does for the faults it retries itself
            time.sleep(min(8.0, self.backoff_factor * 2**attempt) * (1 + random.random() / 2))
        return Response(url, outcome, attempts=attempts, error=error)

    def _read(self, url: str, resp: requests.Response, attempts: int) -> Response:
        """Classify one HTTP answer and read its body, streamed and capped at `max_bytes`."""
        status = resp.status_code
        headers = dict(resp.headers.items())

        def answer(outcome: str, error: str | None = None, body: bytes = b"") -> Response:
            return Response(url, outcome, status=status, headers=headers, body=body,
                            attempts=attempts, error=error)  # fmt: skip

        if 300 <= status < 400 and "Location" in resp.headers:
            return answer("redirect")
        if status == 304:
            return answer("not_modified")
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return answer("too_large", f"Content-Length {declared} > {self.max_bytes}")
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                return answer("too_large", f"body exceeds {self.max_bytes} bytes")
            chunks.append(chunk)
        body = b"".join(chunks)
        if status in CHALLENGE_STATUSES:
            return answer("challenge", f"HTTP {status} bot challenge", body)
        if status in RETRY_STATUSES:
            return answer("gave_up", f"HTTP {status} after {attempts} attempts")
        if 400 <= status < 500:
            return answer("not_found", f"HTTP {status}")
        if status >= 400:
            return answer("gave_up", f"HTTP {status}")
        return answer("ok", body=body)


def _finish(answer: Response, url: str, final: str, attempts: int, started: float) -> Response:
    return Response(
        url=url,
        outcome=answer.outcome,
        status=answer.status,
        final_url=final,
        body=answer.body,
        headers=answer.headers,
        attempts=attempts,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        error=answer.error,
    )
