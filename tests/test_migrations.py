"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from interview.extensions import db


def test_models_match_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations differ: add a migration"


def test_migrations_have_a_single_head(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1
        assert isinstance(app.extensions["migrate"].migrate, Migrate)
