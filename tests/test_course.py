"""The course: every key message of the leaflet is taught and assessed, to a trainer's standard.

The table below maps each of the 18 key messages of Derbyshire Safeguarding Children Board's
leaflet "Key Messages From Serious Case Reviews", in the leaflet's own words, to the module
that teaches it and the objective its questions name. The tests read the course as the
builder does (`load_course`), so they check what learners and the LMS get. Wording, currency,
care and fidelity checks are in `tests/test_course_text.py`; settings, module shape and valid
packages in `tests/test_course_build.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from course_text import module_of, plain, teaching_text

from builder.check import check_module
from builder.course import load_course
from builder.model import Course, Option, Question

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class KeyMessage:
    """One key message: the leaflet's wording, its module and its objective id."""

    wording: str
    module: str
    objective: str


KEY_MESSAGES = (
    KeyMessage(
        "Most Children who are subject to Serious Case Reviews are known to Children's Social Care",
        "children",
        "children-social-care",
    ),
    KeyMessage("They are ALL known to universal services", "children", "children-universal"),
    KeyMessage(
        "Almost half the children who die are under 1 year old", "children", "children-babies"
    ),
    KeyMessage("Teenagers are the next most vulnerable group", "children", "children-teenagers"),
    KeyMessage("Drugs and Alcohol", "families", "families-drugs-alcohol"),
    KeyMessage("Mental Health Difficulties", "families", "families-mental-health"),
    KeyMessage("Domestic Violence", "families", "families-domestic"),
    KeyMessage("Learning Difficulties", "families", "families-learning"),
    KeyMessage(
        "These are all factors that can add to the vulnerability of children that are not "
        "always properly assessed when identifying risks for children",
        "families",
        "families-assessed",
    ),
    KeyMessage("Always try to see children alone", "listening", "listening-alone"),
    KeyMessage(
        "Give children plenty of opportunity to talk about their situation",
        "listening",
        "listening-talk",
    ),
    KeyMessage("We do not always believe what children tell us", "listening", "listening-believe"),
    KeyMessage("We rely too much on what we are told by parents", "listening", "listening-parents"),
    KeyMessage(
        "Staff from mainstream services do not always recognise signs, symptoms or risk factors "
        "of abuse",
        "practice",
        "practice-recognise",
    ),
    KeyMessage("Professionals are reluctant to share information", "practice", "practice-share"),
    KeyMessage(
        "We accept standards of care that would not be 'good enough' elsewhere",
        "practice",
        "practice-good-enough",
    ),
    KeyMessage("Respectful Challenge is an essential tool", "practice", "practice-challenge"),
    KeyMessage(
        "Accurate recording is the key to good assessments", "practice", "practice-recording"
    ),
)

MODULES = {
    "children": "Children",
    "families": "Families",
    "listening": "Listening to Children and Families",
    "practice": "Practice Issues",
}
POOL_PER_MESSAGE = 2  # questions per key message in the module's pool
SCENARIO_SHARE = 0.6  # of each module's questions: practice situations, not recall
# Who acts in a practice scenario, by sector: every sector must appear in the course.
SECTORS = {
    "health": r"\b(?:GP|health visitor|practice nurse|school nurse|midwife|dental nurse)\b",
    "education": r"\b(?:teach(?:er|es|ing assistant)|primary school)\b",
    "early years": r"\bnursery\b",
    "police": r"\b(?:PCs?|police)\b",
    "housing": r"\bhousing officer\b",
    "probation": r"\bprobation officer\b",
    "adult services": r"\b(?:drug and alcohol worker|adult service|community mental health)\b",
    "emergency care": r"\b(?:paramedic|ambulance|emergency department)\b",
    "voluntary": r"\b(?:voluntary sector|food bank|family support worker)\b",
    "faith": r"\bchurch\b",
    "sport": r"\b(?:coach(?:es)?|football|swimming)\b",
}
ROLE = re.compile("|".join(SECTORS.values()) + r"|\bsocial worker\b|\byouth worker\b")


