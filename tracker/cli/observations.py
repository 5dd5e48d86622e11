"""``sso-tracker import-observations``: curated, dated roster facts from a CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import click

from crawlers.parsers.common import ParseError
from crawlers.parsers.curated_csv import parse_rows
from db.session import session_scope
from tracker.cli.ingest import report
from tracker.ingest import Importer, SnapshotInput


def _keep_lines(raw: bytes, bad: set[int]) -> bytes:
    """The CSV without the rows on the given (1-based, physical) line numbers."""
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in reader:
        if reader.line_num not in bad:
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


@click.command("import-observations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the others "
              "(default: a file with any bad row writes nothing).")
def import_observations_cmd(file: Path, skip_invalid: bool) -> None:
    """Import curated roster facts from FILE (CSV) into the store.

    Columns: body, group_code, role, person, organization, country, as_of, source_url
    (optional: group_name, subgroup, member_body, partner_org, valid_from, valid_to).  Each fact
    keeps its source URL and holds over the period its as_of names ("2021" = that year).
    Bad rows are reported with their line numbers; unless --skip-invalid, nothing from a file
    with a bad row is written.  Re-importing the same file changes nothing; importing a new
    version of it replaces the facts that came from that file.
    """
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
        source="curated", scope=f"curated:{file.name}", url=file.resolve().as_uri(), raw=raw,
        parser="curated-csv", observed_at=dt.date.today(), http_status=None,
    )
    with session_scope() as session:
        result = Importer(session).ingest(inp)
    report(file.name, inp.observed_at, result)
    click.echo(f"{len(records)} fact(s) imported, {len(errors)} row(s) skipped", err=True)
