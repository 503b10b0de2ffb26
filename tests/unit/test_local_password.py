"""The local server's generated password must be safe to pass to neo4j-admin on its command line."""

from __future__ import annotations

from app.neo4j_server import new_password


def test_generated_passwords_are_alphanumeric_and_never_look_like_options() -> None:
    passwords = {new_password() for _ in range(2000)}
    assert len(passwords) == 2000  # random, not constant
    for password in passwords:
        assert len(password) == 32
        assert password.isalnum(), password
        assert not password.startswith("-")
