/*
 * main.js: the start. Restore, first commit, events (finish on pagehide, never unload); all of
 * it runs after the opening page's first paint.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  function start() {
    SB.learner = ''; // until the LMS (or the preview) says who it is
    SB.setupLms();
    SB.setupPages();
    SB.setupQuestions();
    const lms = SB.lms;
    let location = '';
    if (lms.api) {
      lms.live = SB.call(0, '') === 'true'; // once, never retried
      if (!lms.live) SB.trouble(true);
    }
    if (lms.live) {
      const mode = SB.get(SB.CMI.mode);
      lms.writable = (mode === '' || mode === 'normal') && SB.get(SB.CMI.credit) !== 'no-credit';
      SB.readRecorded();
      SB.learner = SB.get(SB.CMI.learner);
      location = SB.get(SB.CMI.location);
      SB.decode(SB.get('cmi.suspend_data'));
      SB.$('#review-banner').hidden = lms.writable;
    } else if (!lms.api) {
      const saved = SB.store();
      SB.learner = previewLearner();
      location = saved.location;
      SB.decode(saved.suspend);
      SB.$('#preview-banner').hidden = false;
    }
    SB.startAttempt(SB.restoredDraw);
    SB.questions.forEach(SB.showQuestion);
    SB.$('#progress').hidden = false;
    SB.$('#pager').hidden = false;
    const page = Math.max(0, SB.pageOfSlug(location));
    SB.go(page, { history: 'replaceState', focus: false, track: false });
    if (lms.writable) {
      SB.raise('status', 'incomplete');
      SB.set(SB.CMI.exit, 'suspend');
    }
    SB.progress();
    SB.bindPages();
    SB.bindQuestions();
    SB.bindSummary();

    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'hidden' || lms.ended) return;
      SB.save();
      if (lms.dirty) SB.commit();
    });
    window.addEventListener('pagehide', SB.finish);
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && lms.live) SB.trouble(true); // back from the back/forward cache
    });
  }

  /** The preview's learner: a random id kept in this browser, so a reload keeps the order. */
  function previewLearner() {
    const key = 'scorm-builder:learner';
    try {
      let id = localStorage.getItem(key);
      if (!id) localStorage.setItem(key, (id = Math.random().toString(36).slice(2, 10)));
      return id;
    } catch {
      return 'preview'; // storage blocked: nothing is kept between loads anyway
    }
  }

  // The opening page is in the HTML: let the browser paint it before any work starts, so
  // script never delays the first paint. The runtime starts when the paint is reported, that
  // is once it is on the screen (an animation frame comes before the frame is drawn: started
  // from one, the work began up to 7 ms before the paint was shown). A document that paints
  // nothing (a background tab, a frame not drawn) starts after a second.
  let started = false;
  const once = () => {
    if (!started) {
      started = true;
      start();
    }
  };
  if (window.PerformanceObserver?.supportedEntryTypes?.includes('paint')) {
    new PerformanceObserver((list, observer) => {
      observer.disconnect();
      once();
    }).observe({ type: 'paint', buffered: true });
  } else {
    requestAnimationFrame(() => setTimeout(once, 0));
  }
  setTimeout(once, 1000);
})();
