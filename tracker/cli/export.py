"""``sso-tracker export WHAT``: files for Excel, pandas and R."""

from __future__ import annotations

from pathlib import Path

import click

from db.session import session_scope
from tracker.cli.report import BODIES, _roles, check_family
from tracker.config import ATTRIBUTION_MODES
from tracker.exports import tables
from tracker.exports.writers import FORMATS, write_rows
from tracker.queries.filters import PostFilter

WHATS = ("posts", "events", "shares", "proposals", "proposal-counts", "groups", "organizations")


def _date(value):
    return value.date() if value else None


def _out_path(ctx, param, path: Path) -> Path:
    """The file to write: its folder must exist (it is not created)."""
    if not path.parent.is_dir():
        raise click.BadParameter(f"folder {str(path.parent)!r} does not exist; create it first",
                                 ctx, param)
    return path


@click.command("export")
@click.argument("what", type=click.Choice(WHATS))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              callback=_out_path, help="File to write (in an existing folder).")
@click.option("--excel", is_flag=True, help="CSV with a UTF-8 byte-order mark, for Excel.")
@click.option("--body", type=click.Choice(BODIES), help="Standards body.")
@click.option("--role", "roles", help="Role(s), comma-separated (posts, shares; for shares only "
              "leadership roles: staff never counts).")
@click.option("--group-family", help="Group family (posts, shares).")
@click.option("--attribution", type=click.Choice(ATTRIBUTION_MODES),
              help="Country basis of the country columns of posts, events and shares "
              "(default: each post's own).")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="posts: only the posts `share` counts at this date (default: the full "
              "history, every stored interval).")
@click.option("--include-inactive", is_flag=True,
              help="posts --as-of, shares: also count suspended/closed groups.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="events, shares: first date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="events, shares: last date.")
def export_cmd(what, fmt, out, excel, body, roles, group_family, attribution, as_of, include_inactive,
               since, until) -> None:
    """Export WHAT (posts, events, shares, proposals, proposal-counts, groups, organizations)
    as CSV (UTF-8), Parquet or XLSX.

    Rows of posts, events, proposals and groups carry the source URL and retrieval time of
    their page; organizations name their registry (`source`); shares and proposal-counts are
    counts and carry none (their posts and proposals exports do).  The attribution basis is
    a column.  Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) are made inert with a
    leading apostrophe.  Column schemas: docs/exports.md.
    """
    flt = PostFilter(body=body, roles=_roles(roles, leadership=what == "shares"),
                     group_family=group_family, attribution=attribution,
                     include_inactive=include_inactive)
    with session_scope() as session:
        check_family(session, group_family)
        if what == "posts":
            rows, cols = tables.posts(session, flt, _date(as_of)), tables.POST_COLUMNS
        elif what == "events":
            rows = tables.events(session, body, _date(since), _date(until), attribution)
            cols = tables.EVENT_COLUMNS
        elif what == "shares":
            from tracker.exports.shares import SHARE_COLUMNS, share_rows

            rows, cols = share_rows(session, flt, _date(since), _date(until)), SHARE_COLUMNS
        elif what == "proposals":
            rows, cols = tables.proposals(session, body), tables.PROPOSAL_COLUMNS
        elif what == "proposal-counts":
            rows = tables.proposal_totals(session, body)
            cols = ("body", "group", "meeting", "source_entity", "country", "method", "count")
        elif what == "groups":
            rows, cols = tables.groups(session, body), tables.GROUP_COLUMNS
        else:
            rows, cols = tables.organizations(session), tables.ORG_COLUMNS
        n = write_rows(rows, cols, out, fmt, bom=excel)
    click.echo(f"{n} rows -> {out}", err=True)


