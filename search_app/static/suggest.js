/* Suggest-as-you-type for the search box: an ARIA combobox over /api/suggest.
   The page works without it; this only adds completions.  The last word typed is
   completed; the whole typed text comes first ("搜索 …").  Choosing a name keeps
   the rest of the query and the page's filters (a facet is added, a street is
   searched with the rest); a headline opens its article.  Escape closes the list
   and never wipes what was typed. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var endpoint = input.getAttribute("data-suggest");
  var timer = null, asked = 0, active = -1, options = [], items = [], composing = false;
  var KINDS = {district: "区域", street: "街道乡镇", union: "工会", reporter: "记者", headline: "文章"};
  var form = input.form;

  function lastWord() {   // [the text before the last word, the last word]
    var m = /^(.*?)(\S+)\s*$/.exec(input.value);
    return m ? [m[1].trim(), m[2]] : [input.value.trim(), ""];
  }

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
      // text only: suggestions are never HTML
      text.textContent = item.kind === "query" ? "搜索 " + input.value.trim() : item.text;
      var kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = (KINDS[item.kind] || "") +
        (item.count ? " · " + item.count.toLocaleString("zh-CN") + " 篇" : "");
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
    var item = items[index], parts = lastWord();
    close();
    if (item.kind === "headline") {
      window.location.assign(item.url);   // a headline opens its article
    } else if (item.facet) {              // the facet added; the query and filters kept
      var params = new URLSearchParams(new FormData(form));
      params.set("q", parts[0] || input.defaultValue.trim());
      if (params.getAll(item.facet).indexOf(item.text) < 0) { params.append(item.facet, item.text); }
      window.location.assign(form.action + "?" + params.toString());
    } else {                              // the typed text, or a street with the rest
      input.value = item.kind === "query" ? input.value.trim()
        : (parts[0] ? parts[0] + " " : "") + item.text;
      form.submit();
    }
  }

  function ask() {
    var prefix = lastWord()[1];
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
    if (event.key === "Escape" && !composing) {
      event.preventDefault();   // a search input would clear the typed text
      close();
      return;
    }
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
    }
  });
  input.addEventListener("blur", close);
})();
