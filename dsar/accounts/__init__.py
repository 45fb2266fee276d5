"""Staff accounts: roles, passwords (argon2id) and sign-in."""
