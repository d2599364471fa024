/*
 * Branching scenarios: 2-5 decisions. The learner picks an option (radio buttons) and
 * presses "Choose": its consequence shows, then the decision it leads to; earlier decisions
 * stay on screen, locked. Markup: templates/questions/scenario.html. Tokens: the letters
 * chosen at each decision taken, in order. Each decision taken is one `choice` interaction
 * `<scenario-id>-<N>` with the best letter as its correct pattern.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  SB.kinds = SB.kinds || {};

  const box = (q, n) => SB.$(`[data-decision="${n}"]`, q.form);
  const decision = (q, n) => q.decisions.find((d) => d.number === n);

  /** The decisions `letters` take and the one waiting for a choice (null: the case has
   * ended); null when the letters do not make a path. */
  function path(q, letters) {
    const taken = [];
    let n = 1;
    for (const letter of letters) {
      const option = n && decision(q, n).options.find((o) => o.id === letter);
      if (!option) return null;
      taken.push(n);
      n = option.next;
    }
    return { taken, current: n };
  }

  const best = (q) => path(q, q.sel).taken.filter((n, i) => decision(q, n).best === q.sel[i]);

  SB.kinds.scenario = {
    /** Each decision's options in a seeded order from the authored one; pinned options keep
     * their place. */
    arrange(q) {
      if (!q.shuffle) return;
      for (const d of q.decisions) {
        const list = SB.$('.options', box(q, d.number));
        const items = d.options.map((o) => SB.$(`[data-letter="${o.id}"]`, list)); // authored
        list.append(...SB.shuffle(items, q.rng, (li) => 'pinned' in li.dataset));
      }
    },

    /** The choices made so far (a radio button only counts once "Choose" is pressed). */
    read(q) {
      return q.sel;
    },

    /** Decisions taken (locked, consequence shown), then the one waiting; once the case has
     * ended, the best choice of each decision taken is marked. */
    show(q) {
      const { taken, current } = path(q, q.sel);
      for (const d of q.decisions) {
        const element = box(q, d.number);
        const at = taken.indexOf(d.number);
        element.hidden = at < 0 && d.number !== current;
        for (const li of SB.$$('.option', element)) {
          const input = SB.$('input', li);
          const chosen = at >= 0 && q.sel[at] === input.value;
          input.checked = chosen; // a choice not yet made with "Choose" is not kept
          input.disabled = at >= 0 || q.done;
          li.classList.toggle('is-chosen', chosen);
          li.classList.toggle('is-answer', q.done && at >= 0 && d.best === input.value);
          SB.$('.tag-chosen', li).hidden = !chosen;
          SB.$$('.tag-correct', li).forEach((el) => (el.hidden = !(q.done && at >= 0)));
          SB.$$('.consequence', li).forEach((el) => (el.hidden = !chosen));
        }
      }
    },

    /** "Choose" pressed: the choice is locked and the next decision shown; true when the case
     * has ended (questions.js then checks it like any question). */
    step(q) {
      const { current } = path(q, q.sel);
      if (current === null) return true; // restored at the end of a case: nothing to choose
      const picked = SB.$('input:checked', box(q, current));
      if (!picked) {
        SB.announce('Choose one of the options, then select “Choose”.');
        return false;
      }
      q.sel = [...q.sel, picked.value];
      this.show(q);
      const next = path(q, q.sel).current;
      if (next === null) return true;
      const consequence = SB.$('.consequence', picked.closest('.option'));
      (consequence || SB.$('.decision-text', box(q, next))).focus();
      return false;
    },

    complete(q) {
      return q.sel.length > 0 && path(q, q.sel).current === null;
    },

    credit(q) {
      return q.sel.length ? best(q).length / q.sel.length : 0;
    },

    partial(q) {
      return this.credit(q);
    },

    message(q) {
      return `Best choices: ${best(q).length} of ${q.sel.length}; each decision shows its best choice.`;
    },

    interactions(q) {
      return path(q, q.sel).taken.map((n, i) => {
        const d = decision(q, n);
        return {
          id: `${q.id}-${n}`,
          type: 'choice',
          learner: q.sel[i],
          pattern: d.best,
          result: SB.result(q.sel[i] === d.best),
          description: d.text,
        };
      });
    },

    encode(q) {
      return q.sel.join('');
    },

    decode(q, text) {
      const tokens = Array.from(text);
      return path(q, tokens) ? tokens : null;
    },
  };
})();
