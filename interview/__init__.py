"""Interview capture for psychotherapy research: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import paths
from .config import instance_path_from_env, load_config
from .extensions import babel, csrf, db, login_manager, migrate
from .templating import init_templating

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
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, test_config)
    register_extensions(app)
    register_instruments(app)
    register_blueprints(app)
    register_security(app)
    register_errors(app)
    init_templating(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in extensions.py to this app."""
    from . import models  # noqa: F401  (every model must be known to the metadata)
    from .database import configure_engine

    configure_engine(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, default_locale=app.config["LANGUAGE"])
    login_manager.init_app(app)
    with app.app_context():
        from .database import install_engine_hooks

        install_engine_hooks(db.engine)


def register_instruments(app: Flask) -> None:
    """Load and validate the instruments once; a broken file stops start-up here."""
    from .instruments import load_instruments

    app.extensions["instruments"] = load_instruments(
        app.instance_path, language=app.config["LANGUAGE"]
    )


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .participants import bp as participants_bp

    for blueprint in (auth_bp, participants_bp, admin_bp):
        app.register_blueprint(blueprint)
    for name in ("consent", "questionnaire", "handover", "interviews", "export"):
        register_optional_blueprint(app, name)


def register_optional_blueprint(app: Flask, name: str) -> None:
    """Register an area's blueprint when its module exists (areas land one by one)."""
    from importlib import import_module
    from importlib.util import find_spec

    if find_spec(f"{__name__}.{name}") is not None:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)


def register_security(app: Flask) -> None:
    """Login gate, security headers and session cookie rules."""
    from .security import init_security

    init_security(app)


def register_errors(app: Flask) -> None:
    """Friendly error pages instead of tracebacks."""
    from .errors import init_errors

    init_errors(app)
