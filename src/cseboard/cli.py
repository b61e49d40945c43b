"""The one command-line entry: local Neo4j, schema, import, demo data, analysis, benchmarks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cseboard.cli_support import (
    AsUser,
    acting_as,
    acting_user,
    check_tables,
    console,
    fail,
    import_summary_table,
    open_driver,
    progress_bar,
    wide_console,
)
from cseboard.commands.audit import audit_app
from cseboard.commands.due import due
from cseboard.commands.kpis import register as register_kpis
from cseboard.commands.path import register as register_path
from cseboard.commands.places import places_app
from cseboard.commands.plan import plan_app
from cseboard.commands.report import report_app
from cseboard.commands.resolve import resolve_app
from cseboard.commands.retention import retention_app
from cseboard.commands.strategic import register as register_strategic_report
from cseboard.commands.users import users_app
from cseboard.config import Settings
from cseboard.errors import CseBoardError
from cseboard.private_files import write_private
from cseboard.store import local_server
from cseboard.store.connection import connect, resolve_target, wait_until_ready

__all__ = ["app"]

app = typer.Typer(help="CSE & missing-children intelligence board.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The project's local Neo4j server.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema and maintenance.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
demo_app = typer.Typer(help="Synthetic demo data (never real people).", no_args_is_help=True)
bench_app = typer.Typer(
    help="Benchmarks: each ends with one JSON line of figures.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(bench_app, name="bench")
app.add_typer(report_app, name="report")
register_strategic_report(report_app)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.add_typer(resolve_app, name="resolve")
app.add_typer(places_app, name="places")
app.add_typer(plan_app, name="plan")
app.command("due")(due)
register_kpis(app)
register_path(app)


def _external_reachable(settings: Settings) -> bool:
    if not settings.neo4j_uri:
        return False
    driver = connect(settings)
    try:
        wait_until_ready(driver, deadline_s=5)
        return True
    except CseBoardError:
        return False
    finally:
        driver.close()


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch (once), configure and start the local Neo4j; wait until Bolt answers."""
    settings = Settings()
    if settings.neo4j_uri:
        if _external_reachable(settings):
            console.print(
                f"Using the server at {settings.neo4j_uri} (NEO4J_URI); not starting one."
            )
            return
        raise fail(CseBoardError(f"NEO4J_URI={settings.neo4j_uri} does not answer"))
    server = local_server.LocalNeo4j.from_settings(settings)
    target = resolve_target(settings)
    try:
        if not server.is_fetched():
            console.print(f"Fetching Neo4j Community {server.version} with Maven…")
        started = server.start(target.password)
        driver = connect(settings)
        try:
            wait_until_ready(driver, deadline_s=120)
        finally:
            driver.close()
    except CseBoardError as e:
        raise fail(e) from e
    state = "started" if started else "already running"
    console.print(f"Neo4j {server.version} {state} at {server.bolt_uri} (home {server.home})")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly."""
    server = local_server.LocalNeo4j.from_settings(Settings())
    console.print("Neo4j stopped." if server.stop() else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j is fetched and running (or which external server is used)."""
    settings = Settings()
    if settings.neo4j_uri:
        reachable = _external_reachable(settings)
        console.print(
            f"external server {settings.neo4j_uri}: {'reachable' if reachable else 'NOT reachable'}"
        )
        raise typer.Exit(code=0 if reachable else 1)
    status = local_server.LocalNeo4j.from_settings(settings).status()
    console.print(
        f"fetched: {status.fetched}; running: {status.running}"
        + (f" (pid {status.pid})" if status.pid else "")
        + f"; bolt: {status.bolt_uri}; home: {status.home}"
    )
    raise typer.Exit(code=0 if status.running else 3)


@db_app.command("init")
def db_init() -> None:
    """Apply the schema (constraints and indexes); safe to run again."""
    from cseboard.store.reads import graph_counts
    from cseboard.store.schema import apply_schema

    settings = Settings()
    try:
        with open_driver(settings) as driver:
            count = apply_schema(driver, database=settings.neo4j_database)
            nodes, relationships = graph_counts(driver, database=settings.neo4j_database)
    except CseBoardError as e:
        raise fail(e) from e
    console.print(
        f"Schema applied: {count} constraints and indexes. "
        f"The database holds {nodes} nodes and {relationships} relationships."
    )


