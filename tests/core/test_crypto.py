"""The key ring's chunked form (dsar/core/crypto.py): round trips at chunk edges, and every way of
cutting, reordering or moving a blob fails instead of reading (security.md S-01, S-02)."""

from __future__ import annotations

import base64
import io

import pytest

from dsar.core import crypto

K1 = "k1:" + base64.urlsafe_b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.urlsafe_b64encode(b"2" * 32).decode()
MAGIC = b"TEST1"


def aad(owner: str):
    return lambda key_id: f"test|{owner}|key={key_id}".encode()


def sealed(data: bytes, ring=None, owner="a") -> bytes:
    ring = ring or crypto.parse_keys(K1)
    pieces = [data[i : i + 1000] for i in range(0, len(data), 1000)] or [b""]
    return b"".join(crypto.seal_stream(ring, pieces, MAGIC, aad(owner)))


def opened(blob: bytes, ring=None, owner="a", size=1 << 20) -> bytes:
    opener = crypto.StreamOpener(
        ring or crypto.parse_keys(K1), io.BytesIO(blob), len(blob), MAGIC, aad(owner)
    )
    out = b""
    while piece := opener.read(size):
        out += piece
    assert opener.size == len(out)
    return out


@pytest.mark.parametrize(
    "length", [0, 1, crypto.CHUNK_BYTES - 1, crypto.CHUNK_BYTES, 3 * crypto.CHUNK_BYTES + 5]
)
def test_round_trip_at_chunk_edges(length):
    data = bytes(i % 251 for i in range(length))
    blob = sealed(data)
    assert opened(blob) == data
    assert opened(blob, size=4097) == data
    if length:
        assert data[:64] not in blob


def test_a_blob_does_not_open_under_another_owner_or_without_its_key():
    blob = sealed(b"x" * 100_000)
    with pytest.raises(crypto.IntegrityFailure):
        opened(blob, owner="b")
    with pytest.raises(crypto.IntegrityFailure):
        opened(blob, ring=crypto.parse_keys(K2))
    assert opened(blob, ring=crypto.parse_keys(f"{K2},{K1}")) == b"x" * 100_000  # old key still in the ring


def test_cut_reordered_or_flipped_blobs_fail():
    data = b"y" * (2 * crypto.CHUNK_BYTES + 10)
    blob = sealed(data)
    header = crypto.stream_header_size(blob, MAGIC)
    step = crypto.CHUNK_BYTES + crypto.TAG_BYTES
    first, second = blob[header : header + step], blob[header + step : header + 2 * step]
    cut_at_chunk = blob[: header + 2 * step]  # the real last chunk dropped: the new last is not flagged
    swapped = blob[:header] + second + first + blob[header + 2 * step :]
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    for bad in (cut_at_chunk, swapped, flipped, blob[:-5]):
        with pytest.raises(crypto.IntegrityFailure):
            opened(bad)


def test_the_current_key_encrypts():
    blob = sealed(b"z", ring=crypto.parse_keys(f"{K2},{K1}"))
    assert crypto.key_id_of(blob, MAGIC) == "k2"
