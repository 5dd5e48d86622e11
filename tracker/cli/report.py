"""``sso-tracker share``, ``events``, ``proposals``, ``posts`` and ``participation``."""

from __future__ import annotations

import datetime as dt

import click

from db.models.events import EVENT_KINDS
from db.session import session_scope
from tracker.cli.output import emit, format_option
from tracker.config import ATTRIBUTION_MODES
from tracker.normalise.countries import is_country
from tracker.normalise.roles import LEADERSHIP_ROLES, ROLES
from tracker.queries.events import EVENT_COLUMNS, list_events
from tracker.queries.filters import PostFilter
from tracker.queries.share import UNATTRIBUTED, share

BODIES = ("ISO", "IEC", "ITU-T", "3GPP")


def _roles(value: str | None, leadership: bool = False) -> tuple[str, ...]:
    """Roles of a comma-separated --role; ``leadership``: only roles that count in a share."""
    if not value:
        return ()
    roles = tuple(r.strip() for r in value.split(",") if r.strip())
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise click.BadParameter(f"unknown role(s) {unknown}; choose from {', '.join(ROLES)}",
                                 param_hint="'--role'")
    if leadership and "staff" in roles:
        raise click.BadParameter("staff never counts: the bodies' own secretariat staff (ITU TSB, "
                                 "ISO CS, IEC CO) hold no country's post; `sso-tracker posts --role "
                                 "staff` lists them", param_hint="'--role'")
    other = [r for r in roles if r not in LEADERSHIP_ROLES]
    if leadership and other:
        raise click.BadParameter(f"{other} are not leadership roles and never count; choose from "
                                 f"{', '.join(LEADERSHIP_ROLES)}", param_hint="'--role'")
    return roles


def check_family(session, family: str | None) -> None:
    """A --group-family must be a family of config/group_families.toml or name stored groups
    (a group code, a code some group codes start with, or a family tag on a group)."""
    from sqlalchemy import select

    from db.models import Group
    from tracker.families import load_families
    from tracker.queries.filters import family_condition

    if not family or family.strip() in load_families():
        return
    if session.scalar(select(Group.id).where(family_condition(family)).limit(1)) is None:
        known = ", ".join(load_families()) or "none"
        raise click.BadParameter(f"{family!r} is neither a family of config/group_families.toml "
                                 f"({known}) nor a stored group", param_hint="'--group-family'")


class CountryCode(click.ParamType):
    """An ISO 3166-1 alpha-2 code in any case (upper-cased), or one of ``extra`` as it is."""

    name = "alpha-2 code"

    def __init__(self, *extra: str):
        self.extra = extra

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if text.lower() in self.extra:
            return text.lower()
        if len(text) == 2 and is_country(text.upper()):
            return text.upper()
        also = "".join(f" or '{e}'" for e in self.extra)
        self.fail(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, DE){also}",
                  param, ctx)


@click.command("share")
@click.option("--body", type=click.Choice(BODIES), help="Standards body.")
@click.option("--role", "roles", help="Leadership role(s), comma-separated (e.g. secretariat, "
              "chair,vice_chair). Default: every leadership role; staff never counts.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Date (default: today).")
@click.option("--group-family", help="Only this group and the groups below it "
              "(e.g. 'ISO/IEC JTC 1'), or groups tagged with the family (e.g. FG-AI).")
@click.option("--attribution", type=click.Choice(ATTRIBUTION_MODES),
              help="Country basis; default: each post's first available basis in the "
              "configured fallback order (config/tracker.toml).")
@click.option("--include-inactive", is_flag=True, help="Also count suspended/closed groups.")
@format_option
def share_cmd(body, roles, as_of, group_family, attribution, include_inactive, fmt) -> None:
    """Holdings and share by country at a date.

    Counts the posts held at --as-of (over active groups unless --include-inactive).  Posts
    whose country is unknown under the chosen basis form the "unattributed" row; for the
    secretariat role, active groups with no secretariat listed form the "vacant" row.
    """
    when = as_of.date() if as_of else dt.date.today()
    flt = PostFilter(body=body, roles=_roles(roles, leadership=True), group_family=group_family,
                     attribution=attribution, include_inactive=include_inactive)
    with session_scope() as session:
        check_family(session, group_family)
        rows = [r.as_dict() for r in share(session, when, flt)]
    emit(rows, ("country", "name", "holders", "posts", "share", "basis"), fmt)
    if fmt == "table":
        click.echo(f"{sum(r['posts'] for r in rows)} in all at {when}", err=True)


@click.command("events")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First date (inclusive).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last date (inclusive).")
@click.option("--body", type=click.Choice(BODIES), help="Standards body.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(EVENT_KINDS),
              help="Event kind (repeatable).")
