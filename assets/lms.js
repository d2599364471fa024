/*
 * scorm-builder learner runtime: plain JavaScript, no dependencies, joined in the order of
 * builder/resources.py into the package's assets/runtime.js (loaded with `defer`), every file
 * adding to one namespace, `window.SB`. No file does any work when loaded: main.js starts
 * everything after the opening page's first paint. The contract is docs/architecture.md
 * ("The runtime").
 *
 * lms.js: DOM helpers, and the LMS adapter: ADL API discovery, Initialize once (never
 * retried), Get/Set with every return checked, Commit with bounded retry, Finish once. No LMS:
 * preview mode in localStorage. Review, browse or no-credit: nothing is written.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});
  SB.kinds = SB.kinds || {};

  SB.$ = (selector, root = document) => root.querySelector(selector);
  SB.$$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  /** Says `text` in the polite live region. */
  SB.announce = (text) => {
    const live = SB.$('#live');
    live.textContent = '';
    setTimeout(() => (live.textContent = text), 100);
  };

  /** Reads #module-data and finds the API: SB.data, SB.v12, SB.began, SB.CMI, SB.lms. */
  SB.setupLms = () => {
    const data = (SB.data = JSON.parse(SB.$('#module-data').textContent));
    const v12 = (SB.v12 = data.scorm === '1.2');
    SB.began = Date.now();
    SB.FN = v12
      ? ['LMSInitialize', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSFinish']
      : ['Initialize', 'GetValue', 'SetValue', 'Commit', 'Terminate'];
    const core = v12 ? 'cmi.core.' : 'cmi.';
    SB.CMI = {
      status: v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status',
      success: 'cmi.success_status',
      progress: 'cmi.progress_measure',
      location: v12 ? 'cmi.core.lesson_location' : 'cmi.location',
      mode: v12 ? 'cmi.core.lesson_mode' : 'cmi.mode',
      score: core + 'score.',
      exit: core + 'exit',
      time: core + 'session_time',
      credit: core + 'credit',
      learner: v12 ? 'cmi.core.student_id' : 'cmi.learner_id',
    };
    SB.lms = { api: findApi(), live: false, writable: false, ended: false, values: {},
      retries: 0, timer: 0, failed: false, dirty: false, count: 0 };
    SB.STORE = `scorm-builder:${data.course}:${data.module}:${data.scorm}`;
  };

  /** The ADL search: this window and up to 7 parents, then the opener and its parents. */
  function findApi() {
    const name = SB.v12 ? 'API' : 'API_1484_11';
    const scan = (win) => {
      for (let hops = 0; win && hops <= 7; hops++) {
        try {
          if (win[name]) return win[name];
        } catch {
          // a cross-origin frame: keep walking up
        }
        if (win.parent === win) break;
        win = win.parent;
      }
      return null;
    };
    try {
      return scan(window) || scan(window.opener) || scan(window.top.opener);
    } catch {
      return null;
    }
  }

  /** Calls API function `SB.FN[index]`; its result as a string, 'false' when it throws. */
  SB.call = (index, ...args) => {
    try {
      return String(SB.lms.api[SB.FN[index]](...args));
    } catch {
      return 'false';
    }
  };

  SB.get = (element) => {
    try {
      return String(SB.lms.api[SB.FN[1]](element) ?? '');
    } catch {
      return '';
    }
  };

  /** Sets a value unless read-only or unchanged; true when the LMS took it. */
  SB.set = (element, value) => {
    const lms = SB.lms;
    value = String(value);
    if (!lms.writable || lms.ended) return false;
    if (lms.values[element] === value) return true;
    if (SB.call(2, element, value) === 'true') {
      lms.values[element] = value;
      return (lms.dirty = true);
    }
    lms.failed = true;
    SB.trouble();
    return false;
  };

  /** Commits; on failure tells the learner and retries after 1, 2, 4 and 8 s. */
  SB.commit = () => {
    const lms = SB.lms;
    clearTimeout(lms.timer);
    if (!lms.writable || lms.ended) return;
    const ok = SB.call(3, '') === 'true';
    if (ok) lms.dirty = false;
    if (ok && !lms.failed) {
      lms.retries = 0;
      SB.$('#save-notice').hidden = true;
    } else if (!ok) {
      SB.trouble();
      if (lms.retries < 4) lms.timer = setTimeout(SB.commit, 1000 * 2 ** lms.retries++);
    }
    lms.failed = false;
  };

  /** Shows the "progress may not be saved" notice; `offline`: nothing can be saved at all. */
  SB.trouble = (offline) => {
    const notice = SB.$('#save-notice');
    if (offline) notice.textContent = notice.dataset.offline;
    if (notice.hidden || offline) SB.announce(notice.textContent);
    notice.hidden = false;
  };

  /** Saves, sets session_time and finishes: exactly once (pagehide or "Finish and exit"). */
  SB.finish = () => {
    const lms = SB.lms;
    if (lms.ended) return;
    SB.save();
    if (lms.live) {
      SB.set(SB.CMI.time, SB.span(Math.max(1, (Date.now() - SB.began) / 1000)));
      if (SB.call(4, '') !== 'true') SB.trouble();
    }
    clearTimeout(lms.timer);
    lms.ended = true;
  };

  /** Preview progress: read (no argument), write (an object) or forget (null). */
  SB.store = (value) => {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(SB.STORE)) || {};
      if (value === null) localStorage.removeItem(SB.STORE);
      else localStorage.setItem(SB.STORE, JSON.stringify(value));
    } catch {
      // storage blocked (private mode, file://): a preview without memory
    }
    return {};
  };

  const pad = (n) => String(n).padStart(2, '0');
  /** A duration: 1.2 `HH:MM:SS`, 2004 `PT#H#M#S`. */
  SB.span = (seconds) => {
    const s = Math.round(seconds);
    const h = Math.min(9999, Math.floor(s / 3600));
    const m = Math.floor(s / 60) % 60;
    return SB.v12 ? `${pad(h)}:${pad(m)}:${pad(s % 60)}` : `PT${h}H${m}M${s % 60}S`;
  };

  /** Local time: 1.2 `HH:MM:SS`, 2004 `YYYY-MM-DDThh:mm:ss` (never toISOString). */
  SB.stamp = (d = new Date()) => {
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    return SB.v12 ? time
      : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${time}`;
  };
})();
