/* The page view made zoomable: OpenSeadragon opens the page's IIIF info.json (its
   sizes as a pyramid); the region links and hit boxes become overlays, so they stay
   links in printed order (Tab moves from region to region and zooms to it).
   Without JavaScript the fixed-size image with its links is the page view. */
(function () {
  "use strict";
  function rect(el, aspect) {
    var d = el.dataset;
    return new OpenSeadragon.Rect(+d.x, +d.y * aspect, +d.w, +d.h * aspect);
  }
  function enhance(figure) {
    if (!window.OpenSeadragon) { return; }
    var canvas = figure.querySelector(".pageview-canvas");
    var aspect = +figure.dataset.aspect;
    var holder = document.createElement("div");
    holder.className = "pageview-zoom";
    holder.style.height = Math.min(window.innerHeight * 0.85, canvas.offsetWidth * aspect) + "px";
    var items = Array.prototype.slice.call(canvas.querySelectorAll(".region, .hitbox"));
    var viewer = OpenSeadragon({
      element: holder, tileSources: figure.dataset.info,
      showNavigationControl: false, gestureSettingsMouse: {clickToZoom: false},
      visibilityRatio: 0.5, minZoomLevel: 0.5, maxZoomPixelRatio: 3
    });
    viewer.addHandler("open", function () {
      canvas.hidden = true;
      items.forEach(function (el) {
        el.style.left = el.style.top = el.style.width = el.style.height = "";
        viewer.addOverlay({element: el, location: rect(el, aspect)});
        if (el.tagName === "A") {
          new OpenSeadragon.MouseTracker({element: el, clickHandler: function (event) {
            if (event.quick) { window.location.href = el.href; }
          }});
          el.addEventListener("focus", function () {
            viewer.viewport.fitBounds(rect(el, aspect));
          });
        }
      });
      var focus = figure.dataset.focus && figure.querySelector(
        '.region[data-article="' + CSS.escape(figure.dataset.focus) + '"]');
      if (focus) { viewer.viewport.fitBounds(rect(focus, aspect), true); }
      figure.classList.add("pageview-zoomed");
    });
    figure.insertBefore(holder, canvas);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".pageview[data-info]"), enhance);
  });
})();
