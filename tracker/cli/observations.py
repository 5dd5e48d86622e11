"""``sso-tracker import-observations``: curated, dated roster facts from a CSV."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from pathlib import Path

import click

from crawlers.parsers.common import ParseError, decode
from crawlers.parsers.curated_csv import parse_rows
from db.session import session_scope
from tracker.cli.ingest import report
from tracker.ingest import Importer, SnapshotInput
from tracker.ingest.facts import holder_of


def _keep_lines(raw: bytes, bad: set[int]) -> bytes:
    """The CSV without the rows on the given (1-based, physical) line numbers."""
    text = decode(raw).lstrip("\ufeff")  # as parse_rows reads it (UTF-8, else cp1252 …)
    reader = csv.reader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in reader:
        if reader.line_num not in bad:
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _fact_id(rec: dict) -> tuple:
    """What one fact is about: the post (body, group, role) and its holder."""
    return rec["body"], rec["group"], rec["role"], holder_of(rec)


@click.command("import-observations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", metavar="NAME", help="Name of the dataset FILE is a version of "
              "(default: FILE's base name).")
@click.option("--replace", is_flag=True, help="Replace the dataset's facts even if FILE shares "
              "no fact with them.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the others "
              "(default: a file with any bad row writes nothing).")
def import_observations_cmd(file: Path, dataset: str | None, replace: bool, skip_invalid: bool) -> None:
    """Import curated roster facts from FILE (CSV) into the store.

    Columns: body, group_code, role, person, organization, country, as_of, source_url
    (optional: group_name, subgroup, member_body, partner_org, valid_from, valid_to).  Each fact
    keeps its source URL and holds over the period its as_of names ("2021" = that year).
    Bad rows are reported with their line numbers; unless --skip-invalid, nothing from a file
    with a bad row is written.

    FILE is one version of a dataset (--dataset, default its base name).  Re-importing the
    same content changes nothing; a new version replaces the dataset's facts.  A file that
    shares no fact (body, group, role, holder) with the dataset's facts is refused unless
    --replace: two unrelated files with the same base name need distinct --dataset names.  A
    new version with far fewer facts than the one in force is stored as suspect and not
    applied (the thresholds of config/tracker.toml, or of a [curated] table in
    config/sources.toml).  Exit status 3 when nothing was applied because the file is
    suspect or failed.
    """
    dataset = dataset or file.name
    raw = file.read_bytes()
    try:
        records, errors = parse_rows(raw, file.name)
    except ParseError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    for line, error in errors:
        click.echo(f"{file}:{line}: {error}", err=True)
    if errors and not skip_invalid:
        raise click.ClickException(f"{len(errors)} bad row(s); nothing written (see --skip-invalid)")
    if errors:
        raw = _keep_lines(raw, {line for line, _ in errors})
    inp = SnapshotInput(
        source="curated", scope=f"curated:{dataset}", url=file.resolve().as_uri(), raw=raw,
        parser="curated-csv", observed_at=dt.date.today(), http_status=None,
    )
    with session_scope() as session:
        importer = Importer(session)
        current = importer.latest_applied(inp.scope)
        if current is not None and not replace and current.content_hash != inp.content_hash:
            old, _ = parse_rows(gzip.decompress(current.raw_gz), current.url)
            if old and not {_fact_id(r) for r in old} & {_fact_id(r) for r in records}:
                raise click.ClickException(
                    f"{file} shares no fact with the {len(old)} fact(s) of dataset {dataset!r} (imported "
                    f"from {current.url} on {current.observed_at}); nothing written. Import it as its own "
                    "dataset with --dataset NAME, or replace those facts with --replace")
        result = importer.ingest(inp)
    report(file.name, inp.observed_at, result)
    if result.status == "applied":
        click.echo(f"{len(records)} fact(s) imported into dataset {dataset!r}, {len(errors)} row(s) skipped",
                   err=True)
    elif result.status == "duplicate":
        click.echo(f"nothing imported: dataset {dataset!r} already holds these facts", err=True)
    else:
        click.echo(f"nothing imported: the facts of dataset {dataset!r} in force stay as they were", err=True)
        raise SystemExit(3)
