"""Settings from the environment or ``.env`` (pydantic-settings); never from the repository."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Runtime configuration.

    Attributes
    ----------
    neo4j_uri:
        Bolt URI of an existing server. Empty means "use the project's local Neo4j".
    neo4j_user, neo4j_password, neo4j_database:
        Credentials and database of the server in use.
    local_neo4j_home:
        Where the project keeps its own Neo4j (jars, config, data, logs). Ignored by git.
    local_neo4j_bolt_port:
        Loopback port of the local Neo4j.
    risk_levels:
        The partnership's risk levels, lowest first.
    repeat_missing_count, repeat_missing_days:
        Repeat-missing threshold: this many episodes within this many days.
    rhi_due_hours:
        A return home interview should be offered within this many hours of return.
    import_batch_size:
        Rows per write transaction during imports.
    pseudonym_key:
        Secret for the HMAC pseudonyms of oversight views. When empty, a random key is made once
        in ``secrets_dir`` (fine for a single server; set it explicitly for several).
    session_idle_minutes:
        Board sessions end after this long without activity.
    agency_contacts:
        Whom to ask for restricted (handling code C) items, per agency code.
    result_cache_entries:
        Expensive results (projections around people, oversight figures) a board process keeps
        per user, arguments and graph marker, so that a page shown again answers at once; 0
        turns keeping off.
    """

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    neo4j_uri: str = ""
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"

    local_neo4j_home: Path = Path(".neo4j")
    local_neo4j_version: str = "5.26.16"
    local_neo4j_bolt_port: int = 7687
    local_neo4j_heap: str = "2g"
    local_neo4j_pagecache: str = "4g"

    risk_levels: list[str] = Field(default_factory=lambda: ["none", "low", "medium", "high"])
    repeat_missing_count: int = 3
    repeat_missing_days: int = 90
    rhi_due_hours: int = 72
    import_batch_size: int = 5000
    extra_columns_allowed: list[str] = Field(default_factory=list)

    pseudonym_key: SecretStr = SecretStr("")
    secrets_dir: Path = Path(".cache/secrets")
    session_idle_minutes: int = 30
    agency_contacts: dict[str, str] = Field(default_factory=dict)
    upload_max_mb: int = 50
    result_cache_entries: int = 24
    oidc_enabled: bool = False
    oidc_roles_claim: str = "roles"
    oidc_agency_claim: str = "agency"
    oidc_operations_claim: str = "operations"
