/*
 * Ordering (SCORM `sequencing`): steps moved with "Move up" / "Move down", each move
 * announced. Markup: templates/questions/ordering.html. The first order shown is always a
 * seeded shuffle that is not the right one. Tokens: the step letters in the learner's order
 * ([] until the first move). Responses: 1.2 `c,a,b`, 2004 `c[,]a[,]b`.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  SB.kinds = SB.kinds || {};

  const list = (form) => SB.$('.order-steps', form);
  const steps = (form) => SB.$$('.order-step', form);
  const right = (q) => q.steps.map((s) => s.id);
  const inPlace = (q) => q.sel.filter((letter, i) => letter === right(q)[i]).length;

  /** The steps of `form` in the order of `letters`; the end steps' outward buttons off. */
  function place(form, letters) {
    const by = Object.fromEntries(steps(form).map((li) => [li.dataset.letter, li]));
    if (letters) list(form).append(...letters.map((letter) => by[letter]));
    const all = steps(form);
    all.forEach((li, i) => {
      SB.$('[data-move="up"]', li).disabled = i === 0;
      SB.$('[data-move="down"]', li).disabled = i === all.length - 1;
    });
  }

  /** A move, by keyboard or pointer: the step moves, focus stays with it, its new place is
   * announced, and a `change` event lets questions.js read the new order. */
  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-move]');
    const form = button && button.closest('form[data-kind="ordering"]');
    if (!form || button.disabled) return;
    const li = button.closest('.order-step');
    const up = button.dataset.move === 'up';
    const before = up ? li.previousElementSibling : li.nextElementSibling.nextElementSibling;
    list(form).insertBefore(li, before);
    place(form);
    (button.disabled ? SB.$(`[data-move="${up ? 'down' : 'up'}"]`, li) : button).focus();
    const all = steps(form);
    const text = SB.$('.order-text', li).textContent.trim();
    SB.announce(`“${text}” moved to position ${all.indexOf(li) + 1} of ${all.length}.`);
    form.dispatchEvent(new Event('change', { bubbles: true }));
  });

  SB.kinds.ordering = {
    /** Always a seeded shuffle (whatever `shuffle` says: the authored order is the answer),
     * and never the right order. */
    arrange(q) {
      const order = SB.shuffle(right(q), q.rng);
      if (order.join() === right(q).join()) order.push(order.shift());
      place(q.form, order);
    },

    read(q) {
      return steps(q.form).map((li) => li.dataset.letter);
    },

    /** The learner's order; once checked, each step says in words whether it is in place. */
    show(q) {
      place(q.form, q.sel.length ? q.sel : null);
      steps(q.form).forEach((li, i) => {
        const at = right(q).indexOf(li.dataset.letter);
        const ok = at === i;
        li.classList.toggle('is-right', q.done && ok);
        li.classList.toggle('is-wrong', q.done && !ok);
        SB.$('.order-moves', li).hidden = q.done;
        const mark = SB.$('.order-mark', li);
        mark.hidden = !q.done;
        mark.textContent = !q.done ? '' : ok ? 'In the right place.' : `This is step ${at + 1}.`;
        SB.$$('.option-feedback', li).forEach((el) => (el.hidden = !q.done));
      });
    },

    complete(q) {
      return q.sel.length === q.steps.length;
    },

    incomplete() {
      return 'Move the steps into order with Move up and Move down, then select “Check answer”.';
    },

    credit(q) {
      return q.sel.join() === right(q).join() ? 1 : 0;
    },

    /** Share of steps in their right place: above 0, the verdict is "Partly right". */
    partial(q) {
      return inPlace(q) / q.steps.length;
    },

    message(q) {
      return `${inPlace(q)} of ${q.steps.length} steps in the right place; each step shows its number.`;
    },

    interactions(q) {
      const join = (letters) => letters.join(SB.v12 ? ',' : '[,]');
      return [{
        id: q.id,
        type: 'sequencing',
        learner: join(q.sel),
        pattern: join(right(q)),
        result: SB.result(this.credit(q) === 1),
        description: q.text,
      }];
    },

    encode(q) {
      return q.sel.join('');
    },

    decode(q, text) {
      const tokens = Array.from(text);
      const same = tokens.slice().sort().join() === right(q).slice().sort().join();
      return same ? tokens : null;
    },
  };
})();
