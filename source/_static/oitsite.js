/* oitsite.js: the first script on every page (deferred; no inline code — see the CSP).
 *
 * - The site is always shown in light mode (the theme's dark palette is not shipped), so the
 *   mode the theme script reads is fixed here instead of in the theme's inline <script>.
 * - Tables wider than the screen scroll inside their container (div.oit-scroll); the container
 *   says so to keyboard and screen-reader users only when it actually scrolls.
 * - Element boxes (open in the HTML) fold on phones unless ?assess; they reopen to print.
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
  function setBoxes(open) {
    var b = document.querySelectorAll("details.oit-elements-details");
    for (var i = 0; i < b.length; i++) b[i].open = open || !!(location.hash && b[i].querySelector(location.hash.replace(/[^\w#-]/g, "")));
  }
  function foldElements() {
    if (!/[?&]assess\b/.test(location.search) && window.matchMedia && matchMedia("(max-width: 40em)").matches) setBoxes(false);
  }
  function ready() { markScrollers(); foldElements(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  window.addEventListener("beforeprint", function () { setBoxes(true); });
  var pending = 0;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = 0; markScrollers(); });
  });
})();
