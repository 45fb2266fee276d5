"""Configuration: defaults, DSAR_* environment, test overrides; production refuses weak secrets."""

from __future__ import annotations

import pytest

from dsar import config


def test_environment_overrides_defaults_and_test_config_overrides_both():
    env = {"DSAR_ORGANISATION_NAME": "Billit", "DSAR_SMTP_PORT": "2525", "DSAR_SMTP_STARTTLS": "true"}
    built = config.build({"SMTP_PORT": 26}, environ=env)
    assert built["ORGANISATION_NAME"] == "Billit"
    assert built["SMTP_STARTTLS"] is True
    assert built["SMTP_PORT"] == 26


def test_defaults_need_no_external_service():
    built = config.build(environ={})
    assert built["DATABASE_URL"].startswith("sqlite:///")
    assert built["REDIS_URL"] == "" and built["SMTP_HOST"] == ""


@pytest.mark.parametrize("secret", [None, "", "short", "x" * 31])
def test_production_refuses_to_start_without_a_real_secret(secret):
    env = {"DSAR_ENV": "production", "DSAR_BASE_URL": "https://privacy.example.org"}
    if secret is not None:
        env["DSAR_SECRET_KEY"] = secret
    with pytest.raises(config.ConfigError, match="DSAR_SECRET_KEY"):
        config.build(environ=env)


def test_production_refuses_plain_http_links():
    env = {
        "DSAR_ENV": "production",
        "DSAR_SECRET_KEY": "k" * 40,
        "DSAR_AUDIT_KEY": "a" * 40,
        "DSAR_BASE_URL": "http://x.example",
    }
    with pytest.raises(config.ConfigError, match="https"):
        config.build(environ=env)


@pytest.mark.parametrize("audit_key", [None, "short", "k" * 40])
def test_production_needs_its_own_audit_key(audit_key):
    env = {"DSAR_ENV": "production", "DSAR_SECRET_KEY": "k" * 40, "DSAR_BASE_URL": "https://x.example"}
    if audit_key:
        env["DSAR_AUDIT_KEY"] = audit_key  # "k" * 40 is the secret key itself: refused too
    with pytest.raises(config.ConfigError, match="DSAR_AUDIT_KEY"):
        config.build(environ=env)


def test_a_complete_production_configuration_starts():
    env = {
        "DSAR_ENV": "production",
        "DSAR_SECRET_KEY": "k" * 40,
        "DSAR_AUDIT_KEY": "a" * 40,
        "DSAR_ID_ENCRYPTION_KEYS": "k1:" + "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",  # 32 bytes, base64
        "DSAR_BASE_URL": "https://privacy.example.org",
        "DSAR_CLAMD_ADDRESS": "unix:/run/clamav/clamd.ctl",
    }
    assert config.build(environ=env)["ENV"] == "production"


def test_a_malformed_number_is_a_clear_error():
    with pytest.raises(config.ConfigError, match="DSAR_SMTP_PORT"):
        config.build(environ={"DSAR_SMTP_PORT": "twenty-five"})


def test_production_names_its_malware_scanner_or_opts_out_explicitly():
    env = {
        "DSAR_ENV": "production",
        "DSAR_SECRET_KEY": "k" * 40,
        "DSAR_AUDIT_KEY": "a" * 40,
        "DSAR_ID_ENCRYPTION_KEYS": "k1:" + "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI",
        "DSAR_BASE_URL": "https://privacy.example.org",
    }
    with pytest.raises(config.ConfigError, match="DSAR_CLAMD_ADDRESS"):
        config.build(environ=env)
    assert config.build(environ={**env, "DSAR_CLAMD_ADDRESS": "none"})["CLAMD_ADDRESS"] == "none"


def test_the_mailbox_is_read_in_clear_text_only_on_loopback():
    with pytest.raises(config.ConfigError, match="loopback"):
        config.build({"MAILBOX_HOST": "imap.example.org", "MAILBOX_SECURITY": "none"}, environ={})
    with pytest.raises(config.ConfigError, match="tls, starttls or none"):
        config.build({"MAILBOX_HOST": "imap.example.org", "MAILBOX_SECURITY": "ssl"}, environ={})
    loopback = config.build({"MAILBOX_HOST": "127.0.0.1", "MAILBOX_SECURITY": "none"}, environ={})
    assert loopback["MAILBOX_SECURITY"] == "none"
