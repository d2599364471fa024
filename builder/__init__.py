"""Markdown to SCORM package builder."""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)
