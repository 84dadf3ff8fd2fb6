// Staff pages: the conference menu folds away on a phone, and wide tables scroll inside
// their own box (reachable by keyboard) instead of pushing the page sideways.
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 56rem)");
  var menus = document.querySelectorAll("details[data-collapse-narrow]");
  function fit() {
    // Open without JavaScript, so every link stays reachable; closed on a phone with it.
    menus.forEach(function (details) { details.open = !narrow.matches; });
  }
  menus.forEach(function (details) {
    details.querySelector("summary").addEventListener("click", function (event) {
      if (!narrow.matches) event.preventDefault();  // beside the page it never folds
    });
  });
  fit();
  narrow.addEventListener("change", fit);

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var heading = !caption && wrap.previousElementSibling;
    var text = caption ? caption.textContent : heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : "";
    return text.trim() || document.title;
  }
  function scrollable() {
    document.querySelectorAll("main table").forEach(function (table) {
      var wrap = table.parentElement;
      if (!wrap.classList.contains("table-wrap")) {
        wrap = document.createElement("div");
        wrap.className = "table-wrap";
        table.parentNode.insertBefore(wrap, table);
        wrap.appendChild(table);
      }
      // A box that scrolls must be reachable by keyboard (WCAG 2.1.1); one that fits need not.
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (wrap.hasAttribute("tabindex")) return;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
        wrap.setAttribute("data-made-scrollable", "");
      } else if (wrap.hasAttribute("data-made-scrollable")) {
        ["tabindex", "role", "aria-label", "data-made-scrollable"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }
  scrollable();
  window.addEventListener("resize", scrollable);
})();
