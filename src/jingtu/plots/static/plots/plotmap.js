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
  // District outlines (public reference data, the dashboard's /api/divisions/) drawn lightly under the plots.
  function districts(el, map) {
    if (!el.dataset.districts) { return Promise.resolve(null); }
    map.createPane("districts").style.zIndex = 350;  // below the overlay pane (400) that holds the plots
    return fetch(el.dataset.districts, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (fc) {
        var layer = L.geoJSON(fc, {
          pane: "districts",
          interactive: false,
          filter: function (f) { return !!f.geometry && f.properties.kind !== "municipality"; },
          style: { color: "#6b7f76", weight: 1, dashArray: "4 3", fillColor: "#9fb5aa", fillOpacity: 0.06 }
        }).addTo(map);
        el.dataset.districtCount = String(layer.getLayers().length);
        return layer;
      })
      .catch(function (err) { el.dataset.districtError = String(err); return null; });
  }
  document.querySelectorAll(".list-map[data-source]").forEach(function (el) {
    var map = setup(el);
    var outlines = districts(el, map);
    fetch(el.dataset.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (fc) {
        return outlines.then(function (layer) {
          draw(el, map, fc);
          // no plot to zoom to: show the districts instead
          if (!fc.features.length && layer && layer.getLayers().length) { map.fitBounds(layer.getBounds()); }
        });
      })
      .catch(function (err) { el.dataset.error = String(err); el.classList.add("failed"); });
  });
})();
