"""``flask dsar seed-demo``: a demo organisation's customer database, configured as a data source
with its record of processing, so a newcomer can try an export within minutes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from dsar.core.db import db
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
    for values in DEMO_RECORD:
        admin.save_activity(values, actor_id)
    return source


# A realistic record of processing (Art. 30) for the demo webshop, in nl, fr and en, so that an
# access answer carries the Art. 15(1)(a)-(h) and 15(2) information in the requester's language.
DEMO_RECORD = [
    {
        "purpose": "Selling and delivering your orders",
        "data_categories": "name; e-mail address; telephone number; customer number; orders and amounts",
        "legal_basis": "contract",
        "recipients": "Bpost NV (delivery); Mollie B.V. (payments); Boekhouding Peeters BV (accountant)",
        "retention": "7 years after the end of the financial year of the order (Belgian accounting law)",
        "data_source": "",
        "transfers": "None: all recipients process the data in the European Economic Area.",
        "automated_decisions": "",
        "datasets": ["customer_account", "orders"],
        "translations": {
            "nl": {
                "purpose": "Uw bestellingen verkopen en leveren",
                "data_categories": "naam; e-mailadres; telefoonnummer; klantnummer; bestellingen en bedragen",
                "recipients": "Bpost NV (levering); Mollie B.V. (betalingen); Boekhouding Peeters BV "
                "(boekhouder)",
                "retention": "7 jaar na het einde van het boekjaar van de bestelling "
                "(Belgisch boekhoudrecht)",
                "transfers": "Geen: alle ontvangers verwerken de gegevens in de Europese Economische Ruimte.",
            },
            "fr": {
                "purpose": "Vendre et livrer vos commandes",
                "data_categories": "nom ; adresse e-mail ; numéro de téléphone ; numéro de client ; "
                "commandes et montants",
                "recipients": "Bpost SA (livraison) ; Mollie B.V. (paiements) ; Boekhouding Peeters BV "
                "(comptable)",
                "retention": "7 ans après la fin de l'exercice comptable de la commande "
                "(droit comptable belge)",
                "transfers": "Aucun : tous les destinataires traitent les données dans l'Espace économique "
                "européen.",
            },
        },
    },
    {
        "purpose": "Improving the webshop and showing you offers that fit your interests",
        "data_categories": "pages visited while signed in; marketing segments and scores",
        "legal_basis": "consent",
        "recipients": "Matomo hosted by InnoCraft Ltd (web analytics, processor)",
        "retention": "until you withdraw your consent, at most 2 years after your last visit",
        "data_source": "",
        "transfers": "InnoCraft Ltd (New Zealand): adequacy decision of the European Commission (Art. 45).",
        "automated_decisions": "Segments choose which offers you see; they have no legal or similarly "
        "significant effect on you (Art. 22 does not apply).",
        "datasets": ["page_views", "marketing_segments"],
        "translations": {
            "nl": {
                "purpose": "De webshop verbeteren en u aanbiedingen tonen die bij uw interesses passen",
                "data_categories": "bezochte pagina's terwijl u aangemeld was; marketingsegmenten en scores",
                "recipients": "Matomo, gehost door InnoCraft Ltd (webstatistieken, verwerker)",
                "retention": "tot u uw toestemming intrekt, ten hoogste 2 jaar na uw laatste bezoek",
                "transfers": "InnoCraft Ltd (Nieuw-Zeeland): adequaatheidsbesluit van de Europese "
                "Commissie (art. 45).",
                "automated_decisions": "Segmenten bepalen welke aanbiedingen u ziet; ze hebben geen "
                "rechtsgevolgen of vergelijkbare aanzienlijke gevolgen voor u "
                "(art. 22 is niet van toepassing).",
            },
            "fr": {
                "purpose": "Améliorer la boutique en ligne et vous montrer des offres adaptées à vos centres "
                "d'intérêt",
                "data_categories": "pages consultées lorsque vous étiez connecté·e ; segments et scores "
                "marketing",
                "recipients": "Matomo, hébergé par InnoCraft Ltd (statistiques web, sous-traitant)",
                "retention": "jusqu'au retrait de votre consentement, au plus 2 ans après votre "
                "dernière visite",
                "transfers": "InnoCraft Ltd (Nouvelle-Zélande) : décision d'adéquation de la Commission "
                "européenne (art. 45).",
                "automated_decisions": "Les segments déterminent les offres que vous voyez ; ils n'ont pas "
                "d'effet juridique ni d'effet similaire important pour vous (l'art. 22 ne s'applique pas).",
            },
        },
    },
]


def _demo_sources():
    return db.session.scalars(select(DataSource).where(DataSource.name == SOURCE_NAME))
