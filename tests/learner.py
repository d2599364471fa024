"""A learner for the runtime tests: plays a module in the test LMS by keyboard alone, answering
the questions drawn in this attempt, of every kind, right or wrong on request."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lms_harness import Alone, Launch


def module_data(frame: Any) -> dict[str, Any]:
    """The launch page's `module_data` JSON block."""
    return json.loads(frame.locator("#module-data").text_content())


CHOICE_KINDS = ("choice", "multiple", "true-false")

# What the learner sees of each drawn question, in the order shown: its options, items,
# responses, steps and decisions' options (letters; matching items by number).
LAYOUT = """() => Object.fromEntries(
  [...document.querySelectorAll('form.question:not([hidden])')].map((form) => [
    form.dataset.question,
    [...form.querySelectorAll('[data-letter], [data-item], select option')]
      .map((el) => el.dataset.letter || el.dataset.item || el.value),
  ]))"""


class Learner:
    """A learner using the keyboard only (Tab, Shift+Tab, Space, Enter, arrow keys), on the
    questions this attempt drew (visible forms), of every kind.

    Which control to reach is found from the markup of templates/; the control is then
    reached and operated with key presses, never clicks. Answers are tokens as `right` and
    `wrong` give them: choice kinds the letters; matching a response per item in item order;
    ordering the steps in order; a scenario the letter taken at each decision on its path.
    """

    TAB_LIMIT = 120

    def __init__(self, run: Launch | Alone) -> None:
        self.run = run
        self.keyboard = run.page.keyboard
        self.data = module_data(run.frame)

    @property
    def frame(self) -> Any:
        return self.run.frame

    def active(self, predicate: str) -> bool:
        """Whether the focused element of the SCO satisfies the JS predicate of `el`."""
        return self.frame.evaluate(
            f"() => {{ const el = document.activeElement; return !!(el && ({predicate})); }}"
        )

    def tab_until(self, predicate: str) -> None:
        """Press Tab (then Shift+Tab) until the focused element satisfies `predicate`."""
        for key in ("Tab", "Shift+Tab"):
            for _ in range(self.TAB_LIMIT):
                if self.active(predicate):
                    return
                self.keyboard.press(key)
        raise AssertionError(f"no focusable element matching {predicate} reachable by Tab")

    def current_page(self) -> int:
        return self.frame.evaluate(
            "() => Number(document.querySelector('section[data-page]:not([hidden])').dataset.page)"
        )

    def question(self, qid: str) -> dict[str, Any]:
        return next(q for q in self.data["questions"] if q["id"] == qid)

    def asked(self) -> list[dict[str, Any]]:
        """The questions this attempt asks, in module order (a pool's undrawn ones are hidden)."""
        ids = self.frame.evaluate(
            "() => Array.from(document.querySelectorAll('form.question:not([hidden])'))"
            ".map((form) => form.dataset.question)"
        )
        return [q for q in self.data["questions"] if q["id"] in ids]

    def questions_on(self, page: int) -> list[dict[str, Any]]:
        """The questions this attempt asks on `page`."""
        return [q for q in self.asked() if q["page"] == page]

    def layout(self) -> dict[str, list[str]]:
        """Each drawn question's options, items, steps or decisions' options as shown."""
        return self.frame.evaluate(LAYOUT)

    def checked(self, question: dict[str, Any]) -> bool:
        """Whether the question's answer has been checked (its feedback shows)."""
        return self.frame.eval_on_selector(f"#qf-{question['id']}", "el => !el.hidden")

    def shown(self, question: dict[str, Any]) -> list[str]:
        """The answer the page shows, as tokens (choice letters sorted)."""
        qid, kind = question["id"], question["type"]
        form = self.frame.locator(f"#q-{qid}")
        if kind in CHOICE_KINDS:
            return sorted(
                form.evaluate("f => [...f.querySelectorAll('input:checked')].map((el) => el.value)")
            )
        if kind == "matching":
            values = [
                self.frame.eval_on_selector(f"#qm-{qid}-{item['id']}", "el => el.value")
                for item in question["items"]
            ]
            return values if any(values) else []
        if kind == "ordering":
            return self.order(qid)
        chosen = dict(
            form.evaluate(
                "f => [...f.querySelectorAll('[data-decision]:not([hidden]) input:checked')]"
                ".map((el) => [Number(el.closest('[data-decision]').dataset.decision), el.value])"
            )
        )
        letters, number = [], 1
        by_number = {d["number"]: d for d in question["decisions"]}
        while number in chosen:
            letters.append(chosen[number])
            number = next(o["next"] for o in by_number[number]["options"] if o["id"] == letters[-1])
        return letters

    def go_to(self, qid: str) -> None:
        while self.current_page() < self.question(qid)["page"]:
            self.next_page()

    def check(self, qid: str) -> None:
        """Enter on the question's submit button (Check answer, or Choose in a case)."""
        self.tab_until(f"el.type === 'submit' && el.form && el.form.id === 'q-{qid}'")
        self.keyboard.press("Enter")

    def radio(self, name: str, letter: str, count: int) -> None:
        """In the radio group `name`: Tab into it, Space, then arrows to `letter`."""
        target = f"el.value === {json.dumps(letter)} && el.checked"
        self.tab_until(f"el.type === 'radio' && el.name === {json.dumps(name)}")
        if not self.active("el.checked"):
            self.keyboard.press("Space")
        for _ in range(count):
            if self.active(target):
                break
            self.keyboard.press("ArrowDown")
        assert self.active(target)

    def select(self, question: dict[str, Any], tokens: list[str]) -> None:
        """Give `tokens` as the answer without checking it (a scenario: take its decisions)."""
        qid, kind = question["id"], question["type"]
        if kind == "multiple":
            for option in question["options"]:
                box = f"qo-{qid}-{option['id']}"
                ticked = self.frame.eval_on_selector(f"#{box}", "el => el.checked")
                if ticked != (option["id"] in tokens):
                    self.tab_until(f"el.id === {json.dumps(box)}")
                    self.keyboard.press("Space")
        elif kind in CHOICE_KINDS:
            (letter,) = tokens
            self.radio(qid, letter, len(question["options"]))
        elif kind == "matching":
            self.match(qid, tokens, check=False)
        elif kind == "ordering":
            self.arrange(qid, tokens, check=False)
        else:
            self.case(qid, tokens)

    def answer(self, question: dict[str, Any], tokens: list[str]) -> None:
        """Give `tokens` as the answer and check it (Enter on its button)."""
        qid = question["id"]
        if question["type"] == "scenario":
            self.case(qid, tokens)
        else:
            self.select(question, tokens)
            self.check(qid)
        self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def match(self, qid: str, letters: list[str], check: bool = True) -> None:
        """Each item's response (in item order; "" leaves it) chosen with the arrow keys on
        its <select>."""
        for number, letter in enumerate(letters, 1):
            if not letter:
                continue
            select = f"qm-{qid}-{number}"
            self.tab_until(f"el.id === {json.dumps(select)}")
            for key in ("ArrowDown", "ArrowUp"):
                for _ in range(len(self.question(qid)["responses"]) + 1):
                    if self.active(f"el.value === {json.dumps(letter)}"):
                        break
                    self.keyboard.press(key)
            assert self.active(f"el.value === {json.dumps(letter)}")
        if check:
            self.check(qid)
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def order(self, qid: str) -> list[str]:
        """The steps of an ordering question as shown."""
        return self.frame.eval_on_selector_all(
            f"#q-{qid} .order-step", "els => els.map((el) => el.dataset.letter)"
        )

    def arrange(self, qid: str, letters: list[str], check: bool = True) -> None:
        """Moves steps with their Move up buttons until the order is `letters` (at least one
        move: an untouched order is not an answer)."""
        moved = False
        for position, letter in enumerate(letters):
            moves = self.order(qid).index(letter) - position
            if moves <= 0:
                continue
            self.tab_until(
                f"el.dataset.move === 'up' && el.closest('.order-step').dataset.letter === "
                f"{json.dumps(letter)} && el.closest('form').id === 'q-{qid}'"
            )
            for _ in range(moves):
                self.keyboard.press("Enter")
            moved = True
        if not moved:  # down and back up again, focus staying with the step
            self.tab_until(f"el.dataset.move === 'down' && el.closest('form').id === 'q-{qid}'")
            self.keyboard.press("Enter")
            self.keyboard.press("Shift+Tab")
            self.keyboard.press("Enter")
        assert self.order(qid) == letters
        if check:
            self.check(qid)
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def decide(self, qid: str, number: int, letter: str) -> None:
        """At decision `number` of a case: the radio button with arrows and Space, then Choose."""
        decision = next(d for d in self.question(qid)["decisions"] if d["number"] == number)
        self.radio(f"{qid}-{number}", letter, len(decision["options"]))
        self.check(qid)

    def case(self, qid: str, letters: list[str]) -> None:
        """The case's decisions not taken yet: each letter at the decision it leads to; when
        the letters end the case, its feedback is waited for."""
        question = self.question(qid)
        path = decisions_taken(question, letters, finished=False)
        for number, letter in list(zip(path, letters, strict=True))[len(self.shown(question)) :]:
            self.decide(qid, number, letter)
        last = next(d for d in question["decisions"] if d["number"] == path[-1])
        if next(o["next"] for o in last["options"] if o["id"] == letters[-1]) is None:
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def action(self, name: str) -> None:
        """Press the button with `data-action=name` (Next, Back, Retry, Finish…) with Enter."""
        self.tab_until(f"el.dataset && el.dataset.action === {json.dumps(name)}")
        self.keyboard.press("Enter")

    def next_page(self) -> None:
        page = self.current_page()
        self.action("next")
        self.frame.wait_for_function(  # the next page, or the one after skipped pages
            f"() => document.querySelector('section[data-page=\"{page}\"]').hidden"
        )

    def to_summary(self) -> None:
        while self.current_page() < len(self.data["pages"]) - 1:
            self.next_page()
        self.frame.wait_for_selector("#results:not([hidden])")

    def complete(
        self,
        choose: Callable[[dict[str, Any]], list[str]],
        *,
        each_page: Callable[[], None] | None = None,
    ) -> None:
        """From the current page to the summary: answer each drawn question not checked yet
        with `choose(question)`."""
        last = len(self.data["pages"]) - 1
        while True:
            page = self.current_page()
            for question in self.questions_on(page):
                if not self.checked(question):
                    self.answer(question, choose(question))
            if each_page:
                each_page()
            if page == last:
                return
            self.next_page()


