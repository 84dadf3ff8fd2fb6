/* Forms: make multiple selects marked data-searchable searchable with tom-select (vendored
   from npm). Progressive enhancement: without this script the native select still works. */
(function () {
  "use strict";
  if (!window.TomSelect) { return; }
  var script = document.currentScript || document.querySelector("script[data-no-results]");
  var noResults = script ? script.getAttribute("data-no-results") : "";
  var removeLabel = script ? script.getAttribute("data-remove") : "";

  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    select.removeAttribute("size");
    new window.TomSelect(select, {
      plugins: { remove_button: { title: removeLabel || "×" } },
      maxOptions: null,
      hidePlaceholder: true,
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(noResults) + "</div>";
        }
      }
    });
    // tom-select ties the label to its search box; the hidden native select keeps a name.
    if (label) { select.setAttribute("aria-label", label.textContent.trim()); }
    // The hint told how to pick several with Ctrl; the search box needs its own words.
    var hintText = select.getAttribute("data-searchable");
    var hint = document.getElementById(select.id + "-hint");
    if (hint && hintText) { hint.textContent = hintText; }
  });
}());
