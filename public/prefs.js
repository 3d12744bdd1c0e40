// Runs before the first paint: the saved theme and language, so the page never flashes the
// wrong colours. Kept tiny and dependency-free; the app owns these settings afterwards.
(function () {
  try {
    var root = document.documentElement;
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
})();
