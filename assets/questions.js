/*
 * questions.js: the flow every kind shares (assets/kinds/*.js do the kind's own part): read
 * the answer as it changes, Check, the verdict first (in text, not colour alone), feedback,
 * and retry.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  /** SB.questions: module_data's questions with the runtime's fields (docs/architecture.md),
   * and which pages hold nothing but questions (left out when none of them is drawn). */
  SB.setupQuestions = () => {
    SB.questions = SB.data.questions
      .map((d) => ({
        ...d,
        number: 0,
        form: document.getElementById('q-' + d.id),
        sel: [],
        done: false,
        since: 0,
        asked: true,
        shuffle: false,
        rng: null,
      }))
      .filter((q) => q.form);
    SB.questions.forEach((q) => {
      q.page = SB.sections.indexOf(q.form.closest('section'));
      q.pristine = q.form.cloneNode(true); // the authored order, for the next attempt
    });
    onlyQuestions = SB.sections.map((section) => {
      const parts = Array.from(section.children).filter((el) => !el.matches('h2'));
      return parts.length > 0 && parts.every((el) => el.matches('form.question'));
    });
  };

  let onlyQuestions = [];

  /** The questions of this attempt, in page order. */
  SB.asked = () => SB.questions.filter((q) => q.asked);

  /** Whether page `index` is left out of this attempt (its questions were not drawn). */
  SB.skipped = (index) =>
    !!onlyQuestions[index] && SB.questions.every((q) => q.page !== index || !q.asked);

  /** Draws this attempt's questions (or takes the draw restored from suspend_data), shows
   * them in their seeded order and numbers them; the others are hidden and forgotten. */
  SB.startAttempt = (restored) => {
    const byKey = (key) => SB.questions.find((q) => q.key === key);
    const kept = restored && restored.map(byKey);
    const drawn = kept && kept.every(Boolean) ? kept : SB.drawQuestions(SB.questions);
    SB.questions.forEach((q) => {
      q.asked = drawn.includes(q);
      if (!q.asked) {
        q.sel = [];
        q.done = false;
      }
      q.form.hidden = !q.asked;
      q.shuffle = SB.data.shuffle && q.type !== 'true-false';
      q.rng = SB.rng(q.key);
      if (q.asked) SB.kinds[q.type].arrange(q);
    });
    const asked = SB.asked();
    asked.forEach((q, i) => {
      q.number = i + 1;
      SB.$('legend', q.form).textContent = `Question ${q.number} of ${asked.length}`;
    });
    SB.markSkipped();
  };

  /** Reflects the question's state in its markup. */
  SB.showQuestion = (q) => {
    const kind = SB.kinds[q.type];
    kind.show(q);
    const credit = kind.credit(q);
    const feedback = SB.$('#qf-' + q.id);
    feedback.hidden = !q.done;
    const partly = credit < 1 && kind.partial && kind.partial(q) > 0;
    feedback.className = 'question-feedback '
      + (credit === 1 ? 'is-correct' : partly ? 'is-partly' : 'is-wrong');
    const verdict = credit === 1 ? 'Correct.' : partly ? 'Partly right.' : 'Not quite.';
    SB.$('#qr-' + q.id).textContent = !q.done ? ''
      : `${verdict} ${credit < 1 && kind.message ? kind.message(q) : ''}`.trim();
    SB.$('.actions', q.form).hidden = q.done; // nothing left to check
  };

  SB.submit = (q) => {
    const kind = SB.kinds[q.type];
    if (q.done) return;
    if (kind.step && !kind.step(q)) {
      SB.progress(); // a decision of a case taken: saved, the case goes on
      return;
    }
    if (!kind.complete(q)) {
      SB.announce(kind.incomplete ? kind.incomplete(q)
        : 'Choose an answer, then select “Check answer”.');
      return;
    }
    q.done = true;
    SB.showQuestion(q);
    SB.$('#qf-' + q.id).focus(); // the button just hid: keep focus in the question, not <body>
    SB.announce(SB.$('#qf-' + q.id).textContent.replace(/\s+/g, ' ').trim());
    SB.interact(q);
    SB.progress();
  };

  SB.canRetry = () => {
    const lms = SB.lms;
    return SB.checkDone() && !SB.passed() && (lms.writable || !lms.api) && !lms.ended;
  };

  /** A new attempt: the authored markup back, every answer cleared, a new draw and order;
   * then the first question's page. */
  SB.retry = () => {
    SB.attempt = Math.min(99, SB.attempt + 1);
    SB.$('#results').hidden = true;
    SB.questions.forEach((q) => {
      const fresh = q.pristine.cloneNode(true);
      q.form.replaceWith(fresh);
      q.form = fresh;
      q.sel = [];
      q.done = false;
      q.since = 0;
    });
    SB.startAttempt(null);
    SB.questions.forEach(SB.showQuestion);
    const note = `Attempt ${SB.attempt}: your earlier answer has been cleared`
      + (SB.data.shuffle ? ' and the options are in a new order.' : '.');
    SB.asked().forEach((q) => {
      const line = SB.$('#qn-' + q.id);
      line.textContent = note;
      line.hidden = false;
    });
    SB.go(SB.asked()[0].page, { history: 'pushState' });
    SB.announce(note.replace('answer has', 'answers have'));
  };

  /** Answer changes and Check. */
  SB.bindQuestions = () => {
    document.addEventListener('change', (event) => {
      const q = SB.questions.find((x) => x.form.contains(event.target));
      if (q && !q.done) q.sel = SB.kinds[q.type].read(q);
    });

    document.addEventListener('submit', (event) => {
      event.preventDefault();
      const q = SB.questions.find((x) => x.form === event.target);
      if (q) SB.submit(q);
    });
  };
})();
