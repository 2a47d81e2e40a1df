/* oitsite.js: the first script on every page (deferred; no inline code — see the CSP).
 *
 * - The site is always shown in light mode (the theme's dark palette is not shipped), so the
 *   mode the theme script reads is fixed here instead of in the theme's inline <script>.
 * - Tables wider than the screen scroll inside their container (div.oit-scroll); the container
 *   says so to keyboard and screen-reader users only when it actually scrolls.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.dataset.mode = "light";
  root.dataset.theme = "light";
  try { localStorage.setItem("mode", "light"); localStorage.setItem("theme", "light"); } catch (e) { /* private mode */ }

  function markScrollers() {
    var boxes = document.querySelectorAll(".oit-scroll");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      box.classList.toggle("oit-scrolls", box.scrollWidth > box.clientWidth + 1);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markScrollers);
  else markScrollers();
  var pending = 0;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = 0; markScrollers(); });
  });
})();
