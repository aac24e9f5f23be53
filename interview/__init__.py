"""Interview capture for psychotherapy research: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from interview import paths
from interview.assets import init_assets
from interview.config import instance_path_from_env, load_config
from interview.export.renders import init_render_queue
from interview.extensions import babel, csrf, db, login_manager, migrate
from interview.file_modes import private_dir
from interview.languages import TRANSLATIONS_DIR, select_locale
from interview.templating import init_templating

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration layers, extensions, instruments, blueprints, security hooks."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or instance_path_from_env()
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(paths.templates_dir()),
        static_folder=str(paths.static_dir()),
    )
    # The owner's only: the folder holds the database, the secret key, exports and caches.
    private_dir(Path(app.instance_path))
    load_config(app, test_config)
    register_extensions(app)
    register_instruments(app)
    register_inputs(app)
    init_render_queue(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    init_templating(app)
    init_assets(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in extensions.py to this app."""
    from interview import models  # noqa: F401  (every model must be known to the metadata)
    from interview.database import configure_engine

    configure_engine(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        default_locale=app.config["LANGUAGE"],
        default_translation_directories=str(TRANSLATIONS_DIR),
        locale_selector=select_locale,
    )
    login_manager.init_app(app)
    with app.app_context():
        from interview.database import install_engine_hooks

        install_engine_hooks(db.engine)


def register_instruments(app: Flask) -> None:
    """Load and validate the instruments once per language; a broken file stops start-up here."""
    from interview.instruments import load_instruments

    default = app.config["LANGUAGE"]
    app.extensions["instruments"] = load_instruments(app.instance_path, language=default)
    # Every other language offered: its texts where a file has them, the file's default elsewhere.
    app.extensions["instruments_by_language"] = {
        code: load_instruments(app.instance_path, language=code)
        for code in app.config["LANGUAGES"]
        if code != default
    }


def register_inputs(app: Flask) -> None:
    """The checks every request's values pass before a view sees them (and the ``id`` converter)."""
    from interview.inputs import init_inputs

    init_inputs(app)


def register_blueprints(app: Flask) -> None:
    """Every area's blueprint, from one list; then the participant-mode lock over all of them."""
    from interview.admin.views import bp as admin
    from interview.analysis.views import bp as analysis
    from interview.auth.views import bp as auth
    from interview.coding.views import bp as coding
    from interview.consent.views import bp as consent
    from interview.exchange.views import bp as exchange
    from interview.export.views import bp as export
    from interview.handover.views import bp as handover
    from interview.interviews.change_views import bp as changes
    from interview.interviews.views import bp as interviews
    from interview.participant_mode.lock import init_participant_lock
    from interview.participants.views import bp as participants
    from interview.questionnaire.views import bp as questionnaire
    from interview.recording.views import bp as recording
    from interview.redaction.views import bp as redaction
    from interview.transcripts.import_views import bp as transcript_import
    from interview.transcripts.views import bp as transcripts

    blueprints = (
        auth,
        participants,
        admin,
        consent,
        questionnaire,
        handover,
        interviews,
        changes,
        recording,
        transcripts,
        transcript_import,
        export,
        exchange,
        redaction,
        analysis,
        coding,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_participant_lock(app)


def register_security(app: Flask) -> None:
    """Login gate, security headers and session cookie rules."""
    from interview.security import init_security

    init_security(app)


def register_errors(app: Flask) -> None:
    """Friendly error pages instead of tracebacks; a 503 with the reason when writing fails; 409
    with the participants to review when an export meets unreviewed redaction suggestions."""
    from interview.errors import init_errors
    from interview.redaction.refusals import init_refusals
    from interview.write_failures import init_write_failures

    init_errors(app)
    init_write_failures(app)
    init_refusals(app)
