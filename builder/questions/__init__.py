"""Questions: the `:::` blocks (`block`), their line grammar (`grammar`), and one module per
kind registered in `registry.KINDS`. What `builder.parse` and `builder.renderer` use is
re-exported here."""

from builder.block_checks import FENCE, fenced
from builder.questions.base import plain_text
from builder.questions.block import PLACEHOLDER, QuestionExtension, QuestionState

__all__ = ["FENCE", "PLACEHOLDER", "QuestionExtension", "QuestionState", "fenced", "plain_text"]
