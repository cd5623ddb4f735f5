"""The journal's storage: one SQLite file by default, PostgreSQL when it grows.

Everything that reads or writes the database lives here (SQLAlchemy 2 models, Alembic
migrations, repository functions); the CLI and the web app call these functions and nothing
else touches the database.
"""
