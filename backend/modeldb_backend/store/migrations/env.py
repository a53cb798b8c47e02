"""Alembic environment: runs in-process on the engine handed over by modeldb_backend.store.migrate."""

from __future__ import annotations

from alembic import context

from modeldb_backend.store.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
