"""``sso-tracker people …``: the review queue of people who may be one person."""

from __future__ import annotations

import click

from db.session import session_scope
from tracker.cli.orgs import _who, by_option
from tracker.cli.output import emit, format_option


@click.group("people")
def people_group() -> None:
    """People: the de-duplication review queue (nothing is merged automatically)."""


@people_group.command("review")
@format_option
def review(fmt: str) -> None:
    """List pending candidate pairs (refreshing the queue first)."""
    from tracker.people import pending, refresh_queue

    with session_scope() as session:
        added = refresh_queue(session)
        rows = [{"person_a": r.person_a_id, "name_a": r.name_a, "person_b": r.person_b_id,
                 "name_b": r.name_b, "reason": r.reason} for r in pending(session)]
    emit(rows, ("person_a", "name_a", "person_b", "name_b", "reason"), fmt)
    click.echo(f"{len(rows)} pending ({added} new); decide with `people merge KEEP DROP` or "
               "`people distinct A B`", err=True)


@people_group.command("merge")
@click.argument("keep", type=int)
@click.argument("drop", type=int)
@by_option
def merge_cmd(keep: int, drop: int, by) -> None:
    """Merge person DROP into person KEEP (ids from `people review`)."""
    from tracker.people import merge

    with session_scope() as session:
        try:
            person = merge(session, keep, drop, _who(by))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"merged into {person.id} {person.display_name}", err=True)


@people_group.command("distinct")
@click.argument("a", type=int)
@click.argument("b", type=int)
@by_option
def distinct_cmd(a: int, b: int, by) -> None:
    """Record that people A and B are different persons (never proposed again)."""
    from tracker.people import distinct

    with session_scope() as session:
        try:
            distinct(session, a, b, _who(by))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
