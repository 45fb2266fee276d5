"""``flask dsar seed-demo``: a demo organisation's customer database, configured as a data source
with its record of processing, so a newcomer can try an export within minutes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from dsar.exports import admin
from dsar.exports.models import DataSource

DEMO_EMAIL = "lotte.janssens@example.org"
SOURCE_NAME = "Demo webshop"

SCHEMA = """
CREATE TABLE customers (id INTEGER PRIMARY KEY, customer_number TEXT, email TEXT, name TEXT, phone TEXT,
                        created_at TEXT);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, ordered_at TEXT, item TEXT,
                     amount_eur TEXT);
CREATE TABLE page_views (id INTEGER PRIMARY KEY, customer_id INTEGER, viewed_at TEXT, path TEXT);
CREATE TABLE segments (customer_id INTEGER, segment TEXT, score REAL);
"""

PEOPLE = [
    (1, "C-1001", DEMO_EMAIL, "Lotte Janssens", "+32470123456", "2024-03-02T10:15:00+00:00"),
    (2, "C-1002", "bram.peeters@example.org", "Bram Peeters", "+32471000000", "2024-05-20T08:00:00+00:00"),
]
ORDERS = [
    (1, 1, "2025-01-05T14:02:00+00:00", "Rain jacket", "89.95"),
    (2, 1, "2025-06-17T09:45:00+00:00", "Walking boots", "129.00"),
    (3, 2, "2025-02-01T12:00:00+00:00", "Umbrella", "19.99"),
]
VIEWS = [(1, 1, "2025-06-16T20:11:00+00:00", "/boots"), (2, 1, "2025-06-17T09:40:00+00:00", "/cart")]
SEGMENTS = [(1, "outdoor-enthusiast", 0.92), (2, "bargain-hunter", 0.41)]

QUERIES = [
    admin.QuerySpec(
        "customer_account",
        "email",
        "SELECT customer_number, email, name, phone, created_at FROM customers WHERE email = :email",
        "provided",
        description="Your customer account.",
        field_notes="created_at: when you opened the account (ISO 8601)",
    ),
    admin.QuerySpec(
        "orders",
        "email",
        "SELECT o.ordered_at, o.item, o.amount_eur FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE c.email = :email ORDER BY o.ordered_at",
        "provided",
        description="Your orders.",
        field_notes="amount_eur: price paid, in euro",
    ),
    admin.QuerySpec(
        "page_views",
        "email",
        "SELECT v.viewed_at, v.path FROM page_views v JOIN customers c ON c.id = v.customer_id "
        "WHERE c.email = :email ORDER BY v.viewed_at",
        "observed",
        description="Pages of the webshop you visited while signed in.",
    ),
    admin.QuerySpec(
        "marketing_segments",
        "email",
        "SELECT s.segment, s.score FROM segments s JOIN customers c ON c.id = s.customer_id "
        "WHERE c.email = :email",
        "inferred",
        description="Marketing segments we derived from your orders.",
    ),
]


def create_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        connection.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)", PEOPLE)
        connection.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", ORDERS)
        connection.executemany("INSERT INTO page_views VALUES (?, ?, ?, ?)", VIEWS)
        connection.executemany("INSERT INTO segments VALUES (?, ?, ?)", SEGMENTS)
    connection.close()


def N_(text: str) -> str:
    """Marks a demo text for the catalogues: it is stored in English, and the access letter looks it
    up in the letter's language (dsar/letters/processing.py)."""
    return text


def seed(directory: Path, actor_id: int | None = None) -> DataSource:
    """Create (or re-create) the demo database, its source, datasets and record of processing."""
    existing = next(iter(_demo_sources()), None)
    if existing is not None:
        return existing
    path = directory / "demo-webshop.db"
    create_database(path)
    source = admin.add_source(SOURCE_NAME, "sql", f"sqlite:///{path}", actor_id)
    for spec in QUERIES:
        admin.add_query(source, spec, actor_id)
    activities = [
        {
            "purpose": N_("Selling and delivering orders"),
            "data_categories": N_("identification and contact data, orders"),
            "legal_basis": "contract",
            "recipients": N_("Bpost NV (delivery), Mollie B.V. (payments)"),
            "retention": N_("7 years after the order (accounting law)"),
            "datasets": ["customer_account", "orders"],
        },
        {
            "purpose": N_("Improving the webshop and direct marketing"),
            "data_categories": N_("browsing behaviour, marketing segments"),
            "legal_basis": "consent",
            "recipients": N_("none"),
            "retention": N_("until consent is withdrawn, at most 2 years"),
            "automated_decisions": N_("Segments choose which offers you see; they have no legal effect."),
            "datasets": ["page_views", "marketing_segments"],
        },
    ]
    for values in activities:
        admin.save_activity(values, actor_id)
    return source


def _demo_sources():
    from dsar.core.db import db

    return db.session.scalars(select(DataSource).where(DataSource.name == SOURCE_NAME))
