"""Settings from the environment or ``.env`` (pydantic-settings); never from the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    local_bench_bolt_port:
        Loopback port of the benchmarks' own local Neo4j (``.neo4j-bench``); unset, the
        benchmarks use ``CSEBOARD_BENCH_BOLT_PORT`` or 17688 (``bench.common.bench_port``).
    local_neo4j_tx_log_retention:
        How much transaction log the local Neo4j keeps (``db.tx_log.rotation.retention_policy``:
        ``2 days``, ``1G size``, ``10 files``). The board's server keeps two days; the tests' and
        benchmarks' throwaway servers keep 256 MB, so repeated loads do not fill the disk.
    risk_levels:
        The partnership's risk levels, lowest first.
    repeat_missing_count, repeat_missing_days:
        Repeat-missing threshold: this many episodes within this many days.
    rhi_due_hours:
        A return home interview should be offered within this many hours of return.
    analysis_backend:
        ``networkx`` (default) or ``igraph`` (clustering and betweenness in C, tens of times
        faster on a large partnership); the run records which one ran.
    risk_review_days:
        A young person's risk level is due for review this many days after it was set.
    due_soon_days:
        The "what is due" list shows reviews and actions due within this many days.
    no_contact_days:
        A cohort young person with no contact recorded for this many days is listed as due.
    due_lookback_days:
        An interview not offered in time stays on the "what is due" list this many days
        after the child's return.
    import_batch_size:
        Rows per write transaction during imports. 2,500 wrote region reports 8–25 % faster
        than 5,000 or 1,000 in paired runs on a 2-core machine.
    partner_profiles_dir:
        The folder of partners' import profiles: ``<folder>/<agency>.toml`` maps that agency's
        column names and words to the exchange format (see ``partners/README.md``).
    import_reports_dir:
        Where imports write their rejects reports (one per file and import run, named by the
        agency and the run), unless a command is given another folder.
    pseudonym_key:
        Secret for the HMAC pseudonyms of oversight views. When empty, a random key is made once
        in ``secrets_dir`` (fine for a single server; set it explicitly for several).
    session_idle_minutes:
        Board sessions end after this long without activity.
    session_max_hours:
        Board sessions end this long after sign-in, however active (then sign in again).
    analysis_window_days:
        Days of evidence up to now that analyses and an operational user's person scope use
        (people linked to the cohort by a record older than this are outside the scope).
    scope_cache_seconds:
        How long a user's person scope is reused before it is worked out again (per user and
        process; a change of the user's roles or operations starts afresh at once).
    audit_key:
        HMAC key of the audit chain. When empty, a random key is made once in ``secrets_dir``.
        It must live outside Neo4j: whoever holds it can rewrite the chain.
    audit_anchor_file:
        Append-only file outside the database where ``cseboard audit anchor`` writes the
        signed chain head; ``audit verify`` checks the chain against it.
    tombstone_key:
        HMAC key of erasure tombstones (agency + source_ref of erased records). Empty: made
        once in ``secrets_dir``.
    rejects_dirs:
        Folders holding rejects reports of earlier imports, searched (besides the reports that
        import runs name) when a person is erased.
    login_max_failures, login_failure_window_minutes:
        Failed sign-ins from one client (and, separately, for one account name) within the
        window beyond which further attempts are refused unchecked and not recorded one by one.
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
    local_bench_bolt_port: int | None = None
    local_neo4j_heap: str = "2g"
    local_neo4j_pagecache: str = "4g"
    local_neo4j_tx_log_retention: str = Field(
        default="2 days",
        # Written into neo4j.conf: one value of Neo4j's own form, nothing else.
        pattern=r"^(true|false|keep_all|keep_none"
        r"|\d+[kKmMgG]? (files|size|txs|entries|hours|days))$",
    )

    risk_levels: list[str] = Field(default_factory=lambda: ["none", "low", "medium", "high"])
    repeat_missing_count: int = 3
    repeat_missing_days: int = 90
    rhi_due_hours: int = 72
    analysis_backend: Literal["networkx", "igraph"] = "networkx"
    risk_review_days: int = 90
    due_soon_days: int = 7
    no_contact_days: int = 28
    due_lookback_days: int = 28
    import_batch_size: int = 2500
    partner_profiles_dir: Path = Path("partners")
    import_reports_dir: Path = Path(".cache/import-reports")
    extra_columns_allowed: list[str] = Field(default_factory=list)

    pseudonym_key: SecretStr = SecretStr("")
    secrets_dir: Path = Path(".cache/secrets")
    session_idle_minutes: int = 30
    session_max_hours: float = 10.0
    analysis_window_days: int = Field(default=365, ge=1)
    scope_cache_seconds: float = Field(default=60.0, ge=0)
    audit_key: SecretStr = SecretStr("")
    audit_anchor_file: Path = Path(".cache/audit/anchors.jsonl")
    tombstone_key: SecretStr = SecretStr("")
    rejects_dirs: list[Path] = Field(default_factory=list)
    login_max_failures: int = Field(default=20, ge=1)
    login_failure_window_minutes: int = Field(default=15, ge=1)
    agency_contacts: dict[str, str] = Field(default_factory=dict)
    upload_max_mb: int = 50
    result_cache_entries: int = 24
    oidc_enabled: bool = False
    oidc_roles_claim: str = "roles"
    oidc_agency_claim: str = "agency"
    oidc_operations_claim: str = "operations"
