// What Pave's pages do in the browser besides htmx, loaded once by main.html. The Content-Security-Policy allows no
// inline script or event handler, so pages ask with data-* attributes and these listeners, set on the document,
// answer for everything on the page, including what htmx swaps in later:
//   data-copy="id"                 a button that copies the element's text to the clipboard, then says "Copied"
//   data-remove-closest="selector" a button that removes its closest ancestor matching the selector (a row, a block)
//   data-back                      a link that goes back in the browser's history when there is one (else its href)
//   data-submit-with="id"          a select that, once changed, clicks that submit button
//   data-drop-highlight            a file input marked "dragging" while a file is dragged over it
//   data-toggle="id"               a button that shows and hides that element (class "open", aria-expanded)
// An open <details class="menu"> closes when the user clicks elsewhere or presses Escape; "/" focuses the search box.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  const closeMenus = (except) => document.querySelectorAll('details.menu[open]').forEach((m) => { if (m !== except) m.open = false; });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      closeMenus(null);
      const suggestions = document.getElementById('search-suggestions');
      if (suggestions) suggestions.replaceChildren();
      return;
    }
    // "/" anywhere but in a field jumps to the header's search box, opening the folded menu on a phone
    const search = document.getElementById('site-search');
    if (e.key === '/' && search && !e.target.closest('input, textarea, select, [contenteditable]')) {
      e.preventDefault();
      const nav = search.closest('nav');
      const toggle = document.querySelector('[data-toggle="' + (nav && nav.id) + '"]');
      if (nav && toggle && getComputedStyle(toggle).display !== 'none' && !nav.classList.contains('open')) toggle.click();
      search.focus();
    }
  });

  document.addEventListener('click', (e) => {
    closeMenus(e.target.closest('details.menu'));
    const suggestions = document.getElementById('search-suggestions');
    if (suggestions && !e.target.closest('.nav-search')) suggestions.replaceChildren();
    const toggle = e.target.closest('[data-toggle]');
    if (toggle) {
      const target = document.getElementById(toggle.dataset.toggle);
      if (target) toggle.setAttribute('aria-expanded', String(target.classList.toggle('open')));
      return;
    }
    const copy = e.target.closest('[data-copy]');
    if (copy) {
      const source = document.getElementById(copy.dataset.copy);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent).then(() => { copy.textContent = 'Copied'; }, () => {});
      }
      return;
    }
    const remove = e.target.closest('[data-remove-closest]');
    if (remove) {
      const block = remove.closest(remove.dataset.removeClosest);
      if (block) block.remove();
      return;
    }
    const back = e.target.closest('a[data-back]');
    if (back && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });

  document.addEventListener('change', (e) => {
    const select = e.target.closest('[data-submit-with]');
    if (select) {
      const button = document.getElementById(select.dataset.submitWith);
      if (button) button.click();
    }
  });

  const highlight = (on) => (e) => {
    if (e.target instanceof Element && e.target.matches('[data-drop-highlight]')) e.target.classList.toggle('dragging', on);
  };
  document.addEventListener('dragenter', highlight(true));
  document.addEventListener('dragleave', highlight(false));
  document.addEventListener('drop', highlight(false));
})();
