/*
 * scorm-builder learner runtime: plain JavaScript, no dependencies, loaded with `defer`.
 * Reads #module-data and the markup of templates/module.html (they change together); the
 * contract is docs/architecture.md.
 *  1. Setup     module data, pages, questions, course colour.
 *  2. LMS       ADL API discovery, Initialize once (never retried), Get/Set with every return
 *               checked, Commit with bounded retry, Finish once. No LMS: preview mode in
 *               localStorage. Review, browse or no-credit: nothing is written.
 *  3. State     suspend_data "S1|structure|seen|tries|answers", decoded leniently
 *               (builder/suspend.py computes its worst case from the same format).
 *  4. Tracking  status, score, interactions, progress; never lowers what the LMS holds.
 *  5. Pages     Back/Next, page list, history and hash, focus on the new heading.
 *  6. Questions check, feedback (in text, not colour alone), retry, summary.
 *  7. Start     restore, first commit, events (finish on pagehide, never unload); all of
 *               it runs after the opening page's first paint.
 */
'use strict';

/** Everything, started once the opening page has painted (see the end of this file). */
function runtime() {

  // 1. Setup
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
  const data = JSON.parse($('#module-data').textContent);
  const v12 = data.scorm === '1.2';
  const began = Date.now();
  const title = document.title;
  const sections = $$('section[data-page]');
  const seen = sections.map(() => false);
  const questions = data.questions
    .map((d, i) => ({
      ...d,
      number: i + 1,
      form: document.getElementById('q-' + d.id),
      letters: d.options.map((o) => o.id),
      right: d.options.filter((o) => o.correct).map((o) => o.id),
      sel: [],
      done: false,
      since: 0,
    }))
    .filter((q) => q.form);
  questions.forEach((q) => (q.page = sections.indexOf(q.form.closest('section'))));
  let current = 0;
  let tries = 1;

  brand(document.documentElement.dataset.colour);

  /** A course colour too light for white text is darkened into --brand (5:1, so links on
   * the light grey keep 4.5:1 too). */
  function brand(hex) {
    if (!/^#[0-9a-f]{6}$/i.test(hex || '')) return;
    let rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const linear = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const contrast = ([r, g, b]) =>
      1.05 / (0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b) + 0.05);
    if (contrast(rgb) >= 5) return;
    while (contrast(rgb) < 5) rgb = rgb.map((v) => Math.floor(v * 0.9));
    document.documentElement.style.setProperty('--brand', `rgb(${rgb})`);
  }

  // 2. LMS
  const FN = v12
    ? ['LMSInitialize', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSFinish']
    : ['Initialize', 'GetValue', 'SetValue', 'Commit', 'Terminate'];
  const core = v12 ? 'cmi.core.' : 'cmi.';
  const CMI = {
    status: v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status',
    success: 'cmi.success_status',
    progress: 'cmi.progress_measure',
    location: v12 ? 'cmi.core.lesson_location' : 'cmi.location',
    mode: v12 ? 'cmi.core.lesson_mode' : 'cmi.mode',
    score: core + 'score.',
    exit: core + 'exit',
    time: core + 'session_time',
    credit: core + 'credit',
  };
  const lms = { api: findApi(), live: false, writable: false, ended: false, values: {},
    retries: 0, timer: 0, failed: false, dirty: false, count: 0 };
  const STORE = `scorm-builder:${data.course}:${data.module}:${data.scorm}`;

  /** The ADL search: this window and up to 7 parents, then the opener and its parents. */
  function findApi() {
    const name = v12 ? 'API' : 'API_1484_11';
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

  function call(index, ...args) {
    try {
      return String(lms.api[FN[index]](...args));
    } catch {
      return 'false';
    }
  }

  function get(element) {
    try {
      return String(lms.api[FN[1]](element) ?? '');
    } catch {
      return '';
    }
  }

  /** Sets a value unless read-only or unchanged; true when the LMS took it. */
  function set(element, value) {
    value = String(value);
    if (!lms.writable || lms.ended) return false;
    if (lms.values[element] === value) return true;
    if (call(2, element, value) === 'true') {
      lms.values[element] = value;
      return (lms.dirty = true);
    }
    lms.failed = true;
    trouble();
    return false;
  }

  /** Commits; on failure tells the learner and retries after 1, 2, 4 and 8 s. */
  function commit() {
    clearTimeout(lms.timer);
    if (!lms.writable || lms.ended) return;
    const ok = call(3, '') === 'true';
    if (ok) lms.dirty = false;
    if (ok && !lms.failed) {
      lms.retries = 0;
      $('#save-notice').hidden = true;
    } else if (!ok) {
      trouble();
      if (lms.retries < 4) lms.timer = setTimeout(commit, 1000 * 2 ** lms.retries++);
    }
    lms.failed = false;
  }

  /** Shows the "progress may not be saved" notice; `offline`: nothing can be saved at all. */
  function trouble(offline) {
    const notice = $('#save-notice');
    if (offline) notice.textContent = notice.dataset.offline;
    if (notice.hidden || offline) announce(notice.textContent);
    notice.hidden = false;
  }

  /** Saves, sets session_time and finishes: exactly once (pagehide or "Finish and exit"). */
  function finish() {
    if (lms.ended) return;
    save();
    if (lms.live) {
      set(CMI.time, span(Math.max(1, (Date.now() - began) / 1000)));
      if (call(4, '') !== 'true') trouble();
    }
    clearTimeout(lms.timer);
    lms.ended = true;
  }

  /** Preview progress: read (no argument), write (an object) or forget (null). */
  function store(value) {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(STORE)) || {};
      if (value === null) localStorage.removeItem(STORE);
      else localStorage.setItem(STORE, JSON.stringify(value));
    } catch {
      // storage blocked (private mode, file://): a preview without memory
    }
    return {};
  }

  const pad = (n) => String(n).padStart(2, '0');
  /** A duration: 1.2 `HH:MM:SS`, 2004 `PT#H#M#S`. */
  function span(seconds) {
    const s = Math.round(seconds);
    const h = Math.min(9999, Math.floor(s / 3600));
    const m = Math.floor(s / 60) % 60;
    return v12 ? `${pad(h)}:${pad(m)}:${pad(s % 60)}` : `PT${h}H${m}M${s % 60}S`;
  }

  /** Local time: 1.2 `HH:MM:SS`, 2004 `YYYY-MM-DDThh:mm:ss` (never toISOString). */
  function stamp(d = new Date()) {
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    return v12 ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${time}`;
  }

  // 3. State: suspend_data
  function encode() {
    let hex = '';
    for (let digit = Math.ceil(sections.length / 4) - 1; digit >= 0; digit--) {
      let value = 0;
      for (let bit = 0; bit < 4; bit++) if (seen[digit * 4 + bit]) value |= 1 << bit;
      hex += value.toString(16);
    }
    const answers = questions
      .filter((q) => q.sel.length)
      .map((q) => q.key + (q.done ? 's' : 'd') + q.sel.join(''));
    return `S1|${data.structure}|${hex}|${tries}|${answers}`;
  }

  /** Restores what still matches (seen bits of existing pages, answers of existing question
   * keys); anything corrupt or stale is skipped, never fatal. */
  function decode(text) {
    const [tag, , hex = '', count = '', answers = ''] = String(text || '').split('|');
    if (tag !== 'S1') return;
    if (/^[0-9a-f]+$/.test(hex)) {
      for (let i = 0; i < sections.length && i < hex.length * 4; i++) {
        if ((parseInt(hex[hex.length - 1 - (i >> 2)], 16) >> (i & 3)) & 1) seen[i] = true;
      }
    }
    if (/^[1-9][0-9]?$/.test(count)) tries = Number(count);
    for (const entry of answers.split(',')) {
      const match = /^([0-9a-z]{4})([ds])([a-z]+)$/.exec(entry);
      const q = match && questions.find((x) => x.key === match[1]);
      if (!q) continue;
      const sel = q.letters.filter((l) => match[3].includes(l));
      if (!sel.length || (q.type !== 'multiple' && sel.length > 1)) continue;
      q.sel = sel;
      q.done = match[2] === 's';
    }
  }

  function save() {
    if (lms.ended) return;
    const suspend = encode();
    const location = data.pages[current].slug;
    if (lms.live) {
      set(CMI.location, location);
      set('cmi.suspend_data', suspend);
    } else if (!lms.api) {
      store({ location, suspend });
    }
  }

  // 4. Tracking
  const RANK = { browsed: 1, incomplete: 2, failed: 3, completed: 4, passed: 5 };
  const recorded = {};

  /** Writes a status only when it ranks above the one the LMS holds. */
  function raise(key, value) {
    if ((RANK[value] || 0) > (RANK[recorded[key]] || 0) && set(CMI[key], value)) {
      recorded[key] = value;
    }
  }

  const correct = (q) => q.sel.join() === q.right.join();
  const checkDone = () => questions.length > 0 && questions.every((q) => q.done);
  const allSeen = () => seen.every(Boolean);
  const score = () => Math.round((100 * questions.filter(correct).length) / questions.length);
  const passed = () => score() >= data.passMark;

  /** Status, score (only when final, never lower) and progress from the current state. */
  function track() {
    if (!lms.writable) return;
    const complete = questions.length ? checkDone() : allSeen();
    if (complete && !questions.length) {
      raise('status', 'completed');
      if (!v12) raise('success', 'passed');
    } else if (complete) {
      const raw = score();
      if (raw > recorded.raw) {
        set(CMI.score + 'min', 0);
        set(CMI.score + 'max', 100);
        if (set(CMI.score + 'raw', raw)) recorded.raw = raw;
        if (!v12) set(CMI.score + 'scaled', raw / 100);
      }
      if (!v12) raise('status', 'completed');
      raise(v12 ? 'status' : 'success', passed() ? 'passed' : 'failed');
    }
    if (!v12) {
      const done = seen.filter(Boolean).length + questions.filter((q) => q.done).length;
      const part = Math.floor((100 * done) / (sections.length + questions.length)) / 100;
      const progress = complete ? 1 : Math.min(0.99, part);
      if (progress > recorded.progress && set(CMI.progress, progress)) recorded.progress = progress;
    }
  }

  /** Appends one interaction at _count: id first, then type, then the rest. */
  function interaction(q) {
    if (!lms.writable) return;
    const tf = q.type === 'true-false';
    const response = (letters) => {
      if (!tf) return letters.join(v12 ? ',' : '[,]');
      const yes = q.options.find((o) => o.id === letters[0]).text.toLowerCase() === 'true';
      return v12 ? (yes ? 't' : 'f') : String(yes);
    };
    const p = `cmi.interactions.${lms.count++}.`;
    set(p + 'id', q.id);
    set(p + 'type', tf ? 'true-false' : 'choice');
    if (!v12) set(p + 'description', q.text); // the builder makes it one line, ≤ 250, no leading {
    set(p + 'correct_responses.0.pattern', response(q.right));
    set(p + (v12 ? 'student_response' : 'learner_response'), response(q.sel));
    set(p + 'result', correct(q) ? 'correct' : v12 ? 'wrong' : 'incorrect');
    set(p + (v12 ? 'time' : 'timestamp'), stamp());
    set(p + 'latency', span((Date.now() - (q.since || began)) / 1000));
    set(p + 'weighting', 1);
  }

  /** After every page change or answered question: save, track, commit. */
  function progress() {
    save();
    track();
    commit();
  }

  // 5. Pages
  const heading = (index) => sections[index].querySelector('h2') || $('#module-title');
  const pageOfSlug = (slug) => data.pages.findIndex((p) => p.slug === slug);

  /** Shows page `index`; how.history: 'pushState' | 'replaceState'; how.focus, how.track. */
  function go(index, how = {}) {
    index = Math.max(0, Math.min(sections.length - 1, index));
    sections[current].hidden = true;
    sections[index].hidden = false;
    current = index;
    seen[index] = true;
    questions.forEach((q) => {
      if (q.page === index && !q.since) q.since = Date.now();
    });
    const page = data.pages[index];
    $('#progress-text').textContent = `Page ${index + 1} of ${sections.length}`;
    $('[data-action="back"]').hidden = index === 0;
    $('[data-action="next"]').hidden = index === sections.length - 1;
    $$('.page-list a').forEach((a, i) => {
      if (seen[i]) a.href = '#' + data.pages[i].slug;
      else a.removeAttribute('href');
      if (i === index) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    document.title = index ? `${page.title} – ${title}` : title;
    if ('summary' in sections[index].dataset) results();
    try {
      if (how.history) history[how.history]({ page: index }, '', '#' + page.slug);
    } catch {
      // no history (sandboxed frame): pages still work
    }
    if (how.focus !== false) {
      window.scrollTo(0, 0);
      heading(index).focus();
    }
    if (how.track !== false) progress();
  }

  // 6. Questions
  function show(q) {
    $$('input', q.form).forEach((input) => {
      input.checked = q.sel.includes(input.value);
      input.disabled = q.done;
    });
    $$('.option', q.form).forEach((li) => {
      const chosen = q.done && q.sel.includes(li.dataset.letter);
      li.classList.toggle('is-chosen', chosen);
      li.classList.toggle('is-answer', q.done && 'correct' in li.dataset);
      $$('.tag-correct, .option-feedback', li).forEach((el) => (el.hidden = !q.done));
      $('.tag-chosen', li).hidden = !chosen;
    });
    const ok = correct(q);
    const feedback = $('#qf-' + q.id);
    feedback.hidden = !q.done;
    feedback.className = 'question-feedback ' + (ok ? 'is-correct' : 'is-wrong');
    $('#qr-' + q.id).textContent = !q.done ? '' : ok ? 'Correct.'
      : `Not quite. The correct answer${q.right.length > 1 ? 's are' : ' is'} marked “Correct answer”.`;
    $('.actions', q.form).hidden = q.done; // nothing left to check
  }

  function submit(q) {
    if (q.done) return;
    if (!q.sel.length) return announce('Choose an answer, then select “Check answer”.');
    q.done = true;
    show(q);
    $('#qf-' + q.id).focus(); // the button just hid: keep focus in the question, not <body>
    announce($('#qf-' + q.id).textContent.replace(/\s+/g, ' ').trim());
    interaction(q);
    progress();
  }

  const canRetry = () => checkDone() && !passed() && (lms.writable || !lms.api) && !lms.ended;

  function retry() {
    tries = Math.min(99, tries + 1);
    $('#results').hidden = true;
    questions.forEach((q) => {
      q.sel = [];
      q.done = false;
      q.since = 0;
      show(q);
    });
    go(questions[0].page, { history: 'pushState' });
  }

  /** The summary page's result: score, pass or not, and links to what to review. */
  function results() {
    let text = '';
    let verdict = '';
    let intro = '';
    let outcome = '';
    let items = [];
    if (!questions.length) {
      text = allSeen() ? 'You have seen every page of this module.'
        : `You have seen ${seen.filter(Boolean).length} of ${sections.length} pages.`;
    } else if (!checkDone()) {
      items = questions.filter((q) => !q.done);
      text = `You have answered ${questions.length - items.length} of ${questions.length} questions.`;
      verdict = 'Answer every question to get your result.';
      intro = 'Questions still to answer:';
    } else {
      text = `Your score: ${score()}%. The pass mark is ${data.passMark}%.`;
      verdict = passed() ? '✓ You have passed this module.' : '✗ You have not passed yet.';
      outcome = passed() ? 'is-passed' : 'is-failed';
      items = questions.filter((q) => !correct(q));
      intro = 'To review, go back to:';
    }
    $('#results').hidden = false;
    $('#results').className = 'results ' + outcome;
    $('#results-score').textContent = text;
    $('#results-verdict').textContent = verdict;
    $('#results-review-intro').textContent = intro;
    $('#results-review').hidden = !items.length;
    $('#results-review-list').replaceChildren(...items.map((q) => {
      const a = document.createElement('a');
      a.href = '#' + data.pages[q.page].slug;
      a.dataset.goto = q.page;
      a.textContent = `Question ${q.number}, on the page “${data.pages[q.page].title}”`;
      const li = document.createElement('li');
      li.append(a);
      return li;
    }));
    $('#retry').hidden = !canRetry();
  }

  function announce(text) {
    const live = $('#live');
    live.textContent = '';
    setTimeout(() => (live.textContent = text), 100);
  }

  // 7. Start
  let location = '';
  if (lms.api) {
    lms.live = call(0, '') === 'true'; // once, never retried
    if (!lms.live) trouble(true);
  }
  if (lms.live) {
    const mode = get(CMI.mode);
    lms.writable = (mode === '' || mode === 'normal') && get(CMI.credit) !== 'no-credit';
    recorded.status = get(CMI.status);
    if (!v12) {
      recorded.success = get(CMI.success);
      recorded.progress = parseFloat(get(CMI.progress)) || 0;
    }
    const raw = parseFloat(get(CMI.score + 'raw'));
    recorded.raw = Number.isNaN(raw) ? -1 : raw;
    lms.count = parseInt(get('cmi.interactions._count'), 10) || 0;
    location = get(CMI.location);
    decode(get('cmi.suspend_data'));
    $('#review-banner').hidden = lms.writable;
  } else if (!lms.api) {
    const saved = store();
    location = saved.location;
    decode(saved.suspend);
    $('#preview-banner').hidden = false;
  }
  questions.forEach(show);
  $('#progress').hidden = false;
  $('#pager').hidden = false;
  go(Math.max(0, pageOfSlug(location)), { history: 'replaceState', focus: false, track: false });
  if (lms.writable) {
    raise('status', 'incomplete');
    set(CMI.exit, 'suspend');
  }
  progress();

  document.addEventListener('click', (event) => {
    const target = event.target.closest('[data-goto], [data-action]');
    const action = target && target.dataset.action;
    if (!target) return;
    if (target.matches('a[data-goto]')) {
      event.preventDefault();
      $('.page-list').open = false;
      if (target.hasAttribute('href')) go(Number(target.dataset.goto), { history: 'pushState' });
    } else if (action === 'back' || action === 'next') {
      go(current + (action === 'next' ? 1 : -1), { history: 'pushState' });
    } else if (action === 'skip') {
      event.preventDefault();
      heading(current).focus();
    } else if (action === 'retry' && canRetry()) {
      retry();
    } else if (action === 'print') {
      window.print();
    } else if (action === 'finish') {
      finish();
      const done = $('#finished');
      if (!lms.writable || !$('#save-notice').hidden) done.textContent = done.dataset.unsaved;
      $('#finish').hidden = true;
      $('#retry').hidden = true;
      done.hidden = false;
      announce(done.textContent);
    } else if (action === 'reset') {
      lms.ended = true; // nothing more is saved, not even on pagehide
      store(null);
      window.location.reload();
    }
  });

  document.addEventListener('change', (event) => {
    const q = questions.find((x) => x.form.contains(event.target));
    if (q && !q.done) q.sel = $$('input', q.form).filter((i) => i.checked).map((i) => i.value);
  });

  document.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = questions.find((x) => x.form === event.target);
    if (q) submit(q);
  });

  window.addEventListener('popstate', (event) => {
    const state = event.state && event.state.page;
    const index = Number.isInteger(state) ? state : pageOfSlug(window.location.hash.slice(1));
    if (index >= 0 && seen[index] && index !== current) go(index);
  });

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden' || lms.ended) return;
    save();
    if (lms.dirty) commit();
  });

  window.addEventListener('pagehide', finish);
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && lms.live) trouble(true); // back from the back/forward cache
  });
}

// The opening page is in the HTML: let the browser paint it before any work starts, so
// script never delays the first paint. Hidden documents get no animation frames: hence the timer.
{
  let started = false;
  const start = () => {
    if (!started) {
      started = true;
      runtime();
    }
  };
  requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 200);
}