@click.option("--group-family", help="Only events in this group family.")
@format_option
def events_cmd(since, until, body, kinds, group_family, fmt) -> None:
    """Change events between successive snapshots, each with both snapshot dates.

    A change that several sources show (ISO Open Data and the committee page) is listed once,
    at its first date, with every source (scope) and date in the `sources` column.
    """
    with session_scope() as session:
        check_family(session, group_family)
        rows = list_events(session, since.date() if since else None, until.date() if until else None,
                           body, tuple(kinds), group_family)
    emit(rows, EVENT_COLUMNS, fmt)


@click.command("proposals")
@click.option("--body", type=click.Choice(BODIES), help="Standards body.")
@click.option("--by", type=click.Choice(["country", "source"]), default="country", show_default=True,
              help="Group by the source's country or by the source entity as printed.")
@click.option("--method", type=click.Choice(["full", "fractional"]), default="full", show_default=True,
              help="full: every co-source gets 1; fractional: each of n co-sources gets 1/n.")
@click.option("--group-family", help="Only this group family.")
@click.option("--meeting", help="Only this meeting (e.g. RAN1#123).")
@format_option
def proposals_cmd(body, by, method, group_family, meeting, fmt) -> None:
    """Contribution (proposal) counts: ITU-T C documents by source, 3GPP TDocs by source company.

    TDs, withdrawn and reservation-only TDocs and incoming liaison statements never count.
    """
    from tracker.queries.proposals import proposal_counts

    key = "country" if by == "country" else "source_entity"
    with session_scope() as session:
        check_family(session, group_family)
        rows = proposal_counts(session, body, method, key, group_family, meeting)
    emit(rows, (key, "body", "contributions", "share", "meetings", "method"), fmt)


@click.command("posts")
@click.option("--body", type=click.Choice(BODIES), help="Standards body.")
@click.option("--role", "roles", help="Role(s), comma-separated.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Only posts held at this date.")
@click.option("--group-family", help="Only this group family (e.g. FG-AI, 'ISO/IEC JTC 1').")
@click.option("--country", type=CountryCode(UNATTRIBUTED),
              help="Only posts attributed to this country (alpha-2, any case; 'unattributed').")
@click.option("--attribution", type=click.Choice(ATTRIBUTION_MODES), help="Country basis.")
@click.option("--include-inactive", is_flag=True,
              help="With --as-of: also posts of suspended/closed groups (as `share` does).")
@format_option
def posts_cmd(body, roles, as_of, group_family, country, attribution, include_inactive, fmt) -> None:
    """List the posts behind a share: who, which group and role, the country and its basis,
    the interval, and the source page (URL and retrieval time) of each.

    With --as-of: exactly the posts `share` counts at that date with the same filters (every
    leadership role unless --role, active groups unless --include-inactive, a post shown by
    two sources once).  Without --as-of: the full history, every stored interval of every
    role (each source's interval its own row), as `export posts` writes it.
    """
    from tracker.exports.tables import posts

    flt = PostFilter(body=body, roles=_roles(roles), group_family=group_family, attribution=attribution,
                     include_inactive=include_inactive)
    with session_scope() as session:
        check_family(session, group_family)
        rows = [r for r in posts(session, flt, as_of.date() if as_of else None)
                if not country or (r["country"] or "unattributed") == country]
    emit(rows, ("group", "role", "holder", "organization", "country", "country_basis", "valid_from",
                "valid_to", "source_url", "retrieved_at"), fmt)


@click.command("participation")
@click.option("--body", type=click.Choice(BODIES), default="IEC", show_default=True)
@click.option("--group-family", help="Only this group family.")
@format_option
def participation_cmd(body, group_family, fmt) -> None:
    """Ballot participation by country (IEC NP votes): ballots voted, approvals, ballots on
    which experts were nominated.  Participation, not leadership: never part of `share`."""
    from sqlalchemy import case, func, select

    from db.models import BallotVote, Group
    from tracker.queries.filters import family_condition

    q = (select(BallotVote.country, func.count(BallotVote.id),
                func.sum(case((BallotVote.vote == "approve", 1), else_=0)),
                func.sum(case((BallotVote.experts_nominated.is_(True), 1), else_=0)))
         .join(Group, BallotVote.group_id == Group.id).where(BallotVote.body == body)
         .group_by(BallotVote.country))
    if group_family:
        q = q.where(family_condition(group_family))
    with session_scope() as session:
        check_family(session, group_family)
        rows = [{"country": c or "unattributed", "ballots": n, "approve": int(a or 0),
                 "experts_nominated": int(e or 0)} for c, n, a, e in session.execute(q)]
    rows.sort(key=lambda r: (-r["experts_nominated"], -r["ballots"], r["country"]))
    emit(rows, ("country", "ballots", "approve", "experts_nominated"), fmt)

