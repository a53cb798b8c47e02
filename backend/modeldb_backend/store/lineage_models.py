"""Tables of LineageService and MetadataService, on the same Base as store/models.py.

Both attach to entities by an id they do not own (a run's, a dataset version's, a repository's, a commit
SHA, a blob path), so they hold plain ids, no foreign keys: lineage may name entities that were deleted
since, and metadata ids are those of the versioning tables.
"""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

# Column widths, checked with their own messages by the services. A PostgreSQL b-tree entry must stay under
# ~2.7 kB: the widest key, (entity_hash, property_name, key) of metadata_properties, is 578 characters, at most
# 2.3 kB of UTF-8.
MAX_EXTERNAL_ID_LENGTH = 256
MAX_ENTITY_HASH_LENGTH = 400
MAX_LABEL_LENGTH = 50  # ModelDB's label column width
MAX_PROPERTY_NAME_LENGTH = 128
MAX_PROPERTY_KEY_LENGTH = 50  # ModelDB's kv_key column width


class LineageEdge(Base):
    """One edge: the input entity was used to make the output entity (types: LineageEntryType numbers).

    The primary key answers "outputs of an input"; the index answers "inputs of an output".
    """

    __tablename__ = "lineage_edges"
    __table_args__ = (Index("ix_lineage_edges_output", "output_type", "output_id", "input_type", "input_id"),)

    input_type: Mapped[int] = mapped_column(Integer, primary_key=True)
    input_id: Mapped[str] = mapped_column(String(MAX_EXTERNAL_ID_LENGTH), primary_key=True)
    output_type: Mapped[int] = mapped_column(Integer, primary_key=True)
    output_id: Mapped[str] = mapped_column(String(MAX_EXTERNAL_ID_LENGTH), primary_key=True)


class MetadataLabel(Base):
    """One label of one entity (entity_type: IDType number; entity_hash: the decimal int_id or the string_id).

    The index on label leads to the entities carrying it: GetLabelIds and findRepositories' label filter are
    set-based lookups on it.
    """

    __tablename__ = "metadata_labels"
    __table_args__ = (Index("ix_metadata_labels_label", "label", "entity_type", "entity_hash"),)

    entity_type: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_hash: Mapped[str] = mapped_column(String(MAX_ENTITY_HASH_LENGTH), primary_key=True)
    label: Mapped[str] = mapped_column(String(MAX_LABEL_LENGTH), primary_key=True)


class MetadataProperty(Base):
    """One key of one named property of one entity. The single Property RPCs use the empty property name,
    which the key-value RPCs cannot address (they require one)."""

    __tablename__ = "metadata_properties"

    entity_type: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_hash: Mapped[str] = mapped_column(String(MAX_ENTITY_HASH_LENGTH), primary_key=True)
    property_name: Mapped[str] = mapped_column(String(MAX_PROPERTY_NAME_LENGTH), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_PROPERTY_KEY_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
