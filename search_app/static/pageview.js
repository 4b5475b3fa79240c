/* The page view made zoomable: OpenSeadragon opens the page's IIIF info.json (its
   sizes as a pyramid) and the page's SVG (region links, hit boxes) becomes one overlay
   over the whole page, so the regions stay links in printed order: Tab moves from
   region to region and zooms to it.  Without JavaScript the fixed-size image with the
   same SVG is the page view. */
(function () {
  "use strict";
  function bounds(link, aspect) {
    var r = link.querySelector("rect");
    var x = +r.getAttribute("x") / 1000, y = +r.getAttribute("y") / 1000;
    var w = +r.getAttribute("width") / 1000, h = +r.getAttribute("height") / 1000;
    var pad = Math.max(w, h) * 0.05;
    return new OpenSeadragon.Rect(x - pad, y - pad, w + 2 * pad, h + 2 * pad);
  }
  function enhance(figure) {
    var canvas = figure.querySelector(".pageview-canvas");
    var svg = canvas.querySelector(".pageview-svg");
    var aspect = +figure.dataset.aspect;
    var holder = document.createElement("div");
    holder.className = "pageview-zoom";
    figure.insertBefore(holder, canvas);
    var viewer = OpenSeadragon({
      element: holder, tileSources: figure.dataset.info, showNavigationControl: false,
      gestureSettingsMouse: {clickToZoom: false}, visibilityRatio: 0.5,
      maxZoomPixelRatio: 3, keyboardNavEnabled: false
    });
    viewer.addHandler("open", function () {
      canvas.classList.add("pageview-hidden");
      viewer.addOverlay({element: svg, location: new OpenSeadragon.Rect(0, 0, 1, aspect)});
      new OpenSeadragon.MouseTracker({element: svg, clickHandler: function (event) {
        var link = event.originalEvent.target.closest && event.originalEvent.target.closest("a");
        if (event.quick && link) { window.location.href = link.getAttribute("href"); }
      }});
      Array.prototype.forEach.call(svg.querySelectorAll("a.region"), function (link) {
        link.addEventListener("focus", function () { viewer.viewport.fitBounds(bounds(link, aspect)); });
      });
      var focus = svg.querySelector("a.region-focus");
      if (focus) { viewer.viewport.fitBounds(bounds(focus, aspect), true); }
      figure.classList.add("pageview-zoomed");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.OpenSeadragon) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".pageview[data-info]"), enhance);
  });
})();
