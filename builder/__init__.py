"""Markdown to SCORM package builder."""
