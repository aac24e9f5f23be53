// Follow-up fields ("say which", "which medication?") appear only while their answer is chosen.
// Without this script they are always shown, with a hint saying when to fill them in.
(function () {
  "use strict";

  var form = document.getElementById("questionnaire-form");
  if (!form) {
    return;
  }
  document.body.classList.add("js-questionnaire");

  function chosen(name, values) {
    var inputs = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].checked && values.indexOf(inputs[i].value) !== -1) {
        return true;
      }
    }
    return false;
  }

  function update(details) {
    var values = details.getAttribute("data-details-values").split(" ");
    // A follow-up with an error message stays visible so the message is never hidden.
    var invalid = details.classList.contains("field-invalid");
    details.hidden = !invalid && !chosen(details.getAttribute("data-details-for"), values);
  }

  var all = form.querySelectorAll("[data-details-for]");
  function updateAll() {
    for (var i = 0; i < all.length; i += 1) {
      update(all[i]);
    }
  }
  form.addEventListener("change", updateAll);
  updateAll();
})();
