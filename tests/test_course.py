"""The course: every key message of the leaflet is taught and assessed, and the course builds.

The table below maps each of the 18 key messages of Derbyshire Safeguarding Children Board's
leaflet "Key Messages From Serious Case Reviews", in the leaflet's own words, to the module that
teaches it and the questions that assess it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.build import build_course, load_course
from builder.model import Course, Module, Question
from builder.suspend import LIMIT, worst_case
from builder.validate import validate_package

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class KeyMessage:
    """One key message: the leaflet's wording, its module, and the questions that assess it."""

    wording: str
    module: str
    questions: tuple[str, ...]


KEY_MESSAGES = (
    # Children
    KeyMessage(
        "Most Children who are subject to Serious Case Reviews are known to Children's Social Care",
        "children",
        ("children-q1",),
    ),
    KeyMessage(
        "They are ALL known to universal services", "children", ("children-q2", "children-q3")
    ),
    KeyMessage(
        "Almost half the children who die are under 1 year old",
        "children",
        ("children-q4", "children-q5"),
    ),
    KeyMessage(
        "Teenagers are the next most vulnerable group", "children", ("children-q5", "children-q6")
    ),
    # Families
    KeyMessage("Drugs and Alcohol", "families", ("families-q1", "families-q6")),
    KeyMessage(
        "Mental Health Difficulties", "families", ("families-q2", "families-q3", "families-q6")
    ),
    KeyMessage("Domestic Violence", "families", ("families-q4", "families-q6")),
    KeyMessage("Learning Difficulties", "families", ("families-q5", "families-q6")),
    KeyMessage(
        "These are all factors that can add to the vulnerability of children that are not always "
        "properly assessed when identifying risks for children",
        "families",
        ("families-q7", "families-q1", "families-q3"),
    ),
    # Listening to Children and Families
    KeyMessage("Always try to see children alone", "listening", ("listening-q1", "listening-q6")),
    KeyMessage(
        "Give children plenty of opportunity to talk about their situation",
        "listening",
        ("listening-q2", "listening-q6"),
    ),
    KeyMessage("We do not always believe what children tell us", "listening", ("listening-q3",)),
    KeyMessage(
        "We rely too much on what we are told by parents",
        "listening",
        ("listening-q4", "listening-q5"),
    ),
    # Practice Issues
    KeyMessage(
        "Staff from mainstream services do not always recognise signs, symptoms or risk factors "
        "of abuse",
        "practice",
        ("practice-q1",),
    ),
    KeyMessage(
        "Professionals are reluctant to share information",
        "practice",
        ("practice-q2", "practice-q6"),
    ),
    KeyMessage(
        "We accept standards of care that would not be 'good enough' elsewhere",
        "practice",
        ("practice-q3", "practice-q1"),
    ),
    KeyMessage("Respectful Challenge is an essential tool", "practice", ("practice-q4",)),
    KeyMessage(
        "Accurate recording is the key to good assessments",
        "practice",
        ("practice-q5", "practice-q7"),
    ),
)

MODULES = {
    "children": "Children",
    "families": "Families",
    "listening": "Listening to Children and Families",
    "practice": "Practice Issues",
}

# Questions written as short practice scenarios ("A health visitor notices…") rather than recall.
SCENARIOS = frozenset(
    {
        "children-q1",
        "children-q3",
        "children-q4",
        "children-q6",
        "families-q1",
        "families-q2",
        "families-q3",
        "families-q4",
        "families-q5",
        "listening-q1",
        "listening-q2",
        "listening-q3",
        "listening-q4",
        "practice-q1",
        "practice-q2",
        "practice-q3",
        "practice-q4",
        "practice-q5",
    }
)

# Who acts in a scenario: every profession that meets children must appear somewhere.
PROFESSIONS = {
    "teacher": r"\bteach(?:er|ing assistant)\b",
    "GP": r"\bGP\b",
    "nurse": r"\bnurse\b",
    "health visitor": r"\bhealth visitor\b",
    "housing": r"\bhousing officer\b",
    "police": r"\b[Pp]olice\b",
    "early years": r"\bnursery\b",
    "voluntary sector": r"\bvoluntary sector\b",
    "social care": r"\b(?:family support|social) worker\b",
}

