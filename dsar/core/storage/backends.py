"""Where stored blobs live: a folder on local disk (the default, ``uploads/``) or an S3-compatible
bucket shared by every web and worker host (``DSAR_STORAGE_URL=s3://bucket/prefix``).

Both hold ciphertext only: the store encrypts before a byte reaches a backend. Keys are
``<folder>/<random name>``, made by the store, never from anything a person sent (security.md U-09).
A write is all or nothing: a temp file renamed into place on disk (U-10: folders 0700, files 0600),
a single PUT on S3 (an object appears whole or not at all)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import urlparse


class Backend(Protocol):
    def put(self, key: str, chunks: Iterable[bytes]) -> None: ...
    def open(self, key: str) -> tuple[BinaryIO, int]: ...
    def delete(self, key: str) -> None: ...
    def exists(self, key: str) -> bool: ...
    def listing(self, folder: str) -> dict[str, float]: ...


class LocalBackend:
    """Files under ``root``; a missing file is FileNotFoundError, as for any file."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key

    def _folder(self, key: str) -> Path:
        folder = self.path(key).parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        return folder

    def put(self, key: str, chunks: Iterable[bytes]) -> None:
        target = self.path(key)
        fd, temp = tempfile.mkstemp(dir=self._folder(key), prefix=".", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        finally:
            Path(temp).unlink(missing_ok=True)

    def open(self, key: str) -> tuple[BinaryIO, int]:
        handle = self.path(key).open("rb")
        return handle, os.fstat(handle.fileno()).st_size

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def listing(self, folder: str) -> dict[str, float]:
        """File name -> modification time (seconds since the epoch) of the blobs in ``folder``."""
        path = self.root / folder
        if not path.is_dir():
            return {}
        return {
            p.name: p.stat().st_mtime for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
        }


class S3Backend:
    """Objects under ``prefix`` in ``bucket`` of any S3-compatible store (AWS, MinIO, Ceph, ...)."""

    SPOOL_BYTES = 8 * 1024 * 1024  # larger blobs go through a temp file on their way up

    def __init__(self, bucket: str, prefix: str, client):
        self.bucket, self.prefix, self.client = bucket, prefix.strip("/"), client

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, chunks: Iterable[bytes]) -> None:
        with tempfile.SpooledTemporaryFile(max_size=self.SPOOL_BYTES) as spool:
            for chunk in chunks:
                spool.write(chunk)
            spool.seek(0)
            self.client.upload_fileobj(spool, self.bucket, self._name(key))

    def open(self, key: str) -> tuple[BinaryIO, int]:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey as exc:
            raise FileNotFoundError(key) from exc
        return answer["Body"], int(answer["ContentLength"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))  # absent: no error

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def listing(self, folder: str) -> dict[str, float]:
        start = self._name(folder).rstrip("/") + "/"
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start):
            for item in page.get("Contents", []):
                found[item["Key"][len(start) :]] = item["LastModified"].timestamp()
        return found


def from_config(config) -> Backend:
    """The backend the settings name: ``DSAR_STORAGE_URL`` empty means ``DSAR_UPLOAD_DIR`` on disk."""
    url = (config.get("STORAGE_URL") or "").strip()
    if not url:
        return LocalBackend(Path(config["UPLOAD_DIR"]))
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError("DSAR_STORAGE_URL must be empty (local disk) or s3://bucket/prefix")
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=config.get("STORAGE_S3_ENDPOINT") or None,
        region_name=config.get("STORAGE_S3_REGION") or None,
        aws_access_key_id=config.get("STORAGE_S3_ACCESS_KEY") or None,
        aws_secret_access_key=config.get("STORAGE_S3_SECRET_KEY") or None,
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
    )
    return S3Backend(parsed.netloc, parsed.path, client)
