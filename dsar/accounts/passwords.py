"""Password hashing: argon2id at argon2-cffi's default cost (time_cost=3, 64 MiB).

The test suite asks for argon2's cheapest parameters through the ``PASSWORD_HASH_COST`` setting; it is
not read from the environment, and dsar/config.py refuses it outside ``TESTING`` so a deployment can never
weaken its hashes by configuration."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher, profiles
from flask import current_app

COSTS = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}


@cache
def _hasher_for(cost: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(COSTS[cost])


@cache
def _dummy_hash_for(cost: str) -> str:
    return _hasher_for(cost).hash(secrets.token_hex(16))


def hasher() -> PasswordHasher:
    return _hasher_for(current_app.config.get("PASSWORD_HASH_COST", "default"))


def dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both answers take the same time (ASVS 6.3.8)."""
    return _dummy_hash_for(current_app.config.get("PASSWORD_HASH_COST", "default"))
