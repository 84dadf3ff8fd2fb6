/* The question editor: the options are asked only for the choice kinds. Without this script
   the options part is always shown, and ignored for the other kinds. */
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var options = document.getElementById("options");
  if (!kind || !options) { return; }
  function update() {
    options.hidden = ["one_choice", "several_choices"].indexOf(kind.value) === -1;
  }
  kind.addEventListener("change", update);
  update();
}());
