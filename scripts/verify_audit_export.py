"""Re-check an audit trail export (JSON lines) with the audit key, outside the portal.

    python3 scripts/verify_audit_export.py [--unfiltered] audit-trail.jsonl   (key in DSAR_AUDIT_KEY)

Every entry's MAC is recomputed: mac = HMAC-SHA256(key, prev_mac || canonical), where canonical is
the compact, key-sorted JSON of [at, actor_id, ip, action, case_id, detail]. Where one entry follows
the previous one by id, its prev_mac must also equal that entry's mac. With --unfiltered (an export
without filters) every entry must follow the one before it, whatever the ids (PostgreSQL sequences
can skip numbers), so a removed or inserted entry is found too. Standard library only. Exit code 1
names the first bad entry."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys


def canonical(entry: dict) -> bytes:
    fields = [entry["at"], entry["actor_id"], entry["ip"], entry["action"], entry["case_id"], entry["detail"]]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def check(lines, key: bytes, contiguous: bool = False) -> tuple[int, str | None]:
    """(entries checked, problem or None)."""
    previous, checked = None, 0
    for line in lines:
        entry = json.loads(line)
        expected = hmac.new(key, entry["prev_mac"].encode() + canonical(entry), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, entry["mac"]):
            return checked, f"entry {entry['id']} was changed"
        follows = previous and (contiguous or entry["id"] == previous["id"] + 1)
        if follows and entry["prev_mac"] != previous["mac"]:
            return checked, f"entry {entry['id']} does not follow entry {previous['id']}"
        previous, checked = entry, checked + 1
    return checked, None


def main() -> int:
    key = os.environ.get("DSAR_AUDIT_KEY", "").encode()
    args = sys.argv[1:]
    unfiltered = "--unfiltered" in args
    paths = [arg for arg in args if arg != "--unfiltered"]
    if len(paths) != 1 or not key:
        print(__doc__)
        return 2
    with open(paths[0], encoding="utf-8") as handle:
        checked, problem = check((line for line in handle if line.strip()), key, unfiltered)
    if problem:
        print(f"export broken: {problem} ({checked} entries verified before it)")
        return 1
    print(f"export intact: {checked} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
