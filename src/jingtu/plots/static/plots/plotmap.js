// Plot maps: one plot's boundary (#plot-boundary JSON) or a GeoJSON list (data-source). Vector only unless tiles set.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  function setup(el) {
    var map = L.map(el).setView([39.9, 116.4], 10);
    if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map); }
    return map;
  }
  function draw(el, map, fc) {
    var group = L.geoJSON(fc, {
      style: function (f) {
        var left = f.properties && f.properties.on_list === false;
        return { color: left ? "#2f7d5b" : "#b5531d", weight: 2, fillOpacity: 0.3 };
      },
      onEachFeature: function (f, layer) {
        if (f.properties && f.properties.name) {
          layer.bindTooltip(f.properties.code + " " + f.properties.name + (f.properties.status ? " · " + f.properties.status : ""));
        }
      }
    }).addTo(map);
    if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
    el.dataset.featureCount = String(group.getLayers().length);
    el.classList.add("loaded");
  }
  var one = document.getElementById("plot-map");
  var src = document.getElementById("plot-boundary");
  if (one && src) {
    var raw = JSON.parse(src.textContent);
    var geom = raw ? JSON.parse(raw) : null;
    var m = setup(one);
    draw(one, m, geom ? { type: "Feature", geometry: geom, properties: {} } : { type: "FeatureCollection", features: [] });
  }
  document.querySelectorAll(".list-map[data-source]").forEach(function (el) {
    var map = setup(el);
    fetch(el.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (fc) { draw(el, map, fc); })
      .catch(function (err) { el.dataset.error = String(err); el.classList.add("failed"); });
  });
})();
