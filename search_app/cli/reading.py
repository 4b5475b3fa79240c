"""``baoku extract``, ``baoku index`` and ``baoku delete``: files in, articles out or stored."""
import click

from search_app.cli.base import (Problems, cli, engine_options, memory_option, read_paths,
                                 reading_options)
from search_app.progress import PageBar, ProgressBar
from search_app.tables import record_table
from indexer.searching.downloads import json_line
from search_app.terminal import index_summary, printable


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="One JSON object a line, or a table to read.")
@reading_options
def extract(paths, fmt, encoding, max_chars, paper, source_type):
    """Print the articles of OCR'd pages (*.txt), printed pages (*.pdf, ALTO *.xml,
    hOCR *.hocr; zoned by their layout, each article with its regions on the page)
    and JSON Lines archives.  Page images (*.png, *.jpg, *.tif) are read by OCR (the
    ocr extra), with a bar of pages done and time left on stderr.

    Folders are read recursively (*.txt, *.pdf, *.xml, *.hocr, *.jsonl, *.ndjson, *.jsonl.gz).  Each
    skipped file, line or field is reported on stderr as PATH:LINE: MESSAGE and
    the rest is still read.  Exit code 0 when everything was read, 1 when
    something was skipped, 2 for a usage error.  Items that are no article (an
    exporter's placeholder such as TITLE_NOT_FOUND, a title with no body) are
    reported and left out, without making the exit code 1.

    \b
    Examples:
        baoku extract seeds/*.txt > records.jsonl
        baoku extract archive.jsonl.gz --format table
        baoku extract scans/ --encoding gb18030
    """
    problems = Problems()

    def report(problem):
        problems.add(problem)
        click.echo(f"baoku: {printable(problem)}", err=True)

    with PageBar() as pages:
        records = read_paths(paths, encoding, report, max_chars, paper, source_type, pages)
        lines = (record_table(records) if fmt == "table" else
                 (json_line(record) for record in records))
        for line in lines:
            click.echo(line.rstrip("\n"))
    problems.finish()


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, metavar="FILES_OR_DIRS...",
                type=click.Path(exists=True))
@click.option("--rebuild", is_flag=True,
              help="Build a fresh index beside the live one and swap it in atomically.")
@engine_options
@memory_option
@reading_options
def index_command(paths, rebuild, engine, memory, encoding, max_chars, paper, source_type):
    """Add or update articles (same id: replaced, never duplicated).

    Reads pages (*.txt, *.pdf, ALTO, hOCR) and JSON Lines archives like `baoku extract`, reports
    each skipped file or line on stderr, and exits 1 if anything was skipped (items
    that are no article, such as an exporter's TITLE_NOT_FOUND, are reported and
    left out without that).
    The input is read as it is indexed: the run (all its processes) stays
    within --memory whatever the input's size; a larger bound makes fewer,
    larger segments.

    \b
    Examples:
        baoku index seeds/
        baoku index archive.jsonl.gz --index /srv/baoku/index
        baoku index seeds/ archive/ --rebuild --memory 4G
        baoku index xwlb.jsonl.gz --paper 新闻联播 --source-type broadcast
    """
    problems = Problems()
    with ProgressBar("indexing") as progress, PageBar(position=1) as pages:
        def report(problem):
            problems.add(problem)
            progress.message(printable(problem))
        records = read_paths(paths, encoding, report, max_chars, paper, source_type, pages)
        counts = engine.index_records(records, rebuild=rebuild, progress=progress,
                                      memory=memory)
    click.echo(f"baoku: {index_summary(counts, engine.location)}", err=True)
    problems.finish()


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@engine_options
def delete(ids, engine):
    """Delete articles by id (ids not in the index are reported, not an error).

    \b
    Example:
        baoku delete xwlb-20220101-01 xwlb-20220101-02
    """
    deleted = engine.delete_ids(ids)
    click.echo(f"baoku: deleted {deleted} of {len(set(ids))} id(s)", err=True)
