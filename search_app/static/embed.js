/* Baoku (报库) embeddable search box.
 *
 *   <div id="baoku"></div>
 *   <script src="https://baoku.example.org/embed.js" data-target="#baoku" async></script>
 *
 * or, once the script is on the page, the custom element anywhere:
 *   <baoku-search per-page="5" q="职工"></baoku-search>
 *
 * `paper="劳动午报"` (or `data-paper` on the script) searches one title only; each
 * hit names its title (its issue label).
 *
 * The box lives in a shadow root with its own styles, so the host page's CSS
 * neither breaks it nor is broken by it.  A host rule such as
 * `* { font-size: 40px; color: red }` still matches the <baoku-search> element
 * itself (and beats :host), and inherited properties would flow in from it, so
 * the box's wrapper resets everything (`all: initial`) and sets its own font,
 * size and colour; the input and button name theirs explicitly.  It queries /api/search on the
 * script's own origin; all text goes in as textContent, and the snippet is
 * rebuilt keeping only <mark>.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script && script.src ? script.src : window.location.href);

  var FONT = "-apple-system,BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB'," +
    "'Noto Sans CJK SC','Microsoft YaHei',sans-serif";
  var STYLE = [
    ":host{all:initial;display:block;contain:content}",
    ".box{all:initial;display:block;box-sizing:border-box;font:15px/1.7 " + FONT + ";",
    "color:#1d1f23;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;",
    "text-indent:0;text-shadow:none;font-style:normal;font-weight:400;font-variant:normal;",
    "white-space:normal;direction:ltr;visibility:visible;cursor:auto;",
    "border:1px solid #e4e2dc;border-top:3px solid #b3261e;border-radius:8px;background:#fff;",
    "padding:12px 14px}",
    ".box *{box-sizing:border-box}",
    "form{display:flex;gap:8px;margin:0}",
    "input,button{font:15px/1.7 " + FONT + ";letter-spacing:normal;text-transform:none;",
    "text-indent:0;margin:0}",
    "input{flex:1;min-width:0;height:38px;padding:0 12px;color:#1d1f23;",
    "border:1px solid #cfccc4;border-radius:19px;background:#fff}",
    "input:focus{outline:none;border-color:#b3261e;box-shadow:0 0 0 3px #fbeceb}",
    "button{flex:none;height:38px;padding:0 16px;font-weight:600;color:#fff;background:#b3261e;",
    "border:0;border-radius:19px;cursor:pointer;white-space:nowrap}",
    ".status{margin:8px 2px 0;font-size:13px;color:#5f6670;min-height:1em}",
    "ol{list-style:none;margin:4px 0 0;padding:0}",
    "li{padding:8px 2px;border-top:1px solid #eeece6}",
    "a{color:#1a4fa0;text-decoration:none}a:hover{text-decoration:underline}",
    ".title{font-weight:600;font-size:16px}",
    ".meta{font-size:12px;color:#5f6670}",
    ".snippet{margin:2px 0 0;font-size:14px;color:#33373d;overflow-wrap:anywhere}",
    "mark{background:#ffe58a;color:inherit;padding:0 1px;border-radius:2px}",
    ".foot{display:flex;justify-content:space-between;gap:8px;margin:6px 2px 0;font-size:13px}",
    ".foot[hidden]{display:none}",
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
  ].join("");

  var SKELETON =
    '<div class="box" part="box"><form role="search">' +
    '<label class="vh" for="q">搜索报库</label>' +
    '<input id="q" type="search" name="q" autocomplete="off" placeholder="搜索报库">' +
    '<button type="submit">搜索</button></form>' +
    '<p class="status" role="status" aria-live="polite"></p><ol></ol>' +
    '<p class="foot" hidden><a class="all" target="_blank" rel="noopener">在报库查看全部结果 →</a>' +
    '<a class="home" target="_blank" rel="noopener">报库</a></p></div>';

  /* The server escapes the snippet and adds <mark>; parse it inertly and
     rebuild it from text, so no other element or attribute can get through. */
  function appendSnippet(parent, html) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    Array.prototype.forEach.call(doc.body.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function hitItem(hit, q) {
    var li = element("li");
    var link = element("a", "title", hit.headline || "（无标题）");
    link.href = new URL("articles/" + encodeURIComponent(hit.id) + "?q=" + encodeURIComponent(q), base).href;
    link.target = "_blank";
    link.rel = "noopener";
    li.appendChild(link);
    var meta = [hit.issue_label || hit.date || hit.source].concat(hit.districts || []).filter(Boolean).join(" · ");
    if (meta) { li.appendChild(element("div", "meta", meta)); }
    if (hit.snippet) {
      var p = element("p", "snippet");
      appendSnippet(p, hit.snippet);
      li.appendChild(p);
    }
    return li;
  }

  class BaokuSearch extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) { return; }
      var root = this.attachShadow({mode: "open"});
      var style = document.createElement("style");
      style.textContent = STYLE;
      root.appendChild(style);
      var holder = document.createElement("div");
      holder.innerHTML = SKELETON;   // a constant: no outside data in it
      root.appendChild(holder.firstChild);
      this.parts = {
        form: root.querySelector("form"), input: root.querySelector("input"),
        status: root.querySelector(".status"), list: root.querySelector("ol"),
        foot: root.querySelector(".foot"), all: root.querySelector(".all"),
        home: root.querySelector(".home")
      };
      this.parts.home.href = base.href;
      var self = this;
      this.parts.form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.search(self.parts.input.value.trim());
      });
      if (this.getAttribute("q")) {
        this.parts.input.value = this.getAttribute("q");
        this.search(this.parts.input.value.trim());
      }
    }

    search(q) {
      var parts = this.parts;
      var perPage = parseInt(this.getAttribute("per-page"), 10);
      var params = new URLSearchParams({q: q, per_page: String(perPage > 0 && perPage <= 20 ? perPage : 5)});
      var paper = (this.getAttribute("paper") || "").trim();
      if (paper) { params.set("paper", paper); }
      var ticket = this.ticket = (this.ticket || 0) + 1;
      var self = this;
      parts.status.textContent = "正在检索……";
      fetch(new URL("api/search?" + params, base).href, {mode: "cors", credentials: "omit"})
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) { throw new Error(body.error || response.status); }
            return body;
          });
        })
        .then(function (result) {
          if (ticket !== self.ticket) { return; }
          parts.list.textContent = "";
          result.hits.forEach(function (hit) { parts.list.appendChild(hitItem(hit, q)); });
          var exact = result.total_exact;
          parts.status.textContent = !result.total ? "没有找到匹配的文章"
            : exact !== null && exact !== undefined && exact < result.total
              ? exact.toLocaleString("zh-CN") + " 篇含完整检索词，另 " +
                (result.total - exact).toLocaleString("zh-CN") + " 篇相关"
              : "共 " + result.total.toLocaleString("zh-CN") + " 篇";
          parts.all.href = new URL("?q=" + encodeURIComponent(q) +
            (paper ? "&paper=" + encodeURIComponent(paper) : ""), base).href;
          parts.foot.hidden = !result.total;
        })
        .catch(function () {
          if (ticket !== self.ticket) { return; }
          parts.list.textContent = "";
          parts.foot.hidden = true;
          parts.status.textContent = "暂时无法检索，请稍后再试";
        });
    }
  }

  if (!window.customElements.get("baoku-search")) {
    window.customElements.define("baoku-search", BaokuSearch);
  }

  function mount() {
    var selector = script && script.getAttribute("data-target");
    if (!selector) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (target) {
      if (target.querySelector("baoku-search")) { return; }
      var box = document.createElement("baoku-search");
      ["per-page", "q", "paper"].forEach(function (name) {
        var value = script.getAttribute("data-" + name);
        if (value) { box.setAttribute(name, value); }
      });
      target.appendChild(box);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
