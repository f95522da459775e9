// Embed facades: a plain link to the original until the reader presses it; then the provider's
// player (its privacy-enhanced address, built on the server) replaces the link in a sandboxed frame.
(function () {
  "use strict";

  function play(facade) {
    var src = facade.getAttribute("data-embed-player") || "";
    if (src.indexOf("https://") !== 0) return false;
    var frame = document.createElement("iframe");
    frame.className = "embed__player";
    frame.src = src;
    frame.title = facade.getAttribute("data-embed-label") || "Embedded media";
    frame.setAttribute("allow", facade.getAttribute("data-embed-allow") || "");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("allowfullscreen", "");
    facade.replaceWith(frame);
    frame.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    var facade = event.target.closest && event.target.closest("a.embed__facade[data-embed-player]");
    if (!facade || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    if (play(facade)) event.preventDefault();
  });

  document.querySelectorAll("a.embed__facade[data-embed-player]").forEach(function (facade) {
    facade.setAttribute("role", "button");
    facade.setAttribute("aria-label", facade.querySelector(".embed__provider").textContent + ": " + facade.getAttribute("data-embed-label"));
  });
  document.addEventListener("keydown", function (event) {
    // A link answers Enter; as a button the facade answers Space too.
    if (event.key !== " ") return;
    var facade = event.target.closest && event.target.closest("a.embed__facade[data-embed-player]");
    if (facade && play(facade)) event.preventDefault();
  });
})();
