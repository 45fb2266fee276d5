"""Configuration: built-in defaults, then ``DSAR_*`` environment variables, then test overrides.

With nothing set the portal runs on SQLite, the embedded job runner and a local mail outbox, so a
newcomer needs no external service. Production (``DSAR_ENV=production``) refuses weak settings.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Every key a DSAR_* variable may set, with its type. Anything else in the environment is ignored.
_ENV_KEYS: dict[str, type] = {
    "ENV": str,
    "SECRET_KEY": str,
    "AUDIT_KEY": str,
    "AUDIT_ANCHOR_DIR": str,
    "DPO_EMAIL": str,
    "DATABASE_URL": str,
    "DB_CONNECT_TIMEOUT": int,
    "DB_STATEMENT_TIMEOUT": int,
    "DB_POOL_TIMEOUT": int,
    "DB_RETRY_SECONDS": int,
    "REDIS_URL": str,
    "BASE_URL": str,
    "ORGANISATION_NAME": str,
    "ORGANISATION_COUNTRY": str,
    "HOLIDAY_COUNTRY": str,
    "DEFAULT_LANGUAGE": str,
    "MAIL_FROM": str,
    "SMTP_HOST": str,
    "SMTP_PORT": int,
    "SMTP_USERNAME": str,
    "SMTP_PASSWORD": str,
    "SMTP_STARTTLS": bool,
    "SMTP_SSL": bool,
    "SMTP_TIMEOUT": int,
    "UPLOAD_DIR": str,
    "STORAGE_URL": str,
    "STORAGE_S3_ENDPOINT": str,
    "STORAGE_S3_REGION": str,
    "STORAGE_S3_ACCESS_KEY": str,
    "STORAGE_S3_SECRET_KEY": str,
    "MIN_FILL_SECONDS": int,
    "CONFIRM_LINK_DAYS": int,
    "STATUS_LINK_DAYS": int,
    "REPLY_LINK_DAYS": int,
    "CONTROLLER_LINK_DAYS": int,
    "DOWNLOAD_LINK_DAYS": int,
    "STAFF_ALERT_EMAIL": str,
    "REMINDER_WORKING_DAYS": str,
    "SWEEP_INTERVAL": int,
    "MAIL_MAX_ATTEMPTS": int,
    "DISPATCH_STALE_SECONDS": int,
    "CLAIM_STALE_SECONDS": int,
    "RATELIMIT_SUBMIT": str,
    "RATELIMIT_LOGIN": str,
    "SESSION_IDLE_MINUTES": int,
    "SESSION_MAX_HOURS": int,
    "FRESH_LOGIN_MINUTES": int,
    "LOCKOUT_ACCOUNT_FAILURES": int,
    "LOCKOUT_ACCOUNT_MINUTES": int,
    "LOCKOUT_IP_FAILURES": int,
    "LOCKOUT_IP_WINDOW_SECONDS": int,
    "LOCKOUT_IP_MINUTES": int,
    "TRUSTED_PROXIES": int,
    "ID_ENCRYPTION_KEYS": str,
    "ID_COPY_ROLES": str,
    "ID_COPY_TTL_DAYS": int,
    "ID_LINK_DAYS": int,
    "ID_FRESH_LOGIN_MINUTES": int,
    "ID_INSPECTION_TIMEOUT": int,
    "ID_SANDBOX": bool,
    "CLAMD_ADDRESS": str,
    "CLAMD_TIMEOUT": int,
    "DUPLICATE_WINDOW_DAYS": int,
    "ASSISTANCE_HOURLY_RATE": int,
    "RETENTION_YEARS": int,
    "ORGANISATION_ADDRESS": str,
    "CONTACT_EMAIL": str,
    "ADDRESS_ON_FILE_DATASET": str,
    "ADDRESS_ON_FILE_COLUMN": str,
    "PRIVACY_NOTICE_URL": str,
    "PROCESSING_RECORD": str,
    "TRANSMISSION_LINK_DAYS": int,
    "SOURCE_FILES_DIR": str,
    "RATELIMIT_API": str,
    "WEBHOOK_MAX_ATTEMPTS": int,
    "MAILBOX_HOST": str,
    "MAILBOX_PORT": int,
    "MAILBOX_SECURITY": str,
    "MAILBOX_CA_FILE": str,
    "MAILBOX_USERNAME": str,
    "MAILBOX_PASSWORD": str,
    "MAILBOX_FOLDER": str,
    "MAILBOX_DONE_FOLDER": str,
    "MAILBOX_ADDRESS": str,
    "MAILBOX_MAX_BYTES": int,
    "MAILBOX_MAX_ATTACHMENTS": int,
    "MAILBOX_TIMEOUT": int,
    "MAILBOX_BATCH": int,
}

MIN_SECRET_BYTES = 32


def defaults() -> dict:
    """Safe local defaults: SQLite in instance/, embedded jobs, mail kept in the local outbox."""
    instance = PROJECT_ROOT / "instance"
    return {
        "ENV": "development",
        "SECRET_KEY": None,
        "AUDIT_KEY": None,  # HMAC key of the audit chain; kept apart from the database and SECRET_KEY
        # The daily anchor of the audit trail (security.md Z-05) goes to an append-only file here,
        # outside the database's folder (empty: <UPLOAD_DIR>/audit-anchors), and to the DPO by mail.
        "AUDIT_ANCHOR_DIR": "",
        "DPO_EMAIL": "",
        "DATABASE_URL": f"sqlite:///{instance / 'dsar.db'}",
        # security.md R-09: a hung database costs a request seconds, never a thread for good. Seconds
        # to open a connection, for one statement (PostgreSQL; 0: no limit) and to wait for a
        # connection from the pool when all are busy; after a failed connection, requests fail at
        # once for DB_RETRY_SECONDS instead of each waiting for the connect timeout (0: always wait).
        "DB_CONNECT_TIMEOUT": 5,
        "DB_STATEMENT_TIMEOUT": 30,
        "DB_POOL_TIMEOUT": 5,
        "DB_RETRY_SECONDS": 5,
        "REDIS_URL": "",
        "BASE_URL": "http://127.0.0.1:5000",
        "ORGANISATION_NAME": "Example Organisation",
        "ORGANISATION_COUNTRY": "BE",
        "HOLIDAY_COUNTRY": "BE",
        "DEFAULT_LANGUAGE": "nl",
        "MAIL_FROM": "privacy@example.org",
        "SMTP_HOST": "",
        "SMTP_PORT": 25,
        "SMTP_USERNAME": "",
        "SMTP_PASSWORD": "",
        "SMTP_STARTTLS": False,
        "SMTP_SSL": False,
        "SMTP_TIMEOUT": 10,
        "UPLOAD_DIR": str(PROJECT_ROOT / "uploads"),
        # Where stored files live (dsar/core/storage): empty for UPLOAD_DIR on this disk, or
        # s3://bucket/prefix for an S3-compatible store that several hosts share. Encrypted before
        # upload either way. Endpoint empty: AWS; credentials empty: boto3's usual sources.
        "STORAGE_URL": "",
        "STORAGE_S3_ENDPOINT": "",
        "STORAGE_S3_REGION": "",
        "STORAGE_S3_ACCESS_KEY": "",
        "STORAGE_S3_SECRET_KEY": "",
        "MIN_FILL_SECONDS": 3,  # security.md P: realistic human timing on the public form
        "CONFIRM_LINK_DAYS": 7,
        "STATUS_LINK_DAYS": 400,  # beyond the longest legal clock (3 months) plus follow-up
        "CONTROLLER_LINK_DAYS": 30,  # the controller's own one-month clock, plus margin
        "DOWNLOAD_LINK_DAYS": 30,  # rules 6.2: the package is deleted after 30 days, its hash kept
        "REPLY_LINK_DAYS": 45,  # an unanswered request is proposed for closure after 30 days
        "STAFF_ALERT_EMAIL": "",  # where reminders and escalations are mailed; always on the dashboard
        "REMINDER_WORKING_DAYS": "7,2",  # reminders this many working days before a due date
        "SWEEP_INTERVAL": 60,
        "MAIL_MAX_ATTEMPTS": 8,
        "DISPATCH_STALE_SECONDS": 120,  # a queued delivery not done by then is queued again
        "CLAIM_STALE_SECONDS": 600,  # a delivery claimed this long ago belongs to a dead worker
        "RATELIMIT_SUBMIT": "10 per hour",
        "RATELIMIT_LOGIN": "20 per hour",
        "SESSION_IDLE_MINUTES": 30,  # ASVS 3.3.2: 30 minutes of inactivity
        "SESSION_MAX_HOURS": 12,  # ASVS 3.3.2: and 12 hours whatever the activity
        "FRESH_LOGIN_MINUTES": 5,  # security.md A-11: high-risk actions need a recent password entry
        # security.md A-03: per account, 10 consecutive failures lock it 15 min, doubling up to 24 h;
        # per address, 10 failures a minute across all e-mails lock the address.
        "LOCKOUT_ACCOUNT_FAILURES": 10,
        "LOCKOUT_ACCOUNT_MINUTES": 15,
        "LOCKOUT_IP_FAILURES": 10,
        "LOCKOUT_IP_WINDOW_SECONDS": 60,
        "LOCKOUT_IP_MINUTES": 15,
        "TRUSTED_PROXIES": 0,
        # Identity verification (rules.md 5): AES-256 keys "id:base64,..." newest first (required in
        # production), roles that may see ID copies (never auditors), rules 5.4's hard TTL,
        # security.md A-11's fresh login, the inspection's time limit and its isolation (U-06).
        "ID_ENCRYPTION_KEYS": "",
        "ID_COPY_ROLES": "dpo,handler",
        "ID_COPY_TTL_DAYS": 7,
        "ID_LINK_DAYS": 30,
        "ID_FRESH_LOGIN_MINUTES": 15,
        "ID_INSPECTION_TIMEOUT": 90,
        "ID_SANDBOX": True,
        # security.md U-12: clamd ("unix:/run/clamav/clamd.ctl" or "host:3310"); empty scans nothing
        # (development), "none" is the explicit production opt-out.
        "CLAMD_ADDRESS": "",
        "CLAMD_TIMEOUT": 30,
        # Same requester e-mail and right within this many days: flagged as a possible duplicate.
        "DUPLICATE_WINDOW_DAYS": 30,
        # DPA art. 9.6: the processor's assistance with data subjects' requests is billed by the
        # hour (EUR 120 excl. VAT in the reference agreement); shown on the monthly time report.
        "ASSISTANCE_HOURLY_RATE": 120,
        "RETENTION_YEARS": 5,  # rules 6.2: case records are purged 5 years after closure
        # Response letters (dsar/letters): the letterhead address ("; " or new lines between lines),
        # the Art. 30 record as JSON for the Art. 15(1) information, and the lifetime of the links of
        # an Art. 20(2) direct transmission (confirmation by the person, download by the recipient).
        "ORGANISATION_ADDRESS": "",
        # Shown on the requester's status page: where to write, and the privacy notice (Art. 13/14).
        "CONTACT_EMAIL": "",
        # Rules 5.2 level 2: the dataset of a configured data source that holds the requester's
        # e-mail address on file, and its column; empty: the link goes to the address given.
        "ADDRESS_ON_FILE_DATASET": "",
        "ADDRESS_ON_FILE_COLUMN": "email",
        "PRIVACY_NOTICE_URL": "",
        "PROCESSING_RECORD": "",
        "TRANSMISSION_LINK_DAYS": 7,
        # CSV/JSON data sources are read only from this folder (empty: <UPLOAD_DIR>/source-files), so
        # a source can never point at the portal's own files.
        "SOURCE_FILES_DIR": "",
        # Integration API (dsar/api): calls per client (per address without a valid token), and
        # how many times a webhook is tried before it is marked dead on the delivery log.
        "RATELIMIT_API": "600 per hour",
        "WEBHOOK_MAX_ATTEMPTS": 8,
        # Requests by e-mail (dsar/mailbox): the IMAP mailbox the privacy notices name. Empty host:
        # no mailbox is read. "none" security is accepted only for a server on loopback.
        "MAILBOX_HOST": "",
        "MAILBOX_PORT": 993,
        "MAILBOX_SECURITY": "tls",
        "MAILBOX_CA_FILE": "",
        "MAILBOX_USERNAME": "",
        "MAILBOX_PASSWORD": "",
        "MAILBOX_FOLDER": "INBOX",
        "MAILBOX_DONE_FOLDER": "",  # empty: messages stay in the folder, flagged $DsarStored and seen
        "MAILBOX_ADDRESS": "",  # Reply-To of the mails we send, so answers come back to the mailbox
        "MAILBOX_MAX_BYTES": 25 * 1024 * 1024,  # larger messages stay on the server, listed for staff
        "MAILBOX_MAX_ATTACHMENTS": 20,
        "MAILBOX_TIMEOUT": 30,
        "MAILBOX_BATCH": 200,  # messages read per tick at most; the next tick continues
        "JOB_RUNNER": None,  # None: rq when REDIS_URL is set, else the embedded thread runner
        "PASSWORD_HASH_COST": "default",  # no environment variable: see check_password_cost
        "TESTING": False,
    }


def _parse(kind: type, raw: str):
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def from_environment(environ: dict[str, str]) -> dict:
    """Read the DSAR_* variables listed in _ENV_KEYS."""
    found = {}
    for key, kind in _ENV_KEYS.items():
        raw = environ.get(f"DSAR_{key}")
        if raw is not None:
            try:
                found[key] = _parse(kind, raw)
            except ValueError as exc:
                raise ConfigError(f"DSAR_{key} must be a {kind.__name__}: {raw!r}") from exc
    return found


class ConfigError(RuntimeError):
    """The configuration is unsafe or inconsistent; the portal refuses to start."""


def check_production(config: dict) -> None:
    """security.md C-03 / S-03: production never runs on a missing, short or development secret."""
    secret = config.get("SECRET_KEY") or ""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"DSAR_SECRET_KEY must be set to at least {MIN_SECRET_BYTES} random bytes in production"
        )
    audit_key = config.get("AUDIT_KEY") or ""
    if len(audit_key.encode()) < MIN_SECRET_BYTES or audit_key == secret:
        raise ConfigError(
            f"DSAR_AUDIT_KEY must be set to at least {MIN_SECRET_BYTES} random bytes, "
            "different from the secret key"
        )
    if config.get("BASE_URL", "").startswith("http://"):
        raise ConfigError("DSAR_BASE_URL must use https in production")
    _check_id_keys(config.get("ID_ENCRYPTION_KEYS") or "", secret)
    if not (config.get("CLAMD_ADDRESS") or "").strip():
        raise ConfigError(
            "DSAR_CLAMD_ADDRESS must name a clamd (unix:/path or host:port) in production, or be 'none'"
        )


LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


def check_storage(config: dict) -> None:
    """The file store's place: empty (local disk) or s3://bucket[/prefix]; a typo refuses to start
    rather than failing at the first upload."""
    url = (config.get("STORAGE_URL") or "").strip()
    if url and not re.match(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$", url):
        raise ConfigError("DSAR_STORAGE_URL must be empty (local disk) or s3://bucket/prefix")


def check_mailbox(config: dict) -> None:
    """The mailbox password and the requests themselves never cross a network in clear text."""
    if not config.get("MAILBOX_HOST"):
        return
    security = config.get("MAILBOX_SECURITY")
    if security not in {"tls", "starttls", "none"}:
        raise ConfigError("DSAR_MAILBOX_SECURITY must be tls, starttls or none")
    if security == "none" and config["MAILBOX_HOST"] not in LOOPBACK_HOSTS:
        raise ConfigError("DSAR_MAILBOX_SECURITY=none is only allowed for a mail server on loopback")


def _check_id_keys(raw: str, secret: str) -> None:
    """security.md S-03: ID copies are encrypted with their own 32-byte keys, never the secret key."""
    if not raw.strip():
        raise ConfigError("DSAR_ID_ENCRYPTION_KEYS must be set in production (id:base64 of 32 bytes)")
    for item in raw.split(","):
        key_id, _, encoded = item.strip().partition(":")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError as exc:
            raise ConfigError(f"DSAR_ID_ENCRYPTION_KEYS: key {key_id!r} is not base64") from exc
        if not key_id or len(key) != MIN_SECRET_BYTES:
            raise ConfigError(f"DSAR_ID_ENCRYPTION_KEYS: key {key_id!r} must be id:base64 of 32 bytes")
        if key == secret.encode() or encoded == secret:
            raise ConfigError("DSAR_ID_ENCRYPTION_KEYS must differ from DSAR_SECRET_KEY")


def build(test_config: dict | None = None, environ: dict[str, str] | None = None) -> dict:
    """Merge defaults, environment and test overrides into one flat dict of settings."""
    config = defaults()
    config.update(from_environment(os.environ if environ is None else environ))
    config.update(test_config or {})
    check_mailbox(config)
    check_storage(config)
    check_anchor_dir(config)
    check_password_cost(config)
    if config["ENV"] == "production":
        check_production(config)
    else:
        config["SECRET_KEY"] = config["SECRET_KEY"] or _development_secret("secret_key")
        config["AUDIT_KEY"] = config["AUDIT_KEY"] or _development_secret("audit_key")
    return config


def check_password_cost(config: dict) -> None:
    """argon2 at a lower cost is for the test suite only (dsar/accounts/passwords.py); the setting
    has no environment variable, and anything but the default outside TESTING stops the portal."""
    cost = config.get("PASSWORD_HASH_COST", "default")
    if cost not in {"default", "cheapest"}:
        raise ConfigError("PASSWORD_HASH_COST must be 'default' or 'cheapest'")
    if cost != "default" and not config.get("TESTING"):
        raise ConfigError("PASSWORD_HASH_COST may be lowered only in the test suite")


def check_anchor_dir(config: dict) -> None:
    """The audit anchors must live where the database cannot reach them: never in or under the
    folder of an SQLite database (whoever can write the database file could rewrite them too)."""
    raw, url = config.get("AUDIT_ANCHOR_DIR") or "", config.get("DATABASE_URL") or ""
    if not raw or not url.startswith("sqlite:///"):
        return
    database_dir = Path(url.removeprefix("sqlite:///")).resolve().parent
    anchors = Path(raw).resolve()
    if anchors == database_dir or database_dir in anchors.parents:
        raise ConfigError("DSAR_AUDIT_ANCHOR_DIR must be outside the folder of the SQLite database")


def _development_secret(name: str) -> str:
    """Development only: a random key kept in instance/, so links in earlier mails keep working."""
    path = PROJECT_ROOT / "instance" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
