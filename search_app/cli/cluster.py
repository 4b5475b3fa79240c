"""``baoku cluster init|start|stop|status``: a sharded Sphinx cluster on this machine."""
import json

import click

from search_app.cli.base import cli

_dir = click.option("--dir", "folder", required=True, type=click.Path(file_okay=False),
                    help="The cluster's folder (configuration, data, logs, pids).")


@cli.group()
def cluster():
    """Run Baoku's archive on a sharded Sphinx cluster (searchd from sphinxsearch).

    \b
    Example:
        baoku cluster init --nodes 3 --dir /srv/baoku/cluster
        baoku index --engine "$(cat /srv/baoku/cluster/engine.url)" --rebuild archive.jsonl.gz
    """


@cluster.command()
@click.option("--nodes", default=3, show_default=True, type=click.IntRange(1, 64),
              help="Shards (one searchd each), besides the coordinator.")
@_dir
def init(nodes, folder):
    """Write the configuration, start the shards and the coordinator on free loopback
    ports, and print the engine URL (also written to DIR/engine.url).  A supervisor
    process restarts a node that dies (log: DIR/supervisor.log).

    \b
    Example:
        baoku cluster init --nodes 3 --dir /tmp/cluster
    """
    from indexer.engines.sphinx import processes, supervisor   # here: only cluster commands
    made = processes.init(folder, nodes)
    supervisor.launch(folder)
    click.echo(made["url"])


@cluster.command()
@_dir
@click.option("--node", "names", multiple=True, help="Only this node (repeatable).")
def start(folder, names):
    """Start the cluster's nodes that are not running (after a stop or a crash), and
    the supervisor that restarts a node that dies.

    \b
    Example:
        baoku cluster start --dir /tmp/cluster --node shard2
    """
    from indexer.engines.sphinx import processes, supervisor   # here: only cluster commands
    for name in processes.start(folder, names or None):
        click.echo(f"started {name}")
    supervisor.launch(folder)


@cluster.command()
@_dir
@click.option("--node", "names", multiple=True, help="Only this node (repeatable).")
def stop(folder, names):
    """End the nodes by the pids recorded in DIR (each checked to be that node's
    searchd); nodes stopped here are not restarted by the supervisor.

    \b
    Example:
        baoku cluster stop --dir /tmp/cluster
    """
    from indexer.engines.sphinx import processes, supervisor   # here: only cluster commands
    for name in processes.stop(folder, names or None):
        click.echo(f"stopped {name}")
    if not names:
        supervisor.halt(folder)


@cluster.command()
@_dir
@click.option("--json", "as_json", is_flag=True, help="One JSON object a node.")
def status(folder, as_json):
    """List each node, its address and pid, and whether it answers (exit 1 if one does not),
    then whether the supervisor that restarts them runs.

    \b
    Example:
        baoku cluster status --dir /tmp/cluster
    """
    from indexer.engines.sphinx import processes, supervisor   # here: only cluster commands
    nodes = processes.status(folder)
    for node in nodes:
        click.echo(json.dumps(node) if as_json else
                   f"{node['name']:<12} {node['role']:<12} {node['address']:<22} "
                   f"pid {node['pid'] or '-':<8} {'answers' if node['answers'] else 'DOWN'}")
    if not as_json:
        watching = supervisor.supervisor_pid(folder)
        click.echo(f"{'supervisor':<12} {'':<12} {'':<22} pid {watching or '-':<8} "
                   + ("restarts a node that dies" if watching else
                      "not running: nodes that die stay down (baoku cluster start)"))
    if not all(node["answers"] for node in nodes):
        raise SystemExit(1)