@app.command("import")
def import_files(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Partner files (.csv or .jsonl); with --bulk, partner folders."),
    ],
    agency: Annotated[
        str | None, typer.Option("--agency", help="The agency that sent the files.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="exchange or ssd")] = "exchange",
    rejects: Annotated[
        Path | None, typer.Option(help="Folder for rejects reports (default IMPORT_REPORTS_DIR).")
    ] = None,
    profiles: Annotated[
        Path | None,
        typer.Option(help="Folder of import profiles (default PARTNER_PROFILES_DIR)."),
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Rows per write transaction.")] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Read the files and list unknown values and columns; write nothing."
        ),
    ] = False,
    profile: Annotated[
        Path | None, typer.Option(help="With --check: try this draft profile instead.")
    ] = None,
    write_profile: Annotated[
        Path | None,
        typer.Option(help="With --check: write a starting profile to edit to this file."),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First load: each PATH is a folder named by its agency's code, loaded into the "
            "project's own EMPTY local server with Neo4j's offline importer.",
        ),
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Import partner files: good rows land, problems go to a rejects report (with --check:
    only say what an import would do, with the agency's import profile; with --bulk: a first
    load of whole partner folders into an empty database)."""
    if bulk:
        if agency is not None or check or write_profile is not None:
            raise fail(
                CseBoardError("--bulk takes folders named by agency: no --agency or --check")
            )
        _bulk_import(paths, rejects, profiles, as_user)
        return
    if agency is None:
        raise fail(CseBoardError("say which agency sent the files: --agency CODE"))
    if check or write_profile is not None:
        _check_files(paths, agency, fmt, profile, write_profile, as_user)
        return
    from cseboard.services.imports import import_paths

    with acting_as(as_user) as (ctx, user), progress_bar(console) as progress:
        outcome = import_paths(
            ctx,
            user,
            paths,
            agency=agency,
            fmt=fmt,
            rejects_dir=rejects,
            profiles_dir=profiles,
            batch_size=batch_size,
            progress=progress,
        )
    wide_console().print(import_summary_table(outcome.summary))
    if outcome.places is not None:
        console.print(
            f"Places: {outcome.places.automatic_merges:,} merged with the same place from "
            f"other agencies, {outcome.places.candidates:,} to review (Duplicate places)."
        )
    if not outcome.summary.ok:
        raise typer.Exit(code=2)


def _bulk_import(
    folders: list[Path], rejects: Path | None, profiles: Path | None, as_user: str | None
) -> None:
    """``import --bulk``: the stages as they start, then each folder's summary."""
    from cseboard.services.bulk_import import bulk_import

    settings = Settings()
    try:
        user = acting_user(as_user, settings)
        with progress_bar(console) as progress:
            outcome = bulk_import(
                settings,
                user,
                folders,
                rejects_dir=rejects,
                profiles_dir=profiles,
                progress=progress,
                stage=lambda name: console.print(f"[bold]{name.replace('_', ' ')}[/bold]"),
            )
    except CseBoardError as e:
        raise fail(e) from e
    out = wide_console()
    for key, summary in outcome.summaries.items():
        table = import_summary_table(summary)
        table.title = key
        out.print(table)
    stages = ", ".join(f"{k.replace('_', ' ')} {v:,.1f} s" for k, v in outcome.seconds.items())
    out.print(
        f"Loaded {outcome.nodes:,} nodes and {outcome.relationships:,} relationships "
        f"in {sum(outcome.seconds.values()):,.1f} s ({stages})."
    )
    if outcome.places is not None:
        out.print(
            f"Places: {outcome.places.automatic_merges:,} merged with the same place from "
            f"other agencies, {outcome.places.candidates:,} to review (Duplicate places)."
        )
    if not all(summary.ok for summary in outcome.summaries.values()):
        raise typer.Exit(code=2)


def _check_files(
    paths: list[Path],
    agency: str,
    fmt: str,
    profile: Path | None,
    write_profile: Path | None,
    as_user: str | None,
) -> None:
    """``import --check``: the check as tables, and the starting profile if asked."""
    from cseboard.services.imports import check_paths

    settings = Settings()
    try:
        user = acting_user(as_user, settings)
        found = check_paths(settings, user, paths, agency=agency, fmt=fmt, profile_file=profile)
    except CseBoardError as e:
        raise fail(e) from e
    out = wide_console()
    out.print(check_tables(found))
    if write_profile is not None:
        write_profile.parent.mkdir(parents=True, exist_ok=True)
        write_profile.write_text(found.starter_profile, encoding="utf-8")
        console.print(
            f"Wrote a starting profile to {write_profile}: check it, then save it as "
            f"{settings.partner_profiles_dir / (found.agency + '.toml')}."
        )


Scale = Annotated[str, typer.Option("--scale", help="town, region or national")]


@demo_app.command("generate")
def demo_generate(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write (one sub-folder per agency).")
    ],
    scale: Scale = "town",
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
) -> None:
    """Write synthetic partner files with planted networks, and truth.json."""
    from cseboard.synthetic import generate

    with progress_bar(console) as progress:
        summary = generate(scale, seed, out, progress=progress)
    console.print(summary.model_dump_json(indent=2))