@pytest.fixture(scope="module")
def course() -> Course:
    """The course as the builder reads it."""
    return load_course(ROOT)


def objective_wording(text: str) -> str:
    """An objective's text as the leaflet writes it (the front matter may add a full stop)."""
    return text.rstrip(".")


def decisions_or_self(question: Question) -> list[tuple[str, list[Option]]]:
    """Each place a learner chooses among options: the question, or each scenario decision."""
    decisions = [(d.text, d.options) for d in question.decisions]
    return [(question.text, question.options)] if question.options else decisions


def is_scenario(question: Question) -> bool:
    """A practice situation: its stem (or case) names someone at work who has to act."""
    return bool(ROLE.search(question.text))


# -- taught and assessed --------------------------------------------------------------------


def test_the_table_holds_the_leaflets_eighteen_messages_in_its_sections() -> None:
    counts = Counter(message.module for message in KEY_MESSAGES)
    assert counts == {"children": 4, "families": 5, "listening": 4, "practice": 5}
    assert len({message.wording for message in KEY_MESSAGES}) == 18
    assert len({message.objective for message in KEY_MESSAGES}) == 18


@pytest.mark.parametrize("message", KEY_MESSAGES, ids=lambda message: message.objective)
def test_key_message_is_taught_in_the_leaflets_words_and_introduced_as_the_leaflets(
    course: Course, message: KeyMessage
) -> None:
    text = teaching_text(module_of(course, message.module))
    at = text.find(message.wording)
    assert at >= 0, "the leaflet's words are missing"
    before = text[max(0, at - 160) : at]
    assert re.search(r"The leaflet says:? ", before), (
        "introduce the leaflet's words in words: a `/// leaflet` callout (The leaflet says)"
    )


@pytest.mark.parametrize("message", KEY_MESSAGES, ids=lambda message: message.objective)
def test_key_message_is_an_objective_assessed_by_its_modules_pool(
    course: Course, message: KeyMessage
) -> None:
    module = module_of(course, message.module)
    objectives = {objective.id: objective.text for objective in module.objectives}
    assert objective_wording(objectives[message.objective]) == message.wording
    pool = [q for q in module.questions if q.objective == message.objective]
    assert len(pool) >= POOL_PER_MESSAGE, [q.id for q in pool]


@pytest.mark.parametrize("module_id", MODULES)
def test_every_attempt_assesses_every_message_of_the_module(course: Course, module_id: str) -> None:
    module = module_of(course, module_id)
    ids = {m.objective for m in KEY_MESSAGES if m.module == module_id}
    assert {objective.id for objective in module.objectives} == ids
    assert all(question.objective in ids for question in module.questions)
    assert module.draw_per_objective >= 1
    assert module.draw is not None
    assert len(ids) * module.draw_per_objective <= module.draw < len(module.questions)
    assert module.shuffle


# -- what the assessment is made of ---------------------------------------------------------


@pytest.mark.parametrize("module_id", MODULES)
def test_module_uses_every_kind_and_a_case_of_three_decisions(
    course: Course, module_id: str
) -> None:
    questions = module_of(course, module_id).questions
    kinds = {question.kind for question in questions}
    assert {"choice", "multiple", "true-false", "scenario"} <= kinds
    assert kinds & {"matching", "ordering"}
    cases = [q for q in questions if q.kind == "scenario"]
    assert [q.id for q in cases] == [f"{module_id}-case"]
    assert len(cases[0].decisions) >= 3
    for question in questions:
        assert re.fullmatch(rf"{module_id}-(?:q\d+|match|order|case)", question.id)
        assert plain(question.html).strip() == question.text, "the 2004 description is whole"


@pytest.mark.parametrize("module_id", MODULES)
def test_most_questions_are_practice_scenarios(course: Course, module_id: str) -> None:
    questions = module_of(course, module_id).questions
    scenarios = [q for q in questions if is_scenario(q)]
    assert len(scenarios) >= SCENARIO_SHARE * len(questions), [
        q.id for q in questions if not is_scenario(q)
    ]


