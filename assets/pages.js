/*
 * pages.js: Back/Next, the page list, history and hash, focus on the new heading, and the
 * course colour. A page that `SB.skipped(index)` reports (only questions this attempt did not
 * draw) is left out of navigation and counts as seen.
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
    brand(document.documentElement.dataset.colour);
  };

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
    SB.$('#progress-text').textContent =
      `Page ${visible.indexOf(index) + 1} of ${visible.length}`;
    SB.$('[data-action="back"]').hidden = index === visible[0];
    SB.$('[data-action="next"]').hidden = index === visible[visible.length - 1];
    SB.$$('.page-list a').forEach((a, i) => {
      a.closest('li').hidden = SB.skipped(i);
      if (SB.seen[i]) a.href = '#' + SB.data.pages[i].slug;
      else a.removeAttribute('href');
      if (i === index) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
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

  /** Navigation events: the page list, Back/Next, the skip link, history. */
  SB.bindPages = () => {
    document.addEventListener('click', (event) => {
      const target = event.target.closest('[data-goto], [data-action]');
      const action = target && target.dataset.action;
      if (!target) return;
      if (target.matches('a[data-goto]')) {
        event.preventDefault();
        SB.$('.page-list').open = false;
        if (target.hasAttribute('href')) {
          SB.go(Number(target.dataset.goto), { history: 'pushState' });
        }
      } else if (action === 'back' || action === 'next') {
        const index = SB.pageFrom(SB.current, action === 'next' ? 1 : -1);
        if (index >= 0) SB.go(index, { history: 'pushState' });
      } else if (action === 'skip') {
        event.preventDefault();
        SB.heading(SB.current).focus();
      }
    });

    window.addEventListener('popstate', (event) => {
      const state = event.state && event.state.page;
      const index = Number.isInteger(state) ? state : SB.pageOfSlug(window.location.hash.slice(1));
      if (index >= 0 && SB.seen[index] && index !== SB.current) SB.go(index);
    });
  };
})();
