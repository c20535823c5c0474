// Live estimate of the weighted total while a judge types; the server computes the
// real total on submit (judging.scoring.rubric_total, same formula).
(function () {
  "use strict";
  var form = document.querySelector("[data-score-sheet]");
  if (!form) return;
  var output = form.querySelector("[data-total]");
  var sheets = form.querySelectorAll("fieldset[data-weight]");

  function number(text) {
    var value = parseFloat(String(text).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function update() {
    var weights = 0, sum = 0, complete = true;
    sheets.forEach(function (sheet) {
      var weight = number(sheet.dataset.weight), min = number(sheet.dataset.min);
      var max = number(sheet.dataset.max);
      var value = number(sheet.querySelector("input").value);
      weights += weight;
      if (value === null || value < min || value > max) {
        if (weight > 0) complete = false;
        return;
      }
      sum += weight * (value - min) / (max - min);
    });
    var total = 100 * sum / weights;
    output.textContent = complete && weights > 0
      ? total.toLocaleString(document.documentElement.lang || undefined,
                             { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : "—";
  }

  form.addEventListener("input", update);
  update();
})();
