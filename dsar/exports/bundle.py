"""The portability/access bundle (rules 7.2): one ZIP written to disk as a stream.

Members, all with fixed names (security.md V-07): ``<dataset>.csv`` per dataset, ``data.json`` with
one key per dataset, ``README.txt`` in the requester's language and ``manifest.json`` with the
SHA-256 of every other member. Rows go straight from the source cursor into the ZIP; data.json is
spooled to a temporary file meanwhile, so each source is read once and memory stays bounded however
many rows a person has. The hash of the whole ZIP is computed while it is written."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dsar.core.csv_writer import safe_cell
from dsar.exports.cells import BatchEncoder, batches_of

SCHEMA_VERSION = "1"
COPY_CHUNK = 1024 * 1024


class _HashingSink:
    """A write-only, non-seekable file for zipfile: it then writes data descriptors instead of
    seeking back, and every byte passes through SHA-256 on its way to disk."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.position = 0

    def write(self, data) -> int:
        self.digest.update(data)
        self.handle.write(data)
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        self.handle.flush()


class _HashingMember(io.RawIOBase):
    """Wraps a ZIP member being written, hashing its uncompressed bytes."""

    def __init__(self, member):
        self.member = member
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.digest.update(data)
        self.size += len(data)
        self.member.write(data)
        return len(data)


@dataclass
class MemberInfo:
    name: str
    sha256: str
    bytes: int
    rows: int | None = None


@dataclass
class BundleResult:
    path: Path
    sha256: str
    size: int
    manifest: dict
    members: list[MemberInfo] = field(default_factory=list)


class BundleWriter:
    def __init__(self, path: Path):
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._sink = _HashingSink(self._file)
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._spool_path = path.with_name(path.name + "." + secrets.token_hex(4) + ".json")
        fd = os.open(self._spool_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._spool = io.TextIOWrapper(os.fdopen(fd, "wb"), encoding="utf-8")
        self._spool.write("{")
        self.members: list[MemberInfo] = []
        self.datasets: list[dict] = []

    def _member(self, name: str) -> tuple[zipfile.ZipFile, _HashingMember]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return self._zip.open(info, "w", force_zip64=True)

    def add_dataset(self, name: str, columns: list[str], rows: Iterable[list]) -> int:
        """Write ``<name>.csv`` and the dataset's entry in data.json; returns the row count. If the
        rows stop with an error, what was written stays and the error propagates to the caller."""
        member = self._member(f"{name}.csv")
        hashing = _HashingMember(member)
        text = io.TextIOWrapper(io.BufferedWriter(hashing, COPY_CHUNK), encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow([safe_cell(column) for column in columns])
        separator = "," if self.datasets else ""
        self._spool.write(f"{separator}\n{json.dumps(name)}: [")
        count, spool, encoder = 0, self._spool, BatchEncoder(columns)
        try:
            for batch in batches_of(rows):
                lines, objects = encoder.encode(batch)
                text.write(lines)
                spool.write(("," if count else "") + "\n  " + objects)
                count += len(batch)
        finally:
            self._spool.write("\n]")
            text.flush()
            text.detach().flush()
            member.close()
            self.members.append(MemberInfo(f"{name}.csv", hashing.digest.hexdigest(), hashing.size, count))
            self.datasets.append({"name": name, "columns": columns, "rows": count})
        return count

    def add_text(self, name: str, content: str) -> None:
        data = content.encode("utf-8")
        with self._member(name) as member:
            member.write(data)
        self.members.append(MemberInfo(name, hashlib.sha256(data).hexdigest(), len(data)))

    def _add_data_json(self) -> None:
        self._spool.write("\n}\n")
        self._spool.close()
        digest, size = hashlib.sha256(), 0
        with self._member("data.json") as member, self._spool_path.open("rb") as spool:
            while chunk := spool.read(COPY_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                member.write(chunk)
        self.members.append(MemberInfo("data.json", digest.hexdigest(), size))

    def finish(self, manifest: dict, readme: str) -> BundleResult:
        """Close the bundle: data.json, README, then the manifest listing every other member."""
        try:
            self._add_data_json()
            self.add_text("README.txt", readme)
            manifest = {
                **manifest,
                "schema_version": SCHEMA_VERSION,
                "files": [vars(info) for info in self.members],
            }
            self.add_text("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            self._zip.close()
            self._file.close()
        finally:
            self.discard_spool()
        return BundleResult(
            self.path, self._sink.digest.hexdigest(), self._sink.position, manifest, self.members
        )

    def discard_spool(self) -> None:
        if not self._spool.closed:
            self._spool.close()
        self._spool_path.unlink(missing_ok=True)

    def abort(self) -> None:
        """Remove everything written: nothing half-made is kept or sent."""
        self.discard_spool()
        with contextlib.suppress(Exception):  # the file is removed below whatever state it is in
            self._zip.close()
        self._file.close()
        self.path.unlink(missing_ok=True)