def test_scenarios_span_every_kind_and_every_sector(course: Course) -> None:
    questions = [q for module in course.modules for q in module.questions]
    kinds = {q.kind for q in questions if is_scenario(q)}
    assert kinds == {"choice", "multiple", "true-false", "matching", "ordering", "scenario"}
    texts = [q.text for q in questions]
    missing = [name for name, p in SECTORS.items() if not any(re.search(p, t) for t in texts)]
    assert not missing


def test_scenarios_vary_who_acts_and_who_harms(course: Course) -> None:
    stems = " ".join(
        " ".join([q.text, *(d.text for d in q.decisions)])
        for module in course.modules
        for q in module.questions
    )
    she = len(re.findall(r"\b(?:she|her)\b", stems, re.IGNORECASE))
    he = len(re.findall(r"\b(?:he|him|his)\b", stems, re.IGNORECASE))
    assert she and he and max(she, he) <= 2 * min(she, he), (she, he)
    # Harm is not only men's: mothers and wives harm in some scenarios, fathers protect in some.
    assert re.search(r"Mummy made Daddy's face bleed|his wife controls", stems)
    assert "Callum's dad phones the school" in stems


@pytest.mark.parametrize("module_id", MODULES)
def test_true_false_statements_are_balanced_and_not_absolute(
    course: Course, module_id: str
) -> None:
    statements = [q for q in module_of(course, module_id).questions if q.kind == "true-false"]
    answers = Counter(next(o.text for o in q.options if o.correct) for q in statements)
    assert answers["True"] == answers["False"] >= 1, answers
    absolute = r"\b(?:always|never|all|none|every|only|must|cannot|nobody|nothing)\b"
    for question in statements:
        assert not re.search(absolute, question.text, re.IGNORECASE), question.id


@pytest.mark.parametrize("module_id", MODULES)
def test_distractors_look_like_the_answer(course: Course, module_id: str) -> None:
    """Options of one length and register, and the answer not systematically the longest."""
    sets = [s for q in module_of(course, module_id).questions for s in decisions_or_self(q)]
    single = [options for _, options in sets if len(options) >= 3]
    single = [o for o in single if sum(option.correct for option in o) == 1]
    longest = shortest = 0
    for options in single:
        lengths = [len(option.text) for option in options]
        assert max(lengths) <= 1.5 * min(lengths), [option.text for option in options]
        answer = next(len(option.text) for option in options if option.correct)
        longest += answer == max(lengths)
        shortest += answer == min(lengths)
        ends = {option.text[-1] in ".?!" for option in options}
        assert len(ends) == 1, "every option ends the same way"
    assert single and longest <= len(single) / 3, f"{longest} of {len(single)} longest"
    assert shortest <= len(single) / 3, f"{shortest} of {len(single)} shortest"


@pytest.mark.parametrize("module_id", MODULES)
def test_every_option_item_and_step_has_feedback_that_teaches(
    course: Course, module_id: str
) -> None:
    for question in module_of(course, module_id).questions:
        for _, options in decisions_or_self(question):
            for option in options:
                text = plain(option.feedback_html).strip()
                assert len(text) >= 40, (question.id, option.letter, text)
                assert text.startswith("Right.") == option.correct, (question.id, option.text)
        for part in [*question.items, *question.steps]:
            assert len(plain(part.feedback_html).strip()) >= 40, (question.id, part.text)


@pytest.mark.parametrize("module_id", MODULES)
def test_check_strict_is_clean_and_test_wise_strategies_fail(
    course: Course, module_id: str
) -> None:
    """The question-quality check's own simulator (`builder.check`): every strategy below."""
    module = module_of(course, module_id)
    result = check_module(module)
    assert [str(w) for w in result.warnings] == []
    assert result.scores, "the simulator ran"
    for strategy, score in result.scores.items():
        assert score < module.pass_mark - 10, (strategy, score)
