/* The registration form's own questions: a question with a condition is shown only while
   the earlier answer has the value. Without this script every question is shown, and the
   server ignores the answer to a question whose condition is not met. */
(function () {
  "use strict";
  var questions = document.querySelectorAll("[data-condition-field]");
  if (!questions.length) { return; }

  function chosen(name) {
    var values = [];
    document.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update() {
    questions.forEach(function (question) {
      var met = chosen(question.getAttribute("data-condition-field"))
        .indexOf(question.getAttribute("data-condition-value")) !== -1;
      question.hidden = !met;
    });
  }

  questions.forEach(function (question) {
    document.querySelectorAll('[name="' + question.getAttribute("data-condition-field") + '"]')
      .forEach(function (input) { input.addEventListener("change", update); });
  });
  update();
}());
