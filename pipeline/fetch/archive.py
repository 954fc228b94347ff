"""The raw archive: every fetched body stored once, content-addressed, plus one record per fetch.

Layout under the archive root:
    objects/ab/abcdef...gz          gzip of the body, named by the sha256 of the raw bytes
    fetches/<source>/<run_id>.jsonl one `FetchRecord` per line, appended as fetches happen
Objects are written to a temporary file and renamed, so a crash never leaves half a body; records
are append-only, so history is never overwritten. Everything downstream is rebuilt from here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_STATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}")


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """What happened when one URL was fetched (the source of a `fetch_log` row)."""

    fetch_id: str
    run_id: str
    source: str
    kind: str  # listing | article | article_page (a continuation page `_2`, `_3` ...)
    url: str
    fetched_at: str  # ISO 8601, UTC
    outcome: str  # ok | not_modified | not_found | gave_up | timeout | too_large | off_host | ...
    status: int | None = None
    final_url: str | None = None
    article_key: str | None = None
    sha256: str | None = None
    bytes: int = 0
    attempts: int = 1
    elapsed_ms: int = 0
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    listing_title: str | None = None
    listing_date: str | None = None
    spec_sha256: str | None = None  # the source file (filled) used for this fetch
    # Continuation pages (`_2`, `_3` ...) of a multi-page article, as archive sha256s in page
    # order; the article's body is page 1 followed by these.
    pages: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> FetchRecord:
        data: dict[str, Any] = json.loads(line)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class RawArchive:
    """Content-addressed bodies and append-only fetch records under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _object_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / "objects" / sha256[:2] / f"{sha256}.gz"

    def put(self, body: bytes) -> str:
        """Store `body` once and return its sha256; storing the same bytes again is free."""
        sha256 = hashlib.sha256(body).hexdigest()
        path = self._object_path(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        """The body stored under `sha256`; raises FileNotFoundError if it was never stored."""
        with gzip.open(self._object_path(sha256), "rb") as gz:
            return gz.read()

    def has(self, sha256: str) -> bool:
        return self._object_path(sha256).exists()

    def append(self, record: FetchRecord) -> None:
        """Append one fetch record to its run's file (one writer per run and source)."""
        path = self.root / "fetches" / record.source / f"{record.run_id}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(record.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _state_path(self, name: str) -> Path:
        if not _STATE_NAME.fullmatch(name):
            raise ValueError(f"state name must be letters, digits, '_', '-' or '.': {name!r}")
        return self.root / "state" / f"{name}.json"

    def read_state(self, name: str) -> dict[str, Any] | None:
        """A small JSON document kept beside the archive (a backfill checkpoint), or None."""
        path = self._state_path(name)
        if not path.exists():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def write_state(self, name: str, data: dict[str, Any]) -> None:
        """Replace the state document atomically: a crash leaves the old one or the new one."""
        path = self._state_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def clear_state(self, name: str) -> None:
        self._state_path(name).unlink(missing_ok=True)

    def records(self, source: str | None = None) -> Iterator[FetchRecord]:
        """Every fetch record, oldest run file first; a torn last line (crash mid-write) is
        skipped rather than failing the whole archive."""
        base = self.root / "fetches"
        dirs = [base / source] if source else sorted(p for p in base.glob("*") if p.is_dir())
        files = sorted((f for d in dirs for f in d.glob("*.jsonl")), key=lambda f: f.name)
        for path in files:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.endswith("\n"):
                        break
                    try:
                        yield FetchRecord.from_json(line)
                    except (json.JSONDecodeError, TypeError):
                        continue
