"""Words for the check: content words of option texts, absolute words, practice words."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z][a-z']{2,}")  # linear: one character class, no nesting


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """about after again against also among another because been before being below between
    both but can cannot could did does doing done down during each even ever from further had
    has have having her here hers him his how into its itself just more most much must not now
    off once only other our ours out over own same she should some such than that the their
    theirs them then there these they this those through too under until very was were what
    when where which while who whom why will with would you your yours yourself are and for any
    all may might one two three few let lets get got make made way things thing"""
)
# Words that make a true/false statement absolute: test-wise learners answer False to them.
ABSOLUTE = _words(
    """always never all none every everyone everybody nobody nothing only must completely
    entirely totally certainly definitely guaranteed impossible cannot"""
)
# Words that sound like good practice to a test-wise learner on a safeguarding course.
PRACTICE = _words(
    """safeguarding share sharing record recording refer referral report reporting talk lead
    concern concerns worried social police listen discuss consult procedure policy designated
    together agency agencies professional escalate"""
)


def stem(word: str) -> str:
    """A crude English stem, enough to match `records`/`recorded`/`recording`."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The stems of the words of `text` that carry meaning (no stopwords)."""
    return {stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def absolute_words(text: str) -> list[str]:
    """The absolute words in `text`, in order, once each."""
    found: list[str] = []
    for word in WORD.findall(text.lower()):
        if word in ABSOLUTE and word not in found:
            found.append(word)
    return found


def practice_score(text: str) -> int:
    """How many practice-sounding words `text` has."""
    return sum(word in PRACTICE for word in WORD.findall(text.lower()))
