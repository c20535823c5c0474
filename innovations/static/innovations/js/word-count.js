/* Live word counters for proposal sections (progressive enhancement).
   Counts words the way the server does (runs of non-space characters) and never
   blocks typing: the server enforces the limits, this only tells the writer early. */
(function () {
  "use strict";
  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  document.querySelectorAll("textarea[data-max-words]").forEach(function (area) {
    var form = area.form;
    var max = parseInt(area.getAttribute("data-max-words"), 10);
    var okText = (form && form.getAttribute("data-words-text")) || "{count} / {max}";
    var overText = (form && form.getAttribute("data-words-over")) || "{count} / {max}";
    var counter = document.createElement("p");
    counter.className = "word-count";
    counter.id = area.id + "-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var last = null;
    function update() {
      var count = countWords(area.value);
      if (count === last) { return; }
      last = count;
      var over = count > max;
      counter.textContent = format(over ? overText : okText,
        { count: count, max: max, extra: count - max });
      counter.classList.toggle("word-count--over", over);
      area.classList.toggle("is-over-limit", over);
    }
    area.addEventListener("input", update);
    update();
  });
})();
