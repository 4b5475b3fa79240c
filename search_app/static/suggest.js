/* Suggest-as-you-type for the search box: an ARIA combobox over /api/suggest.
   The page works without it; this only adds completions. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var endpoint = input.getAttribute("data-suggest");
  var timer = null, asked = 0, active = -1, options = [], composing = false;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(words) {
    list.textContent = "";
    options = words.map(function (word, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = word;   // text only: suggestions are never HTML
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(word);
      });
      list.appendChild(li);
      return li;
    });
    if (!options.length) { close(); return; }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    if (active >= 0) { options[active].setAttribute("aria-selected", "false"); }
    active = index;
    if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
    options[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function choose(word) {
    input.value = word;
    close();
    input.form.submit();
  }

  function ask() {
    var prefix = input.value.trim();
    var ticket = ++asked;
    if (!prefix) { close(); return; }
    fetch(endpoint + "?q=" + encodeURIComponent(prefix), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
      .then(function (data) {
        if (ticket === asked && document.activeElement === input) { show(data.suggestions || []); }
      })
      .catch(close);
  }

  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; ask(); });
  input.addEventListener("input", function () {
    if (composing) { return; }   // wait for the IME to commit the characters
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden || composing) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      // Cycle through the options and back to the typed text (-1).
      var next = active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= options.length) { next = -1; } else if (next < -1) { next = options.length - 1; }
      highlight(next);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(options[active].textContent);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
})();