@demo_app.command("load")
def demo_load(
    scale: Scale = "town",
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Skip when data is already loaded.")
    ] = False,
    data_dir: Annotated[
        Path | None, typer.Option(help="Where to keep the generated files.")
    ] = None,
    print_passwords: Annotated[
        bool,
        typer.Option(
            "--print-passwords",
            help="Also print the demo accounts' passwords (they always go to a 0600 file).",
        ),
    ] = False,
) -> None:
    """Generate synthetic data and import it, agency by agency, as partners would.

    The demo accounts' passwords are written to ``SECRETS_DIR/demo-credentials.txt``
    (readable by its owner only), not to the output, which may end up in a log.
    """
    from cseboard.services.context import ServiceContext
    from cseboard.services.demo_data import (
        create_demo_users,
        database_is_empty,
        import_partner_folders,
        seed_demo_leads,
        seed_demo_operation,
        seed_demo_plan,
    )
    from cseboard.services.resolve import find_duplicates
    from cseboard.store.schema import apply_schema
    from cseboard.synthetic import generate

    settings = Settings()
    folder = data_dir or Path(".cache") / "demo" / f"{scale}-{seed}"
    try:
        with open_driver(settings) as driver:
            if if_empty and not database_is_empty(driver, database=settings.neo4j_database):
                console.print("Data is already loaded; nothing to do (--if-empty).")
                return
            apply_schema(driver, database=settings.neo4j_database)
            with progress_bar(console) as progress:
                if not (folder / "truth.json").exists():
                    generate(scale, seed, folder, progress=progress)
                loaded = import_partner_folders(
                    driver, folder, settings, progress=progress, rejects_dir=folder / "rejects"
                )
            seed_demo_operation(driver, folder / "truth.json", database=settings.neo4j_database)
            passwords = create_demo_users(driver, settings)
            seed_demo_leads(driver, database=settings.neo4j_database)
            ctx = ServiceContext(driver, settings)
            seed_demo_plan(ctx, folder)
            # The partners send the same children; only the sure merges (same valid NHS
            # number, nothing against) are made, the rest wait for the practice lead.
            with progress_bar(console) as progress:
                duplicates = find_duplicates(
                    ctx,
                    acting_user(None, settings),
                    auto_merge=True,
                    progress=progress,
                )
    except CseBoardError as e:
        raise fail(e) from e
    out = wide_console()
    for agency, summary in loaded.summaries.items():
        table = import_summary_table(summary)
        table.title = f"{agency}"
        out.print(table)
    if loaded.places is not None:
        out.print(
            f"Places: {loaded.places.automatic_merges:,} merged with the same place from other "
            f"agencies, {loaded.places.candidates:,} to review (Duplicate places)."
        )
    out.print(
        f"People: {duplicates.automatic_merges:,} merged on the same NHS number, "
        f"{duplicates.candidates:,} possible duplicates to review (Duplicate people)."
    )
    credentials = settings.secrets_dir / "demo-credentials.txt"
    write_private(credentials, "".join(f"{u}\t{p}\n" for u, p in passwords.items()).encode("utf-8"))
    out.print(
        f"Demo accounts (synthetic data only): {', '.join(passwords)}; their passwords are in "
        f"{credentials} (readable by you only)."
    )
    if print_passwords:
        for username, password in passwords.items():
            out.print(f"  {username:<12} {password}")


BenchSeed = Annotated[int, typer.Option(help="Synthetic data seed.")]
BenchUri = Annotated[str | None, typer.Option(help="Benchmark against this server (it is WIPED).")]
BenchPort = Annotated[
    int | None,
    typer.Option(
        help="Port of the benchmarks' own local server (default LOCAL_BENCH_BOLT_PORT, else "
        "CSEBOARD_BENCH_BOLT_PORT, else 17688)."
    ),
]


def _bench(
    run: Callable[..., dict[str, float | int | str]],
    scale: str,
    seed: int,
    port: int | None = None,
    **options: Any,
) -> None:
    """Run a benchmark with a progress bar; print each figure, then the one JSON line that every
    benchmark ends with (standard output, for comparing runs by script)."""
    from cseboard.bench.common import figures_line

    settings = Settings()
    if port is not None:
        settings = settings.model_copy(update={"local_bench_bolt_port": port})
    with progress_bar(console) as progress:
        figures = run(scale, seed, settings, progress=progress, **options)
    for key, value in figures.items():
        console.print(f"{key:>40}: {value}")
    print(figures_line(figures))


@bench_app.command("ingest")
def bench_ingest(
    scale: Scale = "region",
    seed: BenchSeed = 1,
    uri: BenchUri = None,
    port: BenchPort = None,
    raw: Annotated[
        bool,
        typer.Option(
            help="Then write the same reports bare (UNWIND … CREATE, two writers) into the wiped "
            "bench server and print raw_unwind_rows_per_s and import_over_raw."
        ),
    ] = True,
) -> None:
    """Rows per second for parse + validate and for the whole import, with peak memory, beside
    what the server does with a bare write of the same reports."""
    from cseboard.bench.ingest import run_ingest_bench

    _bench(run_ingest_bench, scale, seed, port, uri=uri, raw=raw)


