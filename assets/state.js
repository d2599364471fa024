/*
 * state.js: suspend_data "S1|structure|seen|tries|answers", decoded leniently
 * (builder/suspend.py computes its worst case from the same format), and saving it with the
 * bookmark. Each question kind encodes and decodes its own answer letters.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  SB.attempt = 1;

  SB.encode = () => {
    const seen = SB.seen;
    let hex = '';
    for (let digit = Math.ceil(seen.length / 4) - 1; digit >= 0; digit--) {
      let value = 0;
      for (let bit = 0; bit < 4; bit++) if (seen[digit * 4 + bit]) value |= 1 << bit;
      hex += value.toString(16);
    }
    const answers = SB.questions
      .filter((q) => q.sel.length)
      .map((q) => q.key + (q.done ? 's' : 'd') + SB.kinds[q.type].encode(q));
    return `S1|${SB.data.structure}|${hex}|${SB.attempt}|${answers}`;
  };

  /** Restores what still matches (seen bits of existing pages, answers of existing question
   * keys that their kind can decode); anything corrupt or stale is skipped, never fatal. */
  SB.decode = (text) => {
    const [tag, , hex = '', count = '', answers = ''] = String(text || '').split('|');
    if (tag !== 'S1') return;
    const seen = SB.seen;
    if (/^[0-9a-f]+$/.test(hex)) {
      for (let i = 0; i < seen.length && i < hex.length * 4; i++) {
        if ((parseInt(hex[hex.length - 1 - (i >> 2)], 16) >> (i & 3)) & 1) seen[i] = true;
      }
    }
    if (/^[1-9][0-9]?$/.test(count)) SB.attempt = Number(count);
    for (const entry of answers.split(',')) {
      const match = /^([0-9a-z]{4})([ds])([a-z0-9-]+)$/.exec(entry);
      const q = match && SB.questions.find((x) => x.key === match[1]);
      const sel = q && SB.kinds[q.type].decode(q, match[3]);
      if (!sel || !sel.length) continue;
      q.sel = sel;
      q.done = match[2] === 's';
    }
  };

  /** Writes the bookmark and suspend_data (preview: to localStorage). */
  SB.save = () => {
    const lms = SB.lms;
    if (lms.ended) return;
    const suspend = SB.encode();
    const location = SB.data.pages[SB.current].slug;
    if (lms.live) {
      SB.set(SB.CMI.location, location);
      SB.set('cmi.suspend_data', suspend);
    } else if (!lms.api) {
      SB.store({ location, suspend });
    }
  };
})();