def decisions_taken(case: dict[str, Any], letters: list[str], finished: bool = True) -> list[int]:
    """The decision numbers the letters go through, from the module data (`finished`: the
    letters must end the case)."""
    taken, number = [], 1
    by_number = {d["number"]: d for d in case["decisions"]}
    for letter in letters:
        taken.append(number)
        number = next(o["next"] for o in by_number[number]["options"] if o["id"] == letter)
    assert number is None or not finished, "the letters end the case"
    return taken


def case_path(case: dict[str, Any], best: bool) -> list[str]:
    """The letters of a case taking the best choice at each decision (or never the best)."""
    by_number = {d["number"]: d for d in case["decisions"]}
    letters: list[str] = []
    number = 1
    while number is not None:
        assert len(letters) <= len(by_number), "a case ends"
        decision = by_number[number]
        option = next(o for o in decision["options"] if (o["id"] == decision["best"]) == best)
        letters.append(option["id"])
        number = option["next"]
    return letters


def right(question: dict[str, Any]) -> list[str]:
    """The right answer of a question of any kind, as tokens."""
    kind = question["type"]
    if kind == "matching":
        return [item["answer"] for item in question["items"]]
    if kind == "ordering":
        return [step["id"] for step in question["steps"]]
    if kind == "scenario":
        return case_path(question, best=True)
    return [o["id"] for o in question["options"] if o["correct"]]


def wrong(question: dict[str, Any]) -> list[str]:
    """An answer with no credit: the first incorrect option; every item matched to another
    response; the steps rotated by one; never the best choice in a case."""
    kind = question["type"]
    if kind == "matching":
        letters = [r["id"] for r in question["responses"]]
        return [next(x for x in letters if x != item["answer"]) for item in question["items"]]
    if kind == "ordering":
        steps = right(question)
        return steps[1:] + steps[:1]
    if kind == "scenario":
        return case_path(question, best=False)
    return [next(o["id"] for o in question["options"] if not o["correct"])]