@bench_app.command("bulk")
def bench_bulk(scale: Scale = "region", seed: BenchSeed = 1, port: BenchPort = None) -> None:
    """A first load (import --bulk) of the synthetic world into the bench's own bulk server
    (its database deleted first): seconds per stage, rows/s and peak memory."""
    from cseboard.bench.bulk import run_bulk_bench

    _bench(run_bulk_bench, scale, seed, port)


@app.command("analyse")
def analyse(
    window_days: Annotated[
        int | None,
        typer.Option(help="Days of evidence up to now (default ANALYSIS_WINDOW_DAYS, 365)."),
    ] = None,
    resolution: Annotated[float, typer.Option(help="Louvain resolution.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed (recorded on the run).")] = 0,
    backend: Annotated[
        str | None,
        typer.Option(help="networkx or igraph (default: the ANALYSIS_BACKEND setting)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    as_user: AsUser = None,
) -> None:
    """Run the network analysis, keep the run (clusters, alerts) and print a summary."""
    from cseboard.services.analysis import analysis_params, backend_named, run_network_analysis

    with acting_as(as_user) as (ctx, user):
        params = analysis_params(ctx, window_days=window_days, resolution=resolution, seed=seed)
        engine = backend_named(backend or ctx.settings.analysis_backend)
        with console.status("Analysing the network…"):
            outcome = run_network_analysis(ctx, user, params, backend=engine)
    result = outcome.result
    clusters = [
        {
            "cluster_id": c.cluster_id,
            "size": c.size,
            "young_people": len(c.young_people),
            "associates": len(c.associates),
            "new_members": len(c.new_members),
            "growth": c.growth,
        }
        for c in result.clusters
    ]
    summary = {
        "run_id": outcome.run_id,
        "window_start": result.window_start.isoformat(),
        "window_end": result.window_end.isoformat(),
        "graph_nodes": result.graph_nodes,
        "graph_edges": result.graph_edges,
        "backend": result.backend,
        "clusters": clusters,
        "hotspots": len(result.hotspots),
        "alerts": len(result.alerts),
        "timings_s": result.timings,
    }
    if as_json:
        print(json.dumps(summary, indent=2))
        return
    out = wide_console()
    out.print(
        f"Run {outcome.run_id}: {result.graph_nodes} people, {result.graph_edges} links, "
        f"{len(result.clusters)} clusters, {len(result.hotspots)} hotspots, "
        f"{len(result.alerts)} alerts for review"
    )
    table = Table(title="Clusters (largest first)")
    for column in ("cluster", "size", "young people", "associates", "new members", "growth"):
        table.add_column(column)
    for c in clusters[:20]:
        table.add_row(
            str(c["cluster_id"]),
            str(c["size"]),
            str(c["young_people"]),
            str(c["associates"]),
            str(c["new_members"]),
            "new" if c["growth"] is None else f"{c['growth']:+d}",
        )
    out.print(table)
    out.print("Seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))


@bench_app.command("analysis")
def bench_analysis(
    scale: Scale = "town",
    seed: BenchSeed = 1,
    uri: BenchUri = None,
    port: BenchPort = None,
    backend: Annotated[str, typer.Option(help="networkx or igraph.")] = "networkx",
) -> None:
    """Score clusters, organisers and hotspots against truth.json and time each stage."""
    from cseboard.bench.analysis import run_analysis_bench

    _bench(run_analysis_bench, scale, seed, port, uri=uri, backend=backend)


@bench_app.command("board")
def bench_board(
    scale: Scale = "town",
    seed: BenchSeed = 1,
    uri: BenchUri = None,
    port: BenchPort = None,
) -> None:
    """Each page's render time in AppTest, with cold and warm caches."""
    from cseboard.bench.board import run_board_bench

    _bench(run_board_bench, scale, seed, port, uri=uri)


@bench_app.command("resolve")
def bench_resolve(
    scale: Scale = "town",
    seed: BenchSeed = 1,
    store: Annotated[
        bool,
        typer.Option(
            "--store", help="Import into the benchmark server and read people back from it."
        ),
    ] = False,
    uri: Annotated[
        str | None, typer.Option(help="With --store: use this server (it is WIPED).")
    ] = None,
    port: BenchPort = None,
) -> None:
    """Duplicate-people candidates scored against truth.json: precision, recall, F1, time."""
    from cseboard.bench.resolve import run_resolve_bench

    _bench(run_resolve_bench, scale, seed, port, store=store, uri=uri)
