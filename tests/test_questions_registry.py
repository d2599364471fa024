"""The question kinds' table, pinning, shuffle settings, pools and objectives at build time:
the model, module_data, the worst-case suspend_data with the draw, and every pool error."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import COURSE, load_problems, module, write_project

from builder.course import load_course
from builder.questions.registry import KINDS
from builder.render import module_data
from builder.suspend import LIMIT, module_worst_case, worst_case


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


OBJECTIVES = (
    "objectives:\n  sky: The sky is blue on a clear day.\n  fruit: Apples and pears are fruits."
)


def question(qid: str, objective: str | None = None, options: int = 3) -> str:
    lines = "".join(f"- [{'x' if n == 0 else ' '}] Option number {n}\n" for n in range(options))
    target = f" objective={objective}" if objective else ""
    return f"::: question id={qid}{target}\nQuestion {qid}?\n\n{lines}:::\n\n"


def pool_module(front: str, body: str) -> str:
    return f"---\nid: mod\ntitle: A module\nminutes: 10\n{front}\n---\nOpening.\n\n## Q\n\n{body}"


POOL = (
    question("s1", "sky")
    + question("s2", "sky")
    + question("s3", "sky")
    + question("f1", "fruit")
    + question("f2", "fruit")
)


def test_every_kind_in_the_table_names_itself_and_a_scorm_type():
    assert {"choice", "multiple", "true-false"} <= set(KINDS)
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.scorm_type in (
            "choice",
            "true-false",
            "matching",
            "sequencing",
            "fill-in",
            "numeric",
        )
        assert kind.label


def test_pinned_option_keeps_its_letter_and_shows_in_module_data(tmp_path):
    body = (
        "::: question id=p\nWho decides?\n\n- [ ] You\n- [x] Social care\n"
        "- [ ] None of these {pinned}\n:::\n"
    )
    write_project(tmp_path, {"01-m.md": module(body)})
    course = load_course(tmp_path)
    (q,) = course.modules[0].questions
    assert [(o.letter, o.text, o.pinned) for o in q.options] == [
        ("a", "You", False),
        ("b", "Social care", False),
        ("c", "None of these", True),
    ]
    data = module_data(course, course.modules[0], "1.2")
    assert [o["pinned"] for o in data["questions"][0]["options"]] == [False, False, True]
    assert data["shuffle"] is True and data["draw"] is None and data["objectives"] == []


@pytest.mark.parametrize(
    ("course_line", "front", "expected"),
    [("", "", True), ("shuffle: false\n", "", False), ("shuffle: false\n", "shuffle: true", True)],
)
def test_shuffle_comes_from_front_matter_then_course(tmp_path, course_line, front, expected):
    text = pool_module(front, question("q1"))
    write_project(tmp_path, {"01-m.md": text}, COURSE + course_line)
    assert load_course(tmp_path).modules[0].shuffle is expected


def test_shuffle_must_be_true_or_false(tmp_path):
    found = load_problems(tmp_path, {"01-m.md": pool_module("shuffle: sometimes", question("a"))})
    assert found == ["modules/01-m.md:5: `shuffle` must be true or false"]


def test_pool_model_and_module_data(tmp_path):
    front = "draw: 3\ndraw_per_objective: 1\n" + OBJECTIVES
    write_project(tmp_path, {"01-m.md": pool_module(front, POOL)})
    course = load_course(tmp_path)
    mod = course.modules[0]
    assert (mod.draw, mod.draw_per_objective) == (3, 1)
    assert [(o.id, o.text, o.line) for o in mod.objectives] == [
        ("sky", "The sky is blue on a clear day.", 8),
        ("fruit", "Apples and pears are fruits.", 9),
    ]
    assert [q.objective for q in mod.questions] == ["sky", "sky", "sky", "fruit", "fruit"]
    data = module_data(course, mod, "2004")
    assert data["draw"] == 3 and data["drawPerObjective"] == 1
    assert [o["id"] for o in data["objectives"]] == ["sky", "fruit"]
    assert [q["objective"] for q in data["questions"]][:2] == ["sky", "sky"]


def test_worst_case_counts_the_draw_and_the_largest_questions_drawn(tmp_path):
    body = POOL.replace(question("f2", "fruit"), question("f2", "fruit", options=9))
    front = "draw: 2\ndraw_per_objective: 1\n" + OBJECTIVES
    write_project(tmp_path, {"01-m.md": pool_module(front, body)})
    mod = load_course(tmp_path).modules[0]
    entries = [4 + 1 + 9, 4 + 1 + 3]  # the two largest entries, whichever the draw picks
    # "S2|" structure "|" seen "|" 99 "|" two keys "|" answers
    expected = 3 + 6 + 1 + 1 + 1 + 2 + 1 + 8 + 1 + sum(entries) + 1
    assert module_worst_case(mod) == expected
    every = worst_case(len(mod.pages), [3, 3, 3, 3, 9])  # no draw: all five, no keys
    assert every == expected - 8 + 3 * (4 + 1 + 3) + 3
    assert module_worst_case(mod) <= LIMIT


def test_a_draw_that_cannot_fit_suspend_data_fails_the_build(tmp_path):
    options = "".join(f"- [{'x' if n == 0 else ' '}] Option {n}\n" for n in range(26))
    body = "".join(f"::: question\nQuestion {n}?\n\n{options}:::\n\n" for n in range(160))
    found = load_problems(tmp_path, {"01-big.md": pool_module("draw: 125", body)})
    assert len(found) == 1 and found[0].startswith(
        "modules/01-big.md: saved progress can reach 4515 characters, over SCORM 1.2's limit"
    ), found
    write_project(tmp_path, {"01-big.md": pool_module("draw: 110", body)})
    assert module_worst_case(load_course(tmp_path).modules[0]) <= LIMIT


@pytest.mark.parametrize(
    ("front", "body", "expected"),
    [
        (
            "draw: 6",
            POOL,
            "modules/01-m.md:5: `draw: 6` asks more questions than the module has (5): "
            "lower it or add questions",
        ),
        (
            "draw_per_objective: 3\n" + OBJECTIVES,
            POOL,
            "modules/01-m.md:8: objective 'fruit' has 2 question(s); "
            "`draw_per_objective: 3` needs at least 3",
        ),
        (
            "draw: 1\ndraw_per_objective: 1\n" + OBJECTIVES,
            POOL,
            "modules/01-m.md:5: `draw: 1` is fewer than `draw_per_objective: 1` times 2 "
            "objectives = 2: raise draw or lower draw_per_objective",
        ),
        (
            OBJECTIVES,
            POOL.replace("objective=sky", "objective=skies", 1),
            "modules/01-m.md:13: question 's1' names the objective 'skies', which the module "
            "does not declare (objectives: fruit, sky)",
        ),
        (
            OBJECTIVES,
            POOL.replace(" objective=fruit", "", 1),
            "modules/01-m.md:37: question 'f1' assesses no objective: add objective=ID to its "
            "opening line (every question of a module with objectives needs one)",
        ),
        (
            "",
            question("s1", "sky"),
            "modules/01-m.md:11: question 's1' names the objective 'sky', which the module does "
            "not declare (objectives: none are declared in the front matter)",
        ),
        (
            "draw_per_objective: 1",
            POOL.replace(" objective=sky", "").replace(" objective=fruit", ""),
            "modules/01-m.md:5: `draw_per_objective` needs `objectives` in the front matter",
        ),
        (
            "objectives:\n  Sky: The sky.",
            question("s1"),
            "modules/01-m.md:6: objective id 'Sky' is not valid: use lowercase letters, digits "
            "and hyphens (for example `children-age`), at most 64 characters",
        ),
        (
            "objectives:\n  sky:",
            question("s1", "sky"),
            "modules/01-m.md:6: objective 'sky' needs its key message as text of 1 to 250 "
            "characters after the colon",
        ),
        (
            "objectives: the sky",
            question("s1"),
            "modules/01-m.md:5: `objectives` must be a list of ids and texts: `objectives:` then "
            "indented lines like `children-age: Babies are most at risk.`",
        ),
        (
            "draw: 0",
            POOL,
            "modules/01-m.md:5: `draw` is 0; it must be of at least 1",
        ),
    ],
)
def test_pool_errors_name_the_line_and_the_fix(tmp_path, front, body, expected):
    found = load_problems(tmp_path, {"01-m.md": pool_module(front, body)})
    assert expected in found, found


def test_an_objective_without_questions_is_a_warning(tmp_path):
    write_project(tmp_path, {"01-m.md": pool_module(OBJECTIVES, question("s1", "sky"))})
    course = load_course(tmp_path)
    assert [str(w) for w in course.warnings] == [
        "modules/01-m.md:7: warning: objective 'fruit' has no question, so it is never "
        "assessed: add one with objective=fruit"
    ]
