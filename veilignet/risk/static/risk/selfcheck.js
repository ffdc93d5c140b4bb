/* Quick exit for the public self-check: the button and the Escape key replace this page (location.replace,
   so the back button does not return here) with a neutral site. No other script on the page. */
(function () {
  "use strict";
  function leave(url) {
    try { document.body.style.display = "none"; document.title = "Weer"; } catch (e) { /* ignore */ }
    window.location.replace(url);
  }
  function exitUrl() {
    var link = document.querySelector("[data-exit]");
    return link ? link.href : "https://www.weeronline.nl";
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc" || e.keyCode === 27) { e.preventDefault(); leave(exitUrl()); }
  });
  document.addEventListener("click", function (e) {
    var target = e.target && e.target.closest ? e.target.closest("[data-exit]") : null;
    if (target) { e.preventDefault(); leave(target.href); }
  });
})();
