"""The project-managed Neo4j and its schema: idempotent start, loopback only, schema re-runnable."""

from __future__ import annotations

import neo4j
import pytest

from cseboard.config import Settings
from cseboard.store.local_server import LocalNeo4j
from cseboard.store.schema import apply_schema


def test_starting_a_running_server_says_so(
    neo4j_settings: Settings, session_driver: neo4j.Driver
) -> None:
    if neo4j_settings.neo4j_uri:
        pytest.skip("tests use an external server")
    server = LocalNeo4j.from_settings(neo4j_settings)
    assert server.is_fetched()
    assert server.fetch() is False, "a second fetch uses the cache"
    assert server.start(server.password()) is False
    status = server.status()
    assert status.running and status.pid


def test_local_server_listens_on_loopback_only_with_http_off(
    neo4j_settings: Settings, session_driver: neo4j.Driver
) -> None:
    if neo4j_settings.neo4j_uri:
        pytest.skip("tests use an external server")
    conf = (LocalNeo4j.from_settings(neo4j_settings).home / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.http.enabled=false" in conf and "dbms.security.auth_enabled=true" in conf
    with pytest.raises(neo4j.exceptions.AuthError), neo4j.GraphDatabase.driver(
        LocalNeo4j.from_settings(neo4j_settings).bolt_uri, auth=("neo4j", "wrong-password")
    ) as bad:
        bad.verify_connectivity()


def test_the_tests_server_keeps_a_bounded_transaction_log(
    neo4j_settings: Settings, session_driver: neo4j.Driver
) -> None:
    if neo4j_settings.neo4j_uri:
        pytest.skip("tests use an external server")
    conf = (LocalNeo4j.from_settings(neo4j_settings).home / "conf" / "neo4j.conf").read_text()
    assert "db.tx_log.rotation.retention_policy=256M size" in conf.splitlines()
    assert Settings(_env_file=None).local_neo4j_tx_log_retention == "2 days"


@pytest.mark.parametrize(
    "value",
    ["2 days\nserver.default_listen_address=0.0.0.0", "forever", "2 weeks", "1G size # x"],
)
def test_a_retention_setting_cannot_write_anything_else_into_the_config(value: str) -> None:
    with pytest.raises(ValueError, match="local_neo4j_tx_log_retention"):
        Settings(local_neo4j_tx_log_retention=value, _env_file=None)


def test_schema_applies_twice_and_enforces_keys(driver: neo4j.Driver) -> None:
    first = apply_schema(driver)
    assert apply_schema(driver) == first
    constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
    assert {
        "person_id",
        "agency_record_id",
        "intelligence_id",
        "missing_episode_id",
        "vehicle_vrm",
        "phone_e164",
        "location_id",
        "online_account_key",
    } <= constraints
    driver.execute_query("CREATE (:Vehicle {vrm: 'AB12CDE'})")
    with pytest.raises(neo4j.exceptions.ConstraintError):
        driver.execute_query("CREATE (:Vehicle {vrm: 'AB12CDE'})")
