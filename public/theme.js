// Applies the reader's remembered theme before the first paint. Loaded as a blocking classic
// script from <head> (an external file: the Content-Security-Policy allows no inline script).
// The header's toggle (src/components/theme_toggle.rs) writes the same key; with nothing
// stored, no data-theme is set and the stylesheet follows the system's preference.
(function () {
  var theme = null;
  try {
    theme = localStorage.getItem('quire-theme');
  } catch (e) {
    // Storage can be disabled; the system's preference applies then.
  }
  if (theme !== 'light' && theme !== 'dark') return;
  document.documentElement.setAttribute('data-theme', theme);
  var meta = document.querySelector('meta[name="color-scheme"]');
  if (meta) meta.setAttribute('content', theme);
})();
