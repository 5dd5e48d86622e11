"""``sso-tracker orgs …``: the organisation registry and analysts' corrections to it."""

from __future__ import annotations

import getpass

import click
from sqlalchemy import func, select

from db.models import Document, DocumentSource, Group, Post, Snapshot
from db.session import session_scope
from tracker.cli.output import emit, format_option
from tracker.cli.report import CountryCode


def _who(value: str | None) -> str:
    if value:
        return value
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  (no user database in some containers)
        return "analyst"


by_option = click.option("--by", help="Who makes the change (default: the login name).")


@click.group("orgs")
def orgs_group() -> None:
    """Organisations: what names resolve to, and analysts' corrections (stored with who and
    when; they survive re-crawls); `reattribute` applies a changed attribution fallback order."""


@orgs_group.command("unresolved")
@click.option("--limit", type=int, default=100, show_default=True)
@format_option
def unresolved(limit: int, fmt: str) -> None:
    """Organisation names seen in sources that match no organisation, with counts and where."""
    from tracker.orgs import default_resolver

    with session_scope() as session:
        post_rows = session.execute(
            select(Post.organization_label, func.count(Post.id), func.min(Group.body), func.min(Group.code),
                   func.min(Snapshot.url))
            .join(Group, Post.group_id == Group.id).join(Snapshot, Post.last_snapshot_id == Snapshot.id)
            .where(Post.organization_label.is_not(None), Post.organization_id.is_(None))
            .group_by(Post.organization_label)
        ).all()
        src_rows = session.execute(
            select(DocumentSource.label, func.count(DocumentSource.id), func.min(Document.body),
                   func.min(Document.meeting), func.min(Snapshot.url))
            .join(Document, DocumentSource.document_id == Document.id)
            .join(Snapshot, Document.snapshot_id == Snapshot.id)
            .where(DocumentSource.organization_id.is_(None), DocumentSource.country.is_(None))
            .group_by(DocumentSource.label)
        ).all()
    merged: dict[str, dict] = {}
    for kind, rows in (("post", post_rows), ("contribution", src_rows)):
        for name, n, body, where, url in rows:
            entry = merged.setdefault(name, {"name": name, "count": 0, "seen_in": set(), "example": where,
                                             "example_url": url})
            entry["count"] += n
            entry["seen_in"].add(f"{body} {kind}s")
    resolver = default_resolver()
    out = sorted(merged.values(), key=lambda r: (-r["count"], r["name"]))[:limit]
    for row in out:
        row["seen_in"] = ", ".join(sorted(row["seen_in"]))
        row["suggestions"] = "; ".join(k for k, _ in resolver.suggest(row["name"], 3))
    emit(out, ("name", "count", "seen_in", "example", "example_url", "suggestions"), fmt)


def _reattribute(session) -> None:
    from tracker.orgs.reattribute import reattribute

    posts, sources = reattribute(session)
    click.echo(f"re-attributed {posts} post(s) and {sources} contribution source(s)", err=True)


def _fail(exc: Exception):
    raise click.ClickException(str(exc)) from exc


@orgs_group.command("add")
@click.argument("key")
@click.argument("name")
@click.option("--kind", type=click.Choice(["company", "academia", "government", "national_standards_body",
                                           "regional_or_international_org", "consortium"]))
@click.option("--registration", "registration_country", type=CountryCode(),
              help="Country of registration (ISO 3166-1 alpha-2, any case).")
@click.option("--hq", "hq_country", type=CountryCode(),
              help="Headquarters country (ISO 3166-1 alpha-2, any case), for a top-level organisation.")
@click.option("--parent", help="Key of the parent organisation.")
@click.option("--alias", "aliases", multiple=True, help="A spelling that should resolve to it (repeatable).")
@by_option
def add(key, name, kind, registration_country, hq_country, parent, aliases, by) -> None:
    """Add organisation KEY called NAME (and re-attribute what mentions it)."""
    from tracker.orgs.store import OrgStore

    with session_scope() as session:
        store = OrgStore(session)
        try:
            store.add(key, name, _who(by), kind=kind, registration_country=registration_country,
                      hq_country=hq_country, parent=parent)
            for alias in aliases:
                store.alias(alias, key, _who(by))
        except ValueError as exc:
            _fail(exc)
        _reattribute(session)


@orgs_group.command("alias")
@click.argument("alias")
@click.argument("key")
@by_option
def alias_cmd(alias, key, by) -> None:
    """Make the spelling ALIAS resolve to organisation KEY."""
    from tracker.orgs.store import OrgStore

    with session_scope() as session:
        try:
            OrgStore(session).alias(alias, key, _who(by))
        except ValueError as exc:
            _fail(exc)
        _reattribute(session)


@orgs_group.command("set-parent")
@click.argument("key")
@click.argument("parent")
@by_option
def set_parent(key, parent, by) -> None:
    """Make PARENT the parent organisation of KEY ('-' removes the parent)."""
    from tracker.orgs.store import OrgStore

    with session_scope() as session:
        try:
            OrgStore(session).set_parent(key, None if parent == "-" else parent, _who(by))
        except ValueError as exc:
            _fail(exc)
        _reattribute(session)


@orgs_group.command("reattribute")
def reattribute_cmd() -> None:
    """Recompute the country bases of every stored post and contribution source, and each
    post's default country under the current fallback order of config/tracker.toml.

    The importer fixes a post's default country when it first stores it; run this after
    changing the fallback order (or the organisation registry files) so that `share`,
    `posts`, `events`, exports, alerts and the dashboard follow the new order.
    """
    with session_scope() as session:
        _reattribute(session)


def _printed_country(ctx, param, value: str | None) -> str | None:
    from tracker.normalise.countries import to_alpha2

    if value is not None and to_alpha2(value) is None:
        raise click.BadParameter(f"{value!r} is no country (an alpha-2 code or a country name)", ctx, param)
    return value


@orgs_group.command("show")
@click.argument("name")
@click.option("--country", callback=_printed_country,
              help="Country printed beside the name, if any (alpha-2 or a name such as 'Korea (Rep. of)').")
def show(name, country) -> None:
    """How NAME resolves: organisation, parent chain, and the country under each basis."""
    from tracker.orgs.store import OrgStore

    with session_scope() as session:
        store = OrgStore(session)
        org, bases = store.resolve(name, country)
        if org is None:
            suggestions = ", ".join(k for k, _ in store.resolver.suggest(name, 5)) or "none"
            raise click.ClickException(f"{name!r} resolves to no organisation (close: {suggestions})")
        chain = " -> ".join(o.key for o in store.chain(org))
        click.echo(f"{name!r} -> {org.key} ({org.name}); chain {chain}")
        for basis, c, detail, _derived in bases:
            click.echo(f"  {basis:13} {c or '-':3} {detail or ''}")
