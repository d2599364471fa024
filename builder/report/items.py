"""What can be answered in a module, as the report sees it: one item per interaction id.

Each kind gives its items (`Kind.report_items`, builder/questions/report_items.py): their
right answer, how a response Moodle exported is read and checked, how an answer is described.
"""

from __future__ import annotations

from builder.model import Module
from builder.questions.registry import KINDS
from builder.questions.report_items import Mismatch, ReportItem

__all__ = ["Mismatch", "module_items"]  # Mismatch: raised by the kinds, caught by join.py


def module_items(module: Module) -> dict[str, ReportItem]:
    """Interaction id → item, for every question of the module's pool."""
    return {
        item.id: item
        for question in module.questions
        for item in KINDS[question.kind].report_items(question)
    }
