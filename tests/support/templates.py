"""Compiled templates shared by every app a test process builds.

Each test builds its own app, and with it a Jinja environment that starts empty: compiling the same
templates again for every test was about a third of the suite's time. Jinja keys the cache on the
template's name and checks a hash of its source, so an edited template is compiled anew; what is
rendered is exactly what an uncached environment renders."""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class SharedBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)  # dropped by Jinja if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


SHARED = SharedBytecodeCache()
