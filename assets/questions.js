/*
 * questions.js: the flow every kind shares (assets/kinds/*.js do the kind's own part): read
 * the answer as it changes, Check, the verdict first (in text, not colour alone), feedback,
 * and retry.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  /** SB.questions: module_data's questions with the runtime's fields (docs/architecture.md). */
  SB.setupQuestions = () => {
    SB.questions = SB.data.questions
      .map((d, i) => ({
        ...d,
        number: i + 1,
        form: document.getElementById('q-' + d.id),
        sel: [],
        done: false,
        since: 0,
        shuffle: false,
        rng: null,
      }))
      .filter((q) => q.form);
    SB.questions.forEach((q) => (q.page = SB.sections.indexOf(q.form.closest('section'))));
  };

  /** The questions of this attempt, in page order. */
  SB.asked = () => SB.questions;

  /** Whether page `index` is left out of this attempt (nothing on it was drawn). */
  SB.skipped = () => false;

  /** Reflects the question's state in its markup. */
  SB.showQuestion = (q) => {
    const kind = SB.kinds[q.type];
    kind.show(q);
    const credit = kind.credit(q);
    const feedback = SB.$('#qf-' + q.id);
    feedback.hidden = !q.done;
    feedback.className = 'question-feedback ' + (credit === 1 ? 'is-correct' : 'is-wrong');
    const partly = kind.partial && kind.partial(q) > 0;
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

  /** A new attempt: every answer cleared; back to the first question's page. */
  SB.retry = () => {
    SB.attempt = Math.min(99, SB.attempt + 1);
    SB.$('#results').hidden = true;
    SB.questions.forEach((q) => {
      q.sel = [];
      q.done = false;
      q.since = 0;
      SB.showQuestion(q);
    });
    SB.go(SB.asked()[0].page, { history: 'pushState' });
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
