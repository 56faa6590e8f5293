"""Versions. The schema version is the data contract; it moves independently of the package."""

__version__ = "0.3.0"
"""Version of the Python package (and of the dataset release it ships)."""

SCHEMA_VERSION = "2.1.0"
"""Semantic version of the record schema: major = remove/rename/tighten, minor = add optional."""
