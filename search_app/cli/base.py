"""The ``baoku`` command group and the options its commands share.

Any library error a command meets is one ``baoku: …`` line (exit 1, no traceback).
"""
import codecs
import functools

import click

from indexer.engines import DEFAULT_MEMORY, MIN_MEMORY, open_engine
from indexer.errors import BaokuError, IndexLocked, IndexMissing
from indexer.reading.records import MAX_ARTICLE_CHARS
from indexer.reading.titles import SOURCE_TYPES, TitleDefaults
from indexer.searching import FACETS
from search_app.config import default_index_dir
from search_app.terminal import printable


HINTS = ((IndexMissing, "build it with `baoku index PATHS...`"),
         (IndexLocked, "is another `baoku index` running?"))


class BaokuCommands(click.Group):
    """Any library error a command meets is one ``baoku: …`` line (a hint for some), exit 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BaokuError as error:
            hint = next((f"\nhint: {h}" for kind, h in HINTS if isinstance(error, kind)), "")
            click.echo(f"baoku: {printable(error)}{hint}", err=True)
            ctx.exit(1)
        except click.ClickException as error:   # may name a file: shown, never obeyed
            error.message = printable(error.message)
            raise


@click.group(cls=BaokuCommands)
@click.version_option(package_name="baoku")
def cli():
    """Baoku (报库): full-text search for Chinese newspaper archives."""


def known_encoding(ctx, param, value):
    if value:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (try gb18030 or utf-8)")
    return value


def reading_options(command):
    """``--encoding``, ``--max-article-chars``, ``--paper`` and ``--source-type``, for
    the commands that read files."""
    command = click.option(
        "--source-type", type=click.Choice(SOURCE_TYPES), envvar="BAOKU_SOURCE_TYPE",
        help="Source type of items that do not say (default: newspaper; web for an item "
             "with a URL and no page number).")(command)
    command = click.option(
        "--paper", envvar="BAOKU_PAPER",
        help="Title (报刊/节目名) of items that name none, e.g. --paper 新闻联播.")(command)
    command = click.option(
        "--max-article-chars", "max_chars", type=click.IntRange(min=1), default=MAX_ARTICLE_CHARS,
        show_default=True, envvar="BAOKU_MAX_ARTICLE_CHARS",
        help="Skip (and report) an article with more text than this.")(command)
    return click.option("--encoding", callback=known_encoding,
                        help="Encoding of the input files (default: UTF-8, else detected).")(command)


def read_paths(paths, encoding, report, max_chars, paper=None, source_type=None,
               on_ocr_page=None):
    """The records of ``paths``; a path that vanished is a ClickException."""
    if paper is not None and not paper.strip():
        raise click.BadParameter("the title is blank", param_hint="--paper")
    from indexer.reading.sources import read_records    # page readers: reading commands only
    try:
        yield from read_records(paths, encoding=encoding, on_problem=report, max_chars=max_chars,
                                defaults=TitleDefaults(paper, source_type), on_ocr_page=on_ocr_page)
    except FileNotFoundError as error:
        raise click.ClickException(f"{error.filename}: no such file or folder")


class Problems:
    """What a reading command skipped: ``finish`` ends the run with exit code 1 when
    any of it was a fault of the input; lines left out as no article
    (``Problem.junk``: an exporter's placeholder) are only counted."""

    def __init__(self):
        self.faults, self.junk = 0, 0

    def add(self, problem):
        if problem.junk:
            self.junk += 1
        else:
            self.faults += 1

    def finish(self):
        if self.junk:
            click.echo(f"baoku: left out {self.junk} item(s) that are no article "
                       "(placeholders, titles without a body), see above", err=True)
        if self.faults:
            click.echo(f"baoku: {self.faults} problem(s), see above", err=True)
            click.get_current_context().exit(1)


def index_option(command):
    """``--index DIR`` (default: $BAOKU_INDEX, else instance/index), resolved."""
    def resolve(ctx, param, value):
        return value or default_index_dir()
    return click.option(
        "--index", "index_dir", envvar="BAOKU_INDEX", type=click.Path(file_okay=False),
        callback=resolve, help="Index folder (default: $BAOKU_INDEX, else instance/index).")(command)


def engine_options(command):
    """``--index DIR`` or ``--engine URL`` (default: $BAOKU_ENGINE, else the index
    folder): the command gets the opened ``engine``."""
    @functools.wraps(command)
    def with_engine(*args, index_dir, engine_url, **kwargs):
        return command(*args, engine=open_engine(engine_url or index_dir), **kwargs)
    with_engine = click.option(
        "--engine", "engine_url", envvar="BAOKU_ENGINE", metavar="URL",
        help="Search engine instead of the index folder, e.g. sphinx://127.0.0.1:9306 "
             "(default: $BAOKU_ENGINE).")(with_engine)
    return index_option(with_engine)


class MemorySize(click.ParamType):
    """A size in bytes: 1536M, 1.5G, 800000000."""

    name = "size"
    UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().upper().removesuffix("B").removesuffix("I")
        unit = text[-1:] if text[-1:] in self.UNITS else ""
        try:
            size = int(float(text[:len(text) - len(unit)]) * self.UNITS[unit])
        except ValueError:
            self.fail(f"{value!r} is not a size (try 1.5G or 800M)", param, ctx)
        if size < MIN_MEMORY:
            self.fail(f"{value!r} is too little: give at least {MIN_MEMORY // 2**20}M",
                      param, ctx)
        return size


def memory_option(command):
    """``--memory SIZE`` (default: $BAOKU_INDEX_MEMORY, else 1.5G): the run's bound."""
    return click.option(
        "--memory", type=MemorySize(), envvar="BAOKU_INDEX_MEMORY", default=DEFAULT_MEMORY,
        show_default=f"{DEFAULT_MEMORY / 2**30:g}G",
        help="Memory the whole run (every process) may use, e.g. 1.5G or 800M; "
             "also $BAOKU_INDEX_MEMORY.")(command)


def facet_options(command):
    """``--district``, ``--union``, … : one repeatable option per facet."""
    for facet in reversed(FACETS.values()):
        command = click.option(f"--{facet.name}", multiple=True,
                               help=f"Only these {facet.name} values (repeatable: OR).")(command)
    return command


def option_errors(action):
    """Run ``action()``; a value the library refuses (a date, a width) is a usage error."""
    try:
        return action()
    except ValueError as error:
        raise click.UsageError(str(error))