BEYOND = re.compile(r"<!-- Beyond the leaflet: basis = (?P<basis>[^>]*?) -->")
# Sentences that name a law, guidance or outside body: each must sit under a BEYOND comment.
CONTEXT = re.compile(
    r"\bAct \d{4}|Working Together|Keeping Children Safe|NICE|NSPCC|Graded Care|Review Panel"
    r"|was not brought|disguised compliance|young carers?\b|escalation procedure"
)
LINK = "[www.derbyshirescb.org.uk](https://www.derbyshirescb.org.uk)"


@pytest.fixture(scope="module")
def course() -> Course:
    """The course as the builder reads it."""
    return load_course(ROOT)


def module_of(course: Course, module_id: str) -> Module:
    """The module with this id (fails the test when there is none)."""
    found = [module for module in course.modules if module.id == module_id]
    assert found, f"no module {module_id!r}"
    return found[0]


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, one line, with typographic quotes made plain."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    # Plain quotes whether or not the Markdown renderer makes them typographic.
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([.,;:!?])", r"\1", text)


def teaching_text(module: Module) -> str:
    """The text of the module's pages, without its questions and its closing summary."""
    return " ".join(
        plain(part)
        for page in module.pages
        if not page.summary
        for part in page.parts
        if isinstance(part, str)
    )


def feedback(question: Question) -> list[str]:
    """The plain feedback of each option."""
    return [plain(option.feedback_html).strip() for option in question.options]


@pytest.mark.parametrize("message", KEY_MESSAGES, ids=lambda message: message.wording[:40])
def test_key_message_is_taught_in_its_module_in_the_leaflets_words(
    course: Course, message: KeyMessage
) -> None:
    assert message.wording in teaching_text(module_of(course, message.module))


@pytest.mark.parametrize("message", KEY_MESSAGES, ids=lambda message: message.wording[:40])
def test_key_message_is_assessed_in_its_module(course: Course, message: KeyMessage) -> None:
    ids = {question.id for question in module_of(course, message.module).questions}
    assert message.questions
    assert set(message.questions) <= ids, set(message.questions) - ids


def test_the_table_holds_the_leaflets_eighteen_messages_in_its_sections() -> None:
    counts = {module: 0 for module in MODULES}
    for message in KEY_MESSAGES:
        counts[message.module] += 1
    assert counts == {"children": 4, "families": 5, "listening": 4, "practice": 5}
    assert len({message.wording for message in KEY_MESSAGES}) == 18


def test_every_question_assesses_a_key_message(course: Course) -> None:
    mapped = {question for message in KEY_MESSAGES for question in message.questions}
    every = {question.id for module in course.modules for question in module.questions}
    assert every == mapped
    assert every >= SCENARIOS


