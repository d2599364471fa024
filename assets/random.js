/*
 * random.js: deterministic randomness from what the LMS gives back, so that a resume shows the
 * same draw and order and a retry (attempt + 1) draws again. Seed = FNV-1a of
 * `learner + "|" + module + "|" + attempt`; every shuffle and draw uses a mulberry32 generator
 * seeded from that seed and a label (a question key, or "draw").
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  /** 32-bit FNV-1a of a string (UTF-16 code units). */
  SB.fnv1a = (text) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  };

  /** mulberry32: a generator of numbers in [0, 1) from a 32-bit seed. */
  SB.mulberry32 = (seed) => {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };

  /** This learner's seed for the current attempt. */
  SB.seed = () => SB.fnv1a(`${SB.learner}|${SB.data.module}|${SB.attempt}`);

  /** The generator for `label` (a question key, or "draw") in the current attempt. */
  SB.rng = (label) => SB.mulberry32(SB.fnv1a(`${SB.seed()}|${label}`));

  /** A shuffled copy (Fisher–Yates); items for which `pinned(item)` is true keep their index. */
  SB.shuffle = (list, rng, pinned = () => false) => {
    const free = list.filter((item) => !pinned(item));
    for (let i = free.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [free[i], free[j]] = [free[j], free[i]];
    }
    return list.map((item) => (pinned(item) ? item : free.shift()));
  };

  /** The questions of this attempt, in module order: `drawPerObjective` per objective first,
   * then at random from the rest up to `draw` (module_data; both unset: every question). */
  SB.drawQuestions = (questions) => {
    const { draw, drawPerObjective: k, objectives } = SB.data;
    if (draw == null && !k) return questions.slice();
    const rng = SB.rng('draw');
    const chosen = new Set();
    for (const objective of objectives) {
      const own = questions.filter((q) => q.objective === objective.id);
      SB.shuffle(own, rng).slice(0, k).forEach((q) => chosen.add(q));
    }
    const total = draw == null ? k * objectives.length : draw;
    const rest = SB.shuffle(questions.filter((q) => !chosen.has(q)), rng);
    while (chosen.size < total && rest.length) chosen.add(rest.shift());
    return questions.filter((q) => chosen.has(q));
  };
})();
