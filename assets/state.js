/*
 * state.js: suspend_data "S2|structure|seen|attempt|draw|answers" (S1, without the draw, is
 * still read), decoded leniently (builder/suspend.py computes its worst case from the same
 * format), and saving it with the bookmark. Each question kind encodes and decodes its own
 * answer letters; `draw` is the drawn questions' keys, empty when every question is asked.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  SB.attempt = 1;
  SB.restoredDraw = null; // the keys of the draw read from suspend_data, if any

  SB.encode = () => {
    const seen = SB.seen;
    let hex = '';
    for (let digit = Math.ceil(seen.length / 4) - 1; digit >= 0; digit--) {
      let value = 0;
      for (let bit = 0; bit < 4; bit++) if (seen[digit * 4 + bit]) value |= 1 << bit;
      hex += value.toString(16);
    }
    const asked = SB.asked();
    const draw = asked.length < SB.questions.length ? asked.map((q) => q.key).join('') : '';
    const answers = asked
      .filter((q) => q.sel.length)
      .map((q) => q.key + (q.done ? 's' : 'd') + SB.kinds[q.type].encode(q));
    return `S2|${SB.data.structure}|${hex}|${SB.attempt}|${draw}|${answers}`;
  };

  /** Restores what still matches (seen bits of existing pages, answers of existing question
   * keys that their kind can decode); anything corrupt or stale is skipped, never fatal. */
  SB.decode = (text) => {
    const parts = String(text || '').split('|');
    const tag = parts[0];
    if (tag !== 'S1' && tag !== 'S2') return;
    if (tag === 'S2') {
      const draw = parts.splice(4, 1)[0] || '';
      if (/^([0-9a-z]{4})+$/.test(draw)) SB.restoredDraw = draw.match(/.{4}/g);
    }
    const [, , hex = '', count = '', answers = ''] = parts;
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
