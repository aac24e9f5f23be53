"""The `interview` command: serve, manage users, check instruments, diagnose the installation."""

from __future__ import annotations

import gc
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import gettext as _

from interview import create_app
from interview.schema import upgrade_database


@click.group(cls=FlaskGroup, create_app=create_app, load_dotenv=False, add_default_commands=False)
def cli() -> None:
    """Interview capture for psychotherapy research."""


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Upgrade the database, then serve with waitress (a production WSGI server)."""
    import waitress

    from interview.auth.setup_token import issue_setup_token
    from interview.auth.users import user_count
    from interview.database import checkpoint_in_background
    from interview.doctor import warn_if_unhealthy
    from interview.export.renders import render_queue
    from interview.extensions import db

    upgrade_database()
    warn_if_unhealthy()
    render_queue().start()
    checkpoint_in_background(db.engine)
    # Threads hand over the GIL every 0.5 ms instead of 5: a save waits less behind a thread that
    # is busy in Python (a download's record, the bulk export). bench_autosave.py --render-load on
    # a shared 2-core machine: p95 about 60 ms instead of 95 to 130 ms.
    sys.setswitchinterval(0.0005)
    if user_count() == 0:
        token = issue_setup_token(current_app.instance_path)
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        link = f"http://{shown_host}:{port}/setup/{token}"
        click.echo(_("No account yet. Create the first admin at: %(link)s", link=link))
    server = waitress.create_server(
        current_app._get_current_object(), host=host, port=port, threads=threads, ident="interview"
    )
    # What is loaded by now (modules, the app, the models) lives as long as the server: out of the
    # collector's full scans, which stopped every thread for 170-200 ms on a 2-core machine (one
    # came as a bulk export built its records: every save then waited). After the freeze: ~1 ms.
    gc.collect()
    gc.freeze()
    # Printed once the socket is bound, so whoever waits for this line can connect at once; in
    # English whatever the LANGUAGE setting, since scripts wait for its first words.
    click.echo(
        f"Serving on http://{host}:{port} (instance: {current_app.instance_path})", color=False
    )
    sys.stdout.flush()
    server.run()


@cli.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database in the instance folder."""
    upgrade_database()
    click.echo(_("Database is up to date."))


@cli.command("doctor")
@with_appcontext
def doctor() -> None:
    """Check what the installation needs (fonts, HarfBuzz subsetting, database)."""
    from interview.doctor import run_checks

    problems = run_checks(echo=click.echo)
    sys.exit(1 if problems else 0)


def register_commands() -> None:
    """Attach the command groups of the areas."""
    from interview.analysis.cli import analysis_cli
    from interview.auth.cli import user_cli
    from interview.backup.cli import backup_command, restore_command
    from interview.exchange.cli import (
        codebook_cli,
        export_qdc_command,
        export_qdpx_command,
        import_cli,
    )
    from interview.export.cli import export_cli
    from interview.instruments.cli import instruments_cli
    from interview.redaction.cli import redaction_cli
    from interview.transcripts.cli import transcript_cli

    cli.add_command(user_cli)
    cli.add_command(instruments_cli)
    export_cli.add_command(export_qdpx_command)
    export_cli.add_command(export_qdc_command)
    cli.add_command(export_cli)
    cli.add_command(import_cli)
    cli.add_command(codebook_cli)
    cli.add_command(analysis_cli)
    cli.add_command(transcript_cli)
    cli.add_command(redaction_cli)
    cli.add_command(backup_command)
    cli.add_command(restore_command)


def main() -> None:
    """Console-script entry point; a broken instrument file ends with one clear line, not a traceback."""
    from interview.instruments import InstrumentError

    try:
        cli.main(prog_name="interview")
    except InstrumentError as error:
        click.echo(_("Error: %(error)s", error=error), err=True)
        sys.exit(2)


register_commands()
