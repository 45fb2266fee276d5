"""Is a ZIP archive safe to keep and to hand on? Its names, its size once unpacked and its members.

security.md U-03/U-05 and the OWASP file-upload cheat sheet ("limits applied after decompression"):
an archive is refused when it has too many entries, unpacks to too much or at too high a ratio (a
"zip bomb"), or names a member with an absolute path, a drive letter, a backslash or a ``..`` part
(a "zip slip": whoever unpacks it writes outside the folder). Sizes are measured by reading every
member, never taken from the archive's own headers, which can lie (the fides ``verify_zip`` lesson).
Encrypted and symbolic-link members are refused: the first cannot be checked, the second points
outside the archive. Each member's bytes go to ``check_member`` (the caller's content rules), so a
PDF with a script cannot slip through inside a ZIP.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Callable

MAX_ENTRIES = 1_000  # our choice: an answer package holds tens of files
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # our choice: ten times the 10 MB upload limit
MAX_RATIO = 100  # our choice: CSV compresses about 5-20 times; a bomb compresses thousands of times
READ_CHUNK = 64 * 1024


class ZipRefused(ValueError):
    """``code`` is "entries", "bomb", "name", "encrypted" or "unreadable"."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def unsafe_name(name: str) -> bool:
    """True for a member name that would land outside the folder it is unpacked into."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    if len(name) >= 2 and name[1] == ":":  # C:foo, a drive letter on Windows
        return True
    return any(part == ".." for part in name.split("/"))


def check(data: bytes, check_member: Callable[[str, bytes], None]) -> None:
    """Raise ZipRefused (or whatever ``check_member`` raises) unless every rule holds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ZipRefused("unreadable", type(exc).__name__) from exc
    if len(members) > MAX_ENTRIES:
        raise ZipRefused("entries", str(len(members)))
    budget = min(MAX_UNPACKED_BYTES, MAX_RATIO * max(len(data), 1))
    for member in members:
        _check_header(member)
        if member.is_dir():
            continue
        content = _read_bounded(archive, member, budget)
        budget -= len(content)
        check_member(member.filename, content)


def _check_header(member: zipfile.ZipInfo) -> None:
    if unsafe_name(member.filename):
        raise ZipRefused("name", member.filename[:100])
    if member.flag_bits & 0x1:
        raise ZipRefused("encrypted", member.filename[:100])
    if stat.S_ISLNK(member.external_attr >> 16):
        raise ZipRefused("name", member.filename[:100])


def _read_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes, stopping as soon as the archive's unpacked budget is spent."""
    chunks, total = [], 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(READ_CHUNK):
                total += len(chunk)
                if total > budget:
                    raise ZipRefused("bomb", member.filename[:100])
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError) as exc:
        raise ZipRefused("unreadable", type(exc).__name__) from exc
    return b"".join(chunks)
