// District map of the dashboard. Vector layers only unless a tile URL is configured (intranet-first).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: true }).setView([40.19, 116.41], 8);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var palette = ["#2f7d5b", "#3d8f6b", "#4f9e78", "#62ac86", "#76ba94"];
  fetch(el.dataset.api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(function (fc) {
      var rendered = 0;
      var group = L.featureGroup().addTo(map);
      fc.features.forEach(function (f, i) {
        var p = f.properties;
        var label = p.name + (p.boundary_official ? "" : "");
        var layer;
        if (f.geometry) {
          layer = L.geoJSON(f, { style: { color: "#1f5c43", weight: 1, fillColor: palette[i % palette.length], fillOpacity: 0.35 } });
        } else if (p.label_point) {
          var c = p.label_point.coordinates;
          layer = L.circleMarker([c[1], c[0]], { radius: 7, color: "#b5531d", fillOpacity: 0.8 });
          label += " (" + el.dataset.noBoundary + ")";
        }
        if (layer) {
          layer.bindTooltip(label);
          layer.addTo(group);
          rendered += 1;
        }
      });
      if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [10, 10] }); }
      el.dataset.featureCount = String(rendered);
      el.classList.add("loaded");
    })
    .catch(function (err) { el.dataset.error = String(err); el.classList.add("failed"); });
})();
