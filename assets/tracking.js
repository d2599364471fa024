/*
 * tracking.js: status, score, progress and interactions; never lowers what the LMS holds.
 * The score is over the questions of the attempt (`SB.asked()`), each worth its kind's credit.
 * Each objective (key message) gets its own score and status once every question of the
 * attempt that assesses it is answered.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  const RANK = { browsed: 1, incomplete: 2, failed: 3, completed: 4, passed: 5 };
  const recorded = (SB.recorded = { objectives: {}, objectiveCount: 0 });

  /** Writes a status only when it ranks above the one the LMS holds. */
  SB.raise = (key, value) => {
    if ((RANK[value] || 0) > (RANK[recorded[key]] || 0) && SB.set(SB.CMI[key], value)) {
      recorded[key] = value;
    }
  };

  /** Reads what the LMS holds already (so nothing is written lower). */
  SB.readRecorded = () => {
    recorded.status = SB.get(SB.CMI.status);
    if (!SB.v12) {
      recorded.success = SB.get(SB.CMI.success);
      recorded.progress = parseFloat(SB.get(SB.CMI.progress)) || 0;
    }
    const raw = parseFloat(SB.get(SB.CMI.score + 'raw'));
    recorded.raw = Number.isNaN(raw) ? -1 : raw;
    SB.lms.count = parseInt(SB.get('cmi.interactions._count'), 10) || 0;
    const objectives = parseInt(SB.get('cmi.objectives._count'), 10) || 0;
    recorded.objectives = {};
    for (let n = 0; n < objectives; n++) {
      const raw = parseFloat(SB.get(`cmi.objectives.${n}.score.raw`));
      recorded.objectives[SB.get(`cmi.objectives.${n}.id`)] = { n, raw: Number.isNaN(raw) ? -1 : raw };
    }
    recorded.objectiveCount = objectives;
  };

  /** Writes each objective whose questions in this attempt are all answered: looked up by
   * id, else appended at _count; never a lower score than the LMS holds. */
  function objectives() {
    const v12 = SB.v12;
    for (const objective of SB.data.objectives) {
      const own = SB.asked().filter((q) => q.objective === objective.id);
      if (!own.length || !own.every((q) => q.done)) continue;
      const raw = Math.round((100 * own.reduce((sum, q) => sum + SB.credit(q), 0)) / own.length);
      const known = recorded.objectives[objective.id];
      if (known && raw <= known.raw) continue;
      const n = known ? known.n : recorded.objectiveCount;
      const p = `cmi.objectives.${n}.`;
      if (!known && !SB.set(p + 'id', objective.id)) continue;
      if (!known) recorded.objectiveCount++;
      recorded.objectives[objective.id] = { n, raw };
      const status = raw >= SB.data.passMark ? 'passed' : 'failed';
      SB.set(p + 'score.min', 0);
      SB.set(p + 'score.max', 100);
      SB.set(p + 'score.raw', raw);
      if (v12) {
        SB.set(p + 'status', status);
      } else {
        SB.set(p + 'score.scaled', raw / 100);
        SB.set(p + 'success_status', status);
        SB.set(p + 'completion_status', 'completed');
        SB.set(p + 'description', objective.text);
      }
    }
  }

  SB.credit = (q) => SB.kinds[q.type].credit(q);
  SB.checkDone = () => SB.asked().length > 0 && SB.asked().every((q) => q.done);
  SB.allSeen = () => SB.seen.every(Boolean);
  SB.score = () => {
    const asked = SB.asked();
    return Math.round((100 * asked.reduce((sum, q) => sum + SB.credit(q), 0)) / asked.length);
  };
  SB.passed = () => SB.score() >= SB.data.passMark;

  /** Status, score (only when final, never lower) and progress from the current state. */
  SB.track = () => {
    if (!SB.lms.writable) return;
    const v12 = SB.v12;
    const asked = SB.asked();
    const complete = asked.length ? SB.checkDone() : SB.allSeen();
    if (complete && !asked.length) {
      SB.raise('status', 'completed');
      if (!v12) SB.raise('success', 'passed');
    } else if (complete) {
      const raw = SB.score();
      if (raw > recorded.raw) {
        SB.set(SB.CMI.score + 'min', 0);
        SB.set(SB.CMI.score + 'max', 100);
        if (SB.set(SB.CMI.score + 'raw', raw)) recorded.raw = raw;
        if (!v12) SB.set(SB.CMI.score + 'scaled', raw / 100);
      }
      if (!v12) SB.raise('status', 'completed');
      SB.raise(v12 ? 'status' : 'success', SB.passed() ? 'passed' : 'failed');
    }
    objectives();
    if (!v12) {
      const done = SB.seen.filter(Boolean).length + asked.filter((q) => q.done).length;
      const part = Math.floor((100 * done) / (SB.seen.length + asked.length)) / 100;
      const progress = complete ? 1 : Math.min(0.99, part);
      if (progress > recorded.progress && SB.set(SB.CMI.progress, progress)) {
        recorded.progress = progress;
      }
    }
  };

  /** `correct` / `wrong` (1.2) or `incorrect` (2004). */
  SB.result = (ok) => (ok ? 'correct' : SB.v12 ? 'wrong' : 'incorrect');

  /** Appends the question's interactions (its kind says which) at _count: id first, then
   * type, then the rest. */
  SB.interact = (q) => {
    if (!SB.lms.writable) return;
    const v12 = SB.v12;
    for (const entry of SB.kinds[q.type].interactions(q)) {
      const p = `cmi.interactions.${SB.lms.count++}.`;
      SB.set(p + 'id', entry.id);
      SB.set(p + 'type', entry.type);
      if (q.objective) SB.set(p + 'objectives.0.id', q.objective);
      if (!v12) SB.set(p + 'description', entry.description); // one line, ≤ 250, no leading {
      SB.set(p + 'correct_responses.0.pattern', entry.pattern);
      SB.set(p + (v12 ? 'student_response' : 'learner_response'), entry.learner);
      SB.set(p + 'result', entry.result);
      SB.set(p + (v12 ? 'time' : 'timestamp'), SB.stamp());
      SB.set(p + 'latency', SB.span((Date.now() - (q.since || SB.began)) / 1000));
      SB.set(p + 'weighting', 1);
    }
  };

  /** After every page change or answered question: save, track, commit. */
  SB.progress = () => {
    SB.save();
    SB.track();
    SB.commit();
  };
})();
