"""The question-quality check: what gives answers away, and how test-wise learners would score.

`check_module` runs the cue heuristics (`builder.check.cues`) and the simulated test-wise
learners (`builder.check.testwise`) over one parsed module. `build` reports the findings as
warnings; `scorm-builder check` prints a report per module (`--strict` fails on any).
The heuristics are documented in docs/authoring.md ("The question-quality check").
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.check.cues import cue_warnings
from builder.check.testwise import STRATEGIES, expected_scores
from builder.errors import Problem, display_path
from builder.model import Module


@dataclass(frozen=True)
class ModuleCheck:
    """The findings for one module: warnings, and each strategy's expected score (0 to 100)."""

    module: Module
    warnings: list[Problem]
    scores: dict[str, float]


def check_module(module: Module) -> ModuleCheck:
    """Every give-away cue, and a warning for each strategy that reaches the pass mark."""
    path = display_path(module.source)
    warnings = [Problem(path, line, text, warning=True) for line, text in cue_warnings(module)]
    scores = expected_scores(module) if module.questions else {}
    advice = (
        "see the cues listed for this module"
        if warnings
        else "no single cue stands out: vary which option is right in length, wording "
        "and place, or add questions"
    )
    for name, score in scores.items():
        if score >= module.pass_mark:
            warnings.append(
                Problem(
                    path,
                    module.questions[0].line,
                    f"a learner who {STRATEGIES[name]} would expect to score {score:.0f}%, "
                    f"at or above the pass mark of {module.pass_mark}%: {advice}",
                    warning=True,
                )
            )
    return ModuleCheck(module, warnings, scores)
