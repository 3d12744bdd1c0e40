// Runs before the first paint: the saved theme and language, so the page never flashes the
// wrong colours. Kept tiny and dependency-free; the app owns these settings afterwards.
(function () {
  var root = document.documentElement;
  // Scripts run: the phone menu starts closed (without them it stays open and usable).
  root.classList.add('js');
  try {
    var theme = localStorage.getItem('wallet.theme');
    if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
    var lang = localStorage.getItem('wallet.lang');
    if (lang === 'zh-CN' || lang === 'en') {
      root.setAttribute('lang', lang);
      // The server pre-renders pages in the language of this cookie: keep it in step.
      if (document.cookie.indexOf('lang=' + lang) === -1) {
        document.cookie = 'lang=' + lang + '; Path=/; Max-Age=31536000; SameSite=Lax; Secure';
      }
    }
  } catch (e) {
    // Storage can be unavailable (privacy modes): defaults apply.
  }
  // A pre-rendered form is only a picture of the app's until the app has taken over: sending
  // it would post a password to a page, so nothing is sent before then. What was typed is
  // carried over into the app's form (takeover.rs).
  document.addEventListener('submit', function (event) {
    if (document.documentElement.getAttribute('data-app') !== 'started') event.preventDefault();
  }, true);
})();
