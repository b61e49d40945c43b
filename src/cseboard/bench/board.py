"""Board benchmark: each page's render time in Streamlit's AppTest, cold and warm.

Every page of the menu (``board.navigation.PAGES``: the plan, what is due, redaction and the
timeline included) runs in-process against the benchmark server, signed in as a user of a role
that may see it, with a cohort member already chosen on the person page so the real profile is
timed. *Cold*: Streamlit's caches, the results the process keeps per user (``services.kept``)
and the kept person scopes are all dropped first. *Warm*: the same page in a new session right
after, as a user opening it again in another tab meets it (the process's kept results, no
session cache). The JSON line carries ``<page>_cold_s`` and ``<page>_warm_s`` for every page.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.testing.v1 import AppTest

from cseboard.access.policy import Permission, allowed
from cseboard.bench.common import bench_data, bench_server, loaded_dataset, mark_dataset
from cseboard.board.navigation import PAGES
from cseboard.board.session import session_entries
from cseboard.config import Settings
from cseboard.ingest.importer import ProgressCallback
from cseboard.models.users import AccountState, Role, User
from cseboard.services.analysis import analysis_params, run_network_analysis
from cseboard.services.context import ServiceContext
from cseboard.services.demo_data import DEMO_OPERATION, import_partner_folders, seed_demo_operation
from cseboard.services.kept import forget_kept
from cseboard.services.scope import forget_scopes
from cseboard.store.analysis_runs import AnalysisRunStore
from cseboard.store.connection import connect, resolve_target
from cseboard.store.operations import OperationStore
from cseboard.store.users import UserStore

__all__ = ["run_board_bench"]

BOARD = Path(__file__).resolve().parents[1] / "board"
_PREFERRED = (Role.PRACTICE_LEAD, Role.OPERATIONAL, Role.STRATEGIC, Role.ADMIN)


def _user_of(role: Role) -> User:
    return User(
        username=f"bench.{role.value}",
        display_name=f"benchmark {role.value}",
        roles=frozenset({role}),
        agency="police" if role is not Role.STRATEGIC else None,
        operations=frozenset({DEMO_OPERATION[0]}) if role is Role.OPERATIONAL else frozenset(),
    )


def _account(user: User) -> AccountState:
    """The benchmark user's account, stored as a session re-reads it at every page run."""
    settings = Settings()
    driver = connect(settings)
    try:
        store = UserStore(driver, database=settings.neo4j_database)
        if store.session(user.username) is None:
            store.upsert(
                username=user.username,
                display_name=user.display_name,
                roles=sorted(r.value for r in user.roles),
                agency=user.agency,
                operations=sorted(user.operations),
                password_hash=None,
            )
        row = store.session(user.username)
    finally:
        driver.close()
    assert row is not None
    return AccountState(user=user, version=int(row["version"] or 0))


def _user_for(permission: Permission) -> User:
    """A user of the first preferred role that the policy grants the page's permission."""
    return next(u for u in map(_user_of, _PREFERRED) if allowed(u, permission))


def _render(file: str, user: User, state: dict[str, Any]) -> tuple[float, bool]:
    at = AppTest.from_file(str(BOARD / file), default_timeout=300)
    for key, value in session_entries(user, _account(user)).items():
        at.session_state[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start, bool(at.exception)


def _triage_figures(ctx: ServiceContext) -> dict[str, float | int | str]:
    """The practice lead's inbox with each triage facet, and "what is due" for everyone."""
    from cseboard.services.due import due_list
    from cseboard.services.inbox import inbox
    from cseboard.services.inbox_facets import FACET_KEYS

    lead = _user_of(Role.PRACTICE_LEAD)
    figures: dict[str, float | int | str] = {}
    start = time.perf_counter()
    page = inbox(ctx, lead)
    figures["inbox_unreviewed"] = page.total
    figures["inbox_facet_counts_s"] = round(time.perf_counter() - start, 3)
    for facet in FACET_KEYS:
        start = time.perf_counter()
        chosen = inbox(ctx, lead, facets=[facet])
        figures[f"inbox_{facet}_reports"] = chosen.total
        figures[f"inbox_{facet}_s"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    due = due_list(ctx, lead)
    figures["due_everyone_s"] = round(time.perf_counter() - start, 3)
    figures["due_everyone_items"] = len(due.items)
    return figures


def run_board_bench(
    scale: str,
    seed: int,
    base: Settings,
    *,
    uri: str | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, float | int | str]:
    """Cold and warm render seconds per page, plus the slowest warm page."""
    root, _ = bench_data(scale, seed, progress)
    key = f"{scale}-{seed}"
    figures: dict[str, float | int | str] = {"scale": scale, "seed": seed}
    with bench_server(base, uri=uri, keep=key) as (driver, settings):
        if loaded_dataset(driver, settings) != key:
            import_partner_folders(driver, root, settings, progress=progress)
            mark_dataset(driver, settings, key)
        seed_demo_operation(driver, root / "truth.json", database=settings.neo4j_database)
        ctx = ServiceContext(driver, settings)
        if AnalysisRunStore(driver, database=settings.neo4j_database).latest() is None:
            lead = _user_of(Role.PRACTICE_LEAD)
            run_network_analysis(ctx, lead, analysis_params(ctx, seed=seed))
        cohort = sorted(
            OperationStore(driver, database=settings.neo4j_database).cohort([DEMO_OPERATION[0]])
        )
        target = resolve_target(settings)
        os.environ.update(
            NEO4J_URI=target.uri,
            NEO4J_USER=target.user,
            NEO4J_PASSWORD=target.password,
            NEO4J_DATABASE=target.database,
        )
        state: dict[str, Any] = {}
        if cohort:
            state = {
                "profile_person_id": cohort[0],
                "cseboard_purposes": {cohort[0]: "benchmark: timing the profile page"},
            }
        warm_times: dict[str, float] = {}
        errors = 0
        for entries in PAGES.values():
            for entry in entries:
                file = entry.file
                user = _user_for(entry.permission)
                st.cache_data.clear()
                st.cache_resource.clear()
                forget_kept()
                forget_scopes()
                cold, failed_cold = _render(file, user, state)
                warm, failed_warm = _render(file, user, state)
                errors += int(failed_cold or failed_warm)
                name = file.removesuffix("_page.py")
                figures[f"{name}_cold_s"] = round(cold, 3)
                figures[f"{name}_warm_s"] = round(warm, 3)
                warm_times[name] = warm
                if progress:
                    progress("pages", len(warm_times), sum(len(e) for e in PAGES.values()))
        figures.update(_triage_figures(ctx))
    slowest = max(warm_times, key=lambda n: warm_times[n])
    figures["slowest_warm_page"] = slowest
    figures["slowest_warm_s"] = round(warm_times[slowest], 3)
    figures["pages_timed"] = len(warm_times)
    figures["pages_with_exceptions"] = errors
    return figures
