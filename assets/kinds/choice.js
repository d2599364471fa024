/*
 * The choice kinds: single choice (radio buttons, SCORM `choice`), multiple response
 * (checkboxes, `choice`) and true/false (radio buttons, `true-false`, never shuffled).
 * Markup: templates/questions/choice.html. Tokens: the selected option letters, in the
 * author's letter order whatever order the options are shown in.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  SB.kinds = SB.kinds || {};

  const right = (q) => q.options.filter((o) => o.correct).map((o) => o.id);
  const letters = (q) => q.options.map((o) => o.id);

  const choice = {
    /** Shows the options in a seeded order; pinned options keep their authored place. */
    arrange(q) {
      if (!q.shuffle) return;
      const list = SB.$('.options', q.form);
      const items = SB.$$('.option', list);
      list.append(...SB.shuffle(items, q.rng, (li) => 'pinned' in li.dataset));
    },

    read(q) {
      const chosen = SB.$$('input', q.form).filter((i) => i.checked).map((i) => i.value);
      return letters(q).filter((l) => chosen.includes(l));
    },

    show(q) {
      SB.$$('input', q.form).forEach((input) => {
        input.checked = q.sel.includes(input.value);
        input.disabled = q.done;
      });
      SB.$$('.option', q.form).forEach((li) => {
        const chosen = q.done && q.sel.includes(li.dataset.letter);
        li.classList.toggle('is-chosen', chosen);
        li.classList.toggle('is-answer', q.done && 'correct' in li.dataset);
        SB.$$('.tag-correct, .option-feedback', li).forEach((el) => (el.hidden = !q.done));
        SB.$('.tag-chosen', li).hidden = !chosen;
      });
    },

    complete(q) {
      return q.sel.length > 0;
    },

    credit(q) {
      return q.sel.join() === right(q).join() ? 1 : 0;
    },

    /** The sentence after "Not quite." when the answer is wrong. */
    message(q) {
      return `The correct answer${right(q).length > 1 ? 's are' : ' is'} marked “Correct answer”.`;
    },

    response(q, tokens) {
      return tokens.join(SB.v12 ? ',' : '[,]');
    },

    interactions(q) {
      return [{
        id: q.id,
        type: q.type === 'true-false' ? 'true-false' : 'choice',
        learner: this.response(q, q.sel),
        pattern: this.response(q, right(q)),
        result: SB.result(this.credit(q) === 1),
        description: q.text,
      }];
    },

    encode(q) {
      return q.sel.join('');
    },

    decode(q, text) {
      const sel = letters(q).filter((l) => text.includes(l));
      const single = q.type !== 'multiple';
      return sel.length && !(single && sel.length > 1) ? sel : null;
    },
  };

  SB.kinds.choice = choice;
  SB.kinds.multiple = choice;
  SB.kinds['true-false'] = {
    ...choice,
    arrange() {}, // True first, False second, always

    /** 1.2 `t` / `f`, 2004 `true` / `false`. */
    response(q, tokens) {
      const yes = q.options.find((o) => o.id === tokens[0]).text.toLowerCase() === 'true';
      return SB.v12 ? (yes ? 't' : 'f') : String(yes);
    },
  };
})();