def test_course_settings() -> None:
    config = load_course(ROOT).config
    assert config.id == "safeguarding-scr"
    assert config.title == (
        "Safeguarding Children: Everybody's Business — Key Messages From Serious Case Reviews"
    )
    assert config.organisation == "Derbyshire Safeguarding Children Board"
    assert (config.language, config.pass_mark, config.scorm, config.logo) == (
        "en-GB",
        80,
        "1.2",
        None,
    )
    assert config.colour and contrast_with_white(config.colour) >= 4.5


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on `colour` (#rrggbb)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_modules_follow_the_leaflets_sections_in_order(course: Course) -> None:
    assert {m.id: m.title for m in course.modules} == MODULES
    assert [m.id for m in course.modules] == list(MODULES)
    for module in course.modules:
        assert module.description and module.minutes > 0


@pytest.mark.parametrize("module_id", MODULES)
def test_module_has_opening_teaching_check_and_closing_pages(
    course: Course, module_id: str
) -> None:
    module = module_of(course, module_id)
    slugs = [page.slug for page in module.pages]
    assert slugs[0] == "start"
    assert slugs[-2:] == ["check-your-understanding", "key-points"]
    assert 3 <= len(slugs) - 3 <= 6, "3 to 6 teaching pages"
    assert [page.slug for page in module.pages if page.summary] == ["key-points"]
    for page in module.pages:
        has_questions = any(not isinstance(part, str) for part in page.parts)
        assert has_questions == (page.slug == "check-your-understanding"), page.slug

    opening = plain(" ".join(p for p in module.pages[0].parts if isinstance(p, str)))
    assert "you will be able to" in opening
    assert "including children who have died" in opening and "upsetting" in opening
    assert "designated safeguarding lead" in opening
    assert "employee assistance programme" in opening
    assert "children's social care" in opening and "999" in opening

    closing = " ".join(p for p in module.pages[-1].parts if isinstance(p, str))
    assert 'href="https://www.derbyshirescb.org.uk"' in closing
    closing = plain(closing)
    assert (
        "For more information about lessons to be learnt from Serious Case Reviews: "
        "www.derbyshirescb.org.uk" in closing
    )
    assert "Derbyshire Safeguarding Children Board" in closing


@pytest.mark.parametrize("module_id", MODULES)
def test_module_source_links_the_board_and_marks_context_beyond_the_leaflet(
    module_id: str,
) -> None:
    source = next((ROOT / "modules").glob(f"*-{module_id}.md")).read_text(encoding="utf-8")
    assert LINK in source
    bases = [match["basis"].strip() for match in BEYOND.finditer(source)]
    assert bases and all(len(basis) > 20 for basis in bases)
    marked = False
    in_question = False
    for block in re.split(r"\n\s*\n", source.split("\n---\n", 1)[1]):
        if block.startswith("::: question"):
            in_question = True
        if block.startswith(("## ", "::: question")):
            marked = False
        if BEYOND.search(block):
            marked = True
        if not in_question and CONTEXT.search(BEYOND.sub("", block)):
            assert marked, f"context beyond the leaflet without a basis comment:\n{block}"
        if block.rstrip().endswith(":::"):
            in_question = False


@pytest.mark.parametrize("module_id", MODULES)
def test_module_assessment(course: Course, module_id: str) -> None:
    questions = module_of(course, module_id).questions
    assert len(questions) >= 4
    scenarios = [q for q in questions if q.id in SCENARIOS]
    assert 2 * len(scenarios) >= len(questions)
    for question in questions:
        assert re.fullmatch(rf"{module_id}-q\d+", question.id)
        assert 2 <= len(question.options) <= 6
        assert plain(question.html).strip() == plain(question.text), "2004 description is whole"


def test_course_uses_every_question_type_and_mostly_scenarios(course: Course) -> None:
    questions = [q for module in course.modules for q in module.questions]
    assert {q.kind for q in questions} == {"choice", "multiple", "true-false"}
    assert 2 * len(SCENARIOS) >= len(questions)


def test_scenarios_name_who_acts_and_include_every_profession(course: Course) -> None:
    texts = [q.text for m in course.modules for q in m.questions if q.id in SCENARIOS]
    for text in texts:
        assert any(re.search(p, text) for p in PROFESSIONS.values()), text
    missing = [name for name, p in PROFESSIONS.items() if not any(re.search(p, t) for t in texts)]
    assert not missing


def test_every_option_has_feedback_that_teaches(course: Course) -> None:
    for module in course.modules:
        for question in module.questions:
            for option, text in zip(question.options, feedback(question), strict=True):
                assert len(text) >= 40, (question.id, option.letter, text)
                assert not re.match(r"(?i)(in)?correct\.?$|wrong\.?$", text)
                assert text.startswith("Right.") == option.correct, (question.id, option.letter)


@pytest.mark.parametrize("module_id", MODULES)
def test_worst_case_suspend_data_fits_scorm_12(course: Course, module_id: str) -> None:
    module = module_of(course, module_id)
    options = [len(question.options) for question in module.questions]
    assert worst_case(len(module.pages), options) <= LIMIT


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_course_builds_and_every_package_validates(tmp_path: Path, version: str) -> None:
    built = build_course(ROOT, tmp_path, [version])
    assert sorted(package.module.id for package in built) == sorted(MODULES)
    suffix = version.replace(".", "")
    for package in built:
        assert package.path.name == f"safeguarding-scr-{package.module.id}-scorm{suffix}.zip"
        assert validate_package(package.path) == []
