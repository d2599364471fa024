/*
 * pages.js: the cover (Start: to the opening page's text, or Resume), Back/Next, the slim bar's progress (pages seen, said
 * politely by its status text), the page list opened from its button (ticks on pages seen),
 * history and hash, focus on the new heading. A page that `SB.skipped(index)` reports (only
 * questions this attempt did not draw) is left out of navigation and counts as seen.
 */
'use strict';

(() => {
  const SB = (window.SB = window.SB || {});

  /** The pages: SB.sections, SB.seen, SB.current. */
  SB.setupPages = () => {
    SB.sections = SB.$$('section[data-page]');
    SB.seen = SB.sections.map(() => false);
    SB.current = 0;
    SB.title = document.title;
    SB.leftAt = 0; // the last page after the cover the learner was on: Resume goes there
  };

  SB.heading = (index) => SB.sections[index].querySelector('h2') || SB.$('#module-title');
  SB.pageOfSlug = (slug) => SB.data.pages.findIndex((p) => p.slug === slug);
  const shown = () => SB.sections.map((_, i) => i).filter((i) => !SB.skipped(i));

  /** The nearest page from `index` in direction `step` (±1) that is not skipped, or `index`
   * itself when it is not skipped (step 0); -1 when there is none. */
  SB.pageFrom = (index, step) => {
    for (let i = index + step; i >= 0 && i < SB.sections.length; i += step || 1) {
      if (!SB.skipped(i)) return i;
    }
    return step ? -1 : SB.pageFrom(index, -1);
  };

  /** Marks the skipped pages seen (they hold nothing to read in this attempt). */
  SB.markSkipped = () => {
    SB.sections.forEach((_, i) => {
      if (SB.skipped(i)) SB.seen[i] = true;
    });
  };

  /** Shows page `index`; how.history: 'pushState' | 'replaceState'; how.focus, how.track. */
  SB.go = (index, how = {}) => {
    const sections = SB.sections;
    index = Math.max(0, Math.min(sections.length - 1, index));
    if (SB.skipped(index)) index = SB.pageFrom(index, 0);
    sections[SB.current].hidden = true;
    sections[index].hidden = false;
    SB.current = index;
    SB.seen[index] = true;
    SB.questions.forEach((q) => {
      if (q.page === index && !q.since) q.since = Date.now();
    });
    const page = SB.data.pages[index];
    const visible = shown();
    if (index !== visible[0]) SB.leftAt = index;
    document.documentElement.dataset.view = index === visible[0] ? 'cover' : 'page';
    bar(index, visible);
    cover(visible);
    SB.$('[data-action="back"]').hidden = index === visible[0];
    SB.$('[data-action="next"]').hidden = index === visible[visible.length - 1];
    document.title = index ? `${page.title} – ${SB.title}` : SB.title;
    if ('summary' in sections[index].dataset) SB.results();
    try {
      if (how.history) history[how.history]({ page: index }, '', '#' + page.slug);
    } catch {
      // no history (sandboxed frame): pages still work
    }
    if (how.focus !== false) {
      window.scrollTo(0, 0);
      SB.heading(index).focus();
    }
    if (how.track !== false) SB.progress();
  };

  /** The slim bar: where the learner is, how many pages are seen, the page list's ticks. */
  function bar(index, visible) {
    const seen = visible.filter((i) => SB.seen[i]).length;
    SB.$('#progress-text').textContent = `Page ${visible.indexOf(index) + 1} of ${visible.length}`;
    const meter = SB.$('#progress-bar');
    meter.max = visible.length;
    meter.value = seen;
    meter.setAttribute('aria-valuetext', `${seen} of ${visible.length} pages seen`);
    SB.$$('#page-list a').forEach((a, i) => {
      const li = a.closest('li');
      li.hidden = SB.skipped(i);
      li.classList.toggle('is-seen', SB.seen[i]);
      SB.$('.seen-text', a).hidden = !SB.seen[i];
      if (SB.seen[i]) a.href = '#' + SB.data.pages[i].slug;
      else a.removeAttribute('href');
      if (i === index) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  /** The cover's button: Start, or Resume with where the learner left off. */
  function cover(visible) {
    const start = SB.$('#start');
    const note = SB.$('#resume-note');
    const at = SB.leftAt;
    const review = !SB.$('#review-banner').hidden; // the banner itself sits below the cover
    start.textContent = at ? 'Resume' : 'Start';
    note.hidden = !at && !review;
    const where = at ? `page ${visible.indexOf(at) + 1} of ${visible.length}` : '';
    note.textContent = [
      review ? 'Review: nothing you do now changes your recorded result.' : '',
      at ? `You left off at “${SB.data.pages[at].title}”, ${where}.` : '',
    ].join(' ').trim();
  }

  /** Opens or closes the page list; closing it puts focus back on its button. */
  function pageList(open, refocus) {
    const button = SB.$('#pages-button');
    button.setAttribute('aria-expanded', String(open));
    SB.$('#page-list').hidden = !open;
    if (!open && refocus) button.focus();
  }

  /** Navigation events: the cover, the page list, Back/Next, the skip link, history. */
  SB.bindPages = () => {
    document.addEventListener('click', (event) => {
      const target = event.target.closest('[data-goto], [data-action]');
      const action = target && target.dataset.action;
      if (!target) return;
      if (target.matches('a[data-goto]')) {
        event.preventDefault();
        pageList(false);
        if (target.hasAttribute('href')) {
          SB.go(Number(target.dataset.goto), { history: 'pushState' });
        }
      } else if (action === 'pages') {
        pageList(SB.$('#page-list').hidden);
      } else if (action === 'start') {
        const opening = SB.sections[SB.current];
        if (!SB.leftAt && opening.children.length) {
          SB.$('#main').focus(); // the opening page's own text comes first
          SB.$('#main').scrollIntoView();
        } else {
          const index = SB.leftAt || SB.pageFrom(SB.current, 1);
          if (index >= 0) SB.go(index, { history: 'pushState' });
        }
      } else if (action === 'back' || action === 'next') {
        const index = SB.pageFrom(SB.current, action === 'next' ? 1 : -1);
        if (index >= 0) SB.go(index, { history: 'pushState' });
      } else if (action === 'skip') {
        event.preventDefault();
        SB.heading(SB.current).focus();
      }
    });

    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !SB.$('#page-list').hidden) pageList(false, true);
    });

    window.addEventListener('popstate', (event) => {
      const state = event.state && event.state.page;
      const index = Number.isInteger(state) ? state : SB.pageOfSlug(window.location.hash.slice(1));
      if (index >= 0 && SB.seen[index] && index !== SB.current) SB.go(index);
    });
  };
})();
