/*
 * Matching (SCORM `matching`): each item gets one response from a native <select>.
 * Markup: templates/questions/matching.html. Tokens: one response letter per item in the
 * author's item order, `-` for an item not matched yet ([] when none is). Responses:
 * 1.2 `1.a,2.c`, 2004 `1[.]a[,]2[.]c` (items are digits, responses letters).
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  SB.kinds = SB.kinds || {};

  const menu = (q, item) => SB.$(`#qm-${q.id}-${item.id}`, q.form);
  const rightCount = (q) => q.items.filter((item, i) => q.sel[i] === item.answer).length;
  const label = (q, letter) => q.responses.find((r) => r.id === letter).text;

  /** The chosen response in full below its select (a narrow closed select cuts it short);
   * once checked, the mark says it instead. */
  function echo(q, item, letter) {
    const line = SB.$('.match-chosen', menu(q, item).closest('.match-item'));
    const shown = !!letter && letter !== '-' && !q.done;
    line.hidden = !shown;
    line.textContent = shown ? `Chosen: ${label(q, letter)}` : '';
  }

  SB.kinds.matching = {
    /** Items and the responses of every list in a seeded order (the lists all alike), from
     * the authored order whatever the order shown before. */
    arrange(q) {
      if (!q.shuffle) return;
      const list = SB.$('.match-items', q.form);
      const rows = q.items.map((item) => menu(q, item).closest('.match-item')); // authored order
      list.append(...SB.shuffle(rows, q.rng));
      const order = SB.shuffle(q.responses.map((r) => r.id), q.rng);
      for (const item of q.items) {
        const select = menu(q, item);
        const options = Array.from(select.options).filter((o) => o.value);
        select.append(...order.map((id) => options.find((o) => o.value === id)));
      }
    },

    read(q) {
      const tokens = q.items.map((item) => menu(q, item).value || '-');
      q.items.forEach((item, i) => echo(q, item, tokens[i]));
      return tokens.every((t) => t === '-') ? [] : tokens;
    },

    /** The chosen responses; once checked, each item says in words whether it is right. */
    show(q) {
      q.items.forEach((item, i) => {
        const select = menu(q, item);
        const chosen = q.sel[i] && q.sel[i] !== '-' ? q.sel[i] : '';
        select.value = chosen;
        select.disabled = q.done;
        const row = select.closest('.match-item');
        const ok = chosen === item.answer;
        row.classList.toggle('is-right', q.done && ok);
        row.classList.toggle('is-wrong', q.done && !ok);
        const mark = SB.$('.match-mark', row);
        mark.hidden = !q.done;
        echo(q, item, chosen);
        mark.textContent = !q.done ? '' : ok ? `Right: “${label(q, chosen)}”.`
          : `Your answer: “${label(q, chosen)}” · Right answer: “${label(q, item.answer)}”.`;
        SB.$$('.option-feedback', row).forEach((el) => (el.hidden = !q.done));
      });
    },

    complete(q) {
      return q.sel.length === q.items.length && q.sel.every((t) => t !== '-');
    },

    incomplete() {
      return 'Choose a response for every item, then select “Check answer”.';
    },

    credit(q) {
      return rightCount(q) === q.items.length ? 1 : 0;
    },

    /** Share of items matched right: above 0, the verdict is "Partly right". */
    partial(q) {
      return rightCount(q) / q.items.length;
    },

    message(q) {
      const n = rightCount(q);
      return `${n} of ${q.items.length} matched right; each item shows its right response.`;
    },

    response(q, tokens) {
      const [pair, list] = SB.v12 ? ['.', ','] : ['[.]', '[,]'];
      return q.items.map((item, i) => item.id + pair + tokens[i]).join(list);
    },

    interactions(q) {
      return [{
        id: q.id,
        type: 'matching',
        learner: this.response(q, q.sel),
        pattern: this.response(q, q.items.map((item) => item.answer)),
        result: SB.result(this.credit(q) === 1),
        description: q.text,
      }];
    },

    encode(q) {
      return q.sel.join('');
    },

    decode(q, text) {
      const known = q.responses.map((r) => r.id);
      const tokens = Array.from(text);
      const ok = tokens.length === q.items.length
        && tokens.every((t) => t === '-' || known.includes(t)) && tokens.some((t) => t !== '-');
      return ok ? tokens : null;
    },
  };
})();
