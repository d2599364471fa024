/*
 * summary.js: the closing page leads with the result (pass or not, the score, what to do next),
 * then links to what to review; the key points follow in the page. Its actions: retry, print,
 * finish and exit, and the preview's "Start again".
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  /** The summary page's result: pass or not with what to do next, the score, and links to
   * what to review. */
  SB.results = () => {
    const asked = SB.asked();
    const pages = SB.data.pages;
    let text = '';
    let verdict = '';
    let intro = '';
    let outcome = '';
    let items = [];
    if (!asked.length) {
      const shown = SB.seen.filter(Boolean).length;
      text = SB.allSeen() ? 'You have seen every page of this module.'
        : `You have seen ${shown} of ${SB.sections.length} pages.`;
    } else if (!SB.checkDone()) {
      items = asked.filter((q) => !q.done);
      text = `You have answered ${asked.length - items.length} of ${asked.length} questions.`;
      verdict = 'Answer every question to get your result.';
      intro = 'Questions still to answer:';
    } else {
      text = `Your score: ${SB.score()}%. The pass mark is ${SB.data.passMark}%.`;
      verdict = SB.passed()
        ? '✓ You have passed this module. Select “Finish and exit” to record it.'
        : `✗ You have not passed yet. Look again at the questions below${
          SB.canRetry() ? ', then select “Try the questions again”' : ''}.`;
      outcome = SB.passed() ? 'is-passed' : 'is-failed';
      items = asked.filter((q) => SB.credit(q) < 1);
      intro = 'To review, go back to:';
    }
    SB.$('#results').hidden = false;
    SB.$('#results').className = 'results ' + outcome;
    SB.$('#results-score').textContent = text;
    SB.$('#results-verdict').textContent = verdict;
    SB.$('#results-review-intro').textContent = intro;
    SB.$('#results-review').hidden = !items.length;
    SB.$('#results-review-list').replaceChildren(...items.map((q) => {
      const a = document.createElement('a');
      a.href = '#' + pages[q.page].slug;
      a.dataset.goto = q.page;
      a.textContent = `Question ${q.number}, on the page “${pages[q.page].title}”`;
      const li = document.createElement('li');
      li.append(a);
      return li;
    }));
    SB.$('#retry').hidden = !SB.canRetry();
  };

  /** The summary's buttons. */
  SB.bindSummary = () => {
    document.addEventListener('click', (event) => {
      const target = event.target.closest('[data-action]');
      const action = target && target.dataset.action;
      if (action === 'retry' && SB.canRetry()) {
        SB.retry();
      } else if (action === 'print') {
        window.print();
      } else if (action === 'finish') {
        SB.finish();
        const done = SB.$('#finished');
        if (!SB.lms.writable || !SB.$('#save-notice').hidden) done.textContent = done.dataset.unsaved;
        SB.$('#finish').hidden = true;
        SB.$('#retry').hidden = true;
        done.hidden = false;
        SB.announce(done.textContent);
      } else if (action === 'reset') {
        SB.lms.ended = true; // nothing more is saved, not even on pagehide
        SB.store(null);
        window.location.reload();
      }
    });
  };
})();
