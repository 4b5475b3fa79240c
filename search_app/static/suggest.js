/* Suggest-as-you-type for the search box: an ARIA combobox over /api/suggest.
   The page works without it; this only adds completions.  Each suggestion
   carries the page choosing it opens (an article, a facet, a search). */
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var endpoint = input.getAttribute("data-suggest");
  var timer = null, asked = 0, active = -1, options = [], items = [], composing = false;
  var KINDS = {district: "区域", street: "街道乡镇", union: "工会", reporter: "记者", headline: "文章"};

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(found) {
    list.textContent = "";
    items = found;
    options = found.map(function (item, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var text = document.createElement("span");
      text.className = "suggestion-text";
      text.textContent = item.text;   // text only: suggestions are never HTML
      var kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = KINDS[item.kind] || "";
      li.appendChild(text);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(i);
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

  function choose(index) {
    var item = items[index];
    close();
    if (item.url) {
      window.location.assign(item.url);   // a headline opens its article
    } else {
      input.value = item.text;
      input.form.submit();
    }
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
      choose(active);
    } else if (event.key === "Escape") {
      event.preventDefault();   // a search input would clear the typed text
      close();
    }
  });
  input.addEventListener("blur", close);
})();
