"""``cseboard places``: the same place recorded by several agencies, found, reviewed, merged.

The same services as the board's Duplicate places page (practice lead only). Imports resolve
places by themselves; ``places resolve`` searches again (after a change of settings, or for a
database loaded before places were resolved).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cseboard.cli_support import AsUser, acting_as, choice, console, merges_table, wide_console
from cseboard.commands.resolve import Reason
from cseboard.models.places import PlaceCandidateView, PlaceRecord
from cseboard.models.resolve import CandidateStatus, MergeStatus

__all__ = ["places_app"]

places_app = typer.Typer(
    help="Duplicate places across agencies: resolve, candidates, confirm, reject, unmerge.",
    no_args_is_help=True,
)


def _side(records: tuple[PlaceRecord, ...]) -> str:
    return "; ".join(
        f"{r.name or '?'} ({r.postcode or 'no postcode'}, {r.agency}/{r.source_ref})"
        for r in records
    )


def _table(views: list[PlaceCandidateView]) -> Table:
    table = Table(title="Place candidates (strongest first)")
    for column in ("candidate", "points", "place A", "place B", "why"):
        table.add_column(column)
    for v in views:
        c = v.candidate
        why = ", ".join(f"{x.field} {x.level} ({x.weight:+.0f})" for x in c.contributions)
        table.add_row(
            c.candidate_id, f"{c.score:+.1f}", _side(v.records_a), _side(v.records_b), why
        )
    return table


@places_app.command("resolve")
def places_resolve(
    auto_merge: Annotated[
        bool,
        typer.Option(
            "--auto-merge/--no-auto-merge",
            help="Merge same-postcode, same-name pairs at once (still reversible).",
        ),
    ] = True,
    as_user: AsUser = None,
) -> None:
    """Search every place for the same place recorded by other agencies."""
    from cseboard.services.place_resolution import resolve_places

    with acting_as(as_user) as (ctx, user):
        summary = resolve_places(ctx, user, auto_merge=auto_merge)
    console.print(
        f"Compared {summary.pairs_compared:,} pairs of {summary.places:,} places "
        f"({summary.records:,} agency records) in {summary.seconds:.1f} s: "
        f"{summary.automatic_merges:,} automatic merges, {summary.candidates:,} candidates "
        f"to review, {summary.suppressed_rejected:,} left out as already rejected."
    )


@places_app.command("candidates")
def places_candidates(
    status: Annotated[str, typer.Option(help="open, rejected or merged")] = "open",
    limit: Annotated[int, typer.Option(help="How many to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    as_user: AsUser = None,
) -> None:
    """List candidate duplicate places with why each was proposed."""
    from cseboard.services.place_resolution import place_candidates

    wanted = choice(CandidateStatus, status)
    with acting_as(as_user) as (ctx, user):
        views = place_candidates(ctx, user, status=wanted, limit=limit)
    if as_json:
        for view in views:
            print(view.model_dump_json())
        return
    wide_console(180).print(_table(views))


@places_app.command("confirm")
def places_confirm(
    candidate_id: Annotated[str, typer.Argument(help="Candidate id (PC-…).")],
    reason: Reason,
    survivor: Annotated[
        str | None, typer.Option(help="Place id to keep (default: the one with more records).")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Merge a candidate pair into one place (reversible)."""
    from cseboard.services.place_resolution import confirm_place_candidate

    with acting_as(as_user) as (ctx, user):
        merge = confirm_place_candidate(ctx, user, candidate_id, reason=reason, survivor=survivor)
    console.print(
        f"Merged {merge.absorbed} into {merge.survivor} ({merge.merge_id}). "
        f"Undo with: cseboard places unmerge {merge.merge_id} --reason …"
    )


@places_app.command("reject")
def places_reject(
    candidate_id: Annotated[str, typer.Argument(help="Candidate id (PC-…).")],
    reason: Reason,
    as_user: AsUser = None,
) -> None:
    """Record that a candidate pair are different places; it is not proposed again."""
    from cseboard.services.place_resolution import reject_place_candidate

    with acting_as(as_user) as (ctx, user):
        view = reject_place_candidate(ctx, user, candidate_id, reason=reason)
    console.print(f"Rejected {view.candidate.candidate_id}: not proposed again.")


@places_app.command("unmerge")
def places_unmerge(
    merge_id: Annotated[str, typer.Argument(help="Merge id (M-…).")],
    reason: Reason,
    keep_proposing: Annotated[
        bool, typer.Option("--keep-proposing", help="Do not record them as different places.")
    ] = False,
    as_user: AsUser = None,
) -> None:
    """Undo a place merge: both places and their location records come back."""
    from cseboard.services.place_resolution import unmerge_place

    with acting_as(as_user) as (ctx, user):
        undone = unmerge_place(
            ctx, user, merge_id, reason=reason, remember_rejection=not keep_proposing
        )
    console.print(f"Un-merged {undone.merge_id}: {undone.absorbed} is a place of its own again.")


@places_app.command("merges")
def places_merges(
    status: Annotated[str | None, typer.Option(help="merged or unmerged")] = None,
    limit: Annotated[int, typer.Option(help="How many to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    as_user: AsUser = None,
) -> None:
    """Place merges, automatic and confirmed, latest first."""
    from cseboard.services.place_resolution import place_merges

    wanted = choice(MergeStatus, status) if status else None
    with acting_as(as_user) as (ctx, user):
        found = place_merges(ctx, user, status=wanted, limit=limit)
    if as_json:
        for merge in found:
            print(json.dumps(merge.model_dump(mode="json")))
        return
    wide_console(180).print(merges_table(found))
