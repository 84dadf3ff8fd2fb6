/* The registration form's companion: companions come on site only, so while "online" is
   chosen the companion's fields are hidden and disabled (a disabled fieldset sends nothing).
   Without this script the fields stay visible, and the server refuses a companion for
   someone taking part online with a message beside the field. */
(function () {
  "use strict";
  var part = document.querySelector("fieldset[data-on-site-only]");
  if (!part) { return; }
  var choices = document.querySelectorAll(
    'input[name="' + part.getAttribute("data-on-site-only") + '"]'
  );
  if (!choices.length) { return; }

  function update() {
    var online = false;
    choices.forEach(function (input) {
      if (input.checked && input.value === "online") { online = true; }
    });
    part.disabled = online;
    (part.closest("details.form-more") || part).hidden = online;  // staff: folded in one
  }

  choices.forEach(function (input) { input.addEventListener("change", update); });
  // A page that came back with an error in the part keeps it in view until the choice changes.
  if (!part.querySelector('[id$="-error"]')) { update(); }
}());
