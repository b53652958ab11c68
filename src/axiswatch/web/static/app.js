// axiswatch dashboard: draws the charts from the page's JSON block and wires click-through.
// Loaded from this server only (the CSP forbids inline and foreign scripts).
(function () {
  "use strict";
  const page = document.body.dataset.page;
  const block = document.getElementById("page-data");
  const data = block ? JSON.parse(block.textContent) : null;
  const config = { responsive: true, displaylogo: false, topojsonURL: "/static/topojson/" };

  function go(path, params) {
    const q = new URLSearchParams();
    Object.entries(params).forEach(([k, v]) => { if (v !== null && v !== undefined && v !== "") q.set(k, v); });
    window.location.href = path + "?" + q.toString();
  }

  function indexChart(el, d) {
    const x = d.index.map((r) => r.period);
    const shapes = (d.change_points || []).map((c) => ({
      type: "line", x0: c.date, x1: c.date, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#b42318" } }));
    Plotly.newPlot(el, [
      { x, y: d.index.map((r) => r.net), type: "bar", name: "net (Σ confidence × score)", marker: { color: "#9fb3c8" } },
      { x, y: d.index.map((r) => r.index), type: "scatter", mode: "lines+markers", name: "index (−10..+10)", yaxis: "y2",
        line: { color: "#1f5fa8" }, connectgaps: false },
    ], { margin: { t: 10, r: 50, b: 40, l: 50 }, shapes, legend: { orientation: "h" },
         yaxis: { title: "net" }, yaxis2: { overlaying: "y", side: "right", range: [-10.5, 10.5], dtick: 5, zeroline: false, title: "index" } }, config);
  }

  function timelineChart(el, d) {
    const traces = d.series.map((s) => ({
      x: d.periods, y: s.counts, type: "bar", name: s.event_type + " " + s.direction,
      customdata: d.periods.map((_, i) => [d.ranges[i][0], d.ranges[i][1], s.event_type, s.direction]),
      hovertemplate: "%{x}: %{y} " + s.event_type + " " + s.direction + "<extra>click for events</extra>",
    }));
    const shapes = (d.change_points || []).map((c) => ({
      type: "line", x0: c.date, x1: c.date, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#b42318" } }));
    Plotly.newPlot(el, traces, { barmode: "stack", margin: { t: 10, r: 10, b: 40, l: 40 }, shapes,
      legend: { orientation: "h" }, yaxis: { title: "resolved events" } }, config);
    el.on("plotly_click", (ev) => {
      const p = ev.points && ev.points[0];
      if (!p || !p.customdata) return;
      const [since, until, type, direction] = p.customdata;
      const [source, target] = direction.split("->");
      go("/events", Object.assign({ since, until, type, source, target }, d.click_filters || {}));
    });
  }

  function ledgerChart(el, d) {
    // giver -> one node per flow line (commodity and amount) -> recipient, coloured by direction
    const [a, b] = d.profile.dyad;
    const node = { [a]: 0, [b]: 1 };
    const dest = { [b]: 2, [a]: 3 };
    const lines = d.lines.filter((l) => l.source in node && l.target in dest);
    const ids = lines.map((l) => "line-" + l.source + "-" + l.target + "-" + l.commodity);
    const labels = [a, b, "to " + b, "to " + a].concat(lines.map((l) =>
      l.commodity.replace(/_/g, " ") + (l.quantity ? ": " + Number(l.quantity.low).toLocaleString() + " " + l.quantity.unit : "")));
    const colour = (l) => (l.source === a ? "rgba(31,95,168,.45)" : "rgba(180,35,24,.45)");
    const value = (l) => Math.max(1, l.events.length);
    Plotly.newPlot(el, [{
      type: "sankey", arrangement: "snap",
      node: { label: labels, pad: 18, thickness: 16, customdata: ["", "", "", ""].concat(ids),
              color: ["#1f5fa8", "#b42318", "#b42318", "#1f5fa8"].concat(lines.map((l) => (l.source === a ? "#5b8bc9" : "#d4685f"))),
              hovertemplate: "%{label}<extra>click to open</extra>" },
      link: { source: lines.map((l) => node[l.source]).concat(lines.map((_, i) => 4 + i)),
              target: lines.map((_, i) => 4 + i).concat(lines.map((l) => dest[l.target])),
              value: lines.map(value).concat(lines.map(value)), color: lines.map(colour).concat(lines.map(colour)),
              customdata: ids.concat(ids),
              hovertemplate: "%{value} resolved events<extra>click to open</extra>" },
    }], { margin: { t: 10, r: 10, b: 10, l: 10 } }, config);
    el.on("plotly_click", (ev) => {
      const p = ev.points && ev.points[0];
      const det = p && p.customdata && document.getElementById(p.customdata);
      if (det) { det.open = true; det.scrollIntoView({ behavior: "smooth" }); }
    });
  }

  function networkChart(el, d) {
    const n = d.nodes.length;
    const pos = {};
    let k = 0;
    d.nodes.forEach((node) => {
      if (node.in_dyad) { pos[node.id] = [node.id === d.dyad[0] ? -0.25 : 0.25, 0]; return; }
      const t = Math.PI / 4 + (2 * Math.PI * k++) / Math.max(1, n - 2);  // off the dyad axis
      pos[node.id] = [Math.cos(t), Math.sin(t)];
    });
    const traces = d.edges.filter((e) => e.source !== e.target && pos[e.source] && pos[e.target]).map((e) => ({
      x: [pos[e.source][0], pos[e.target][0]], y: [pos[e.source][1], pos[e.target][1]], mode: "lines",
      type: "scatter", showlegend: false, hoverinfo: "text",
      text: e.source + "→" + e.target + ": " + e.events + " events, net " + e.net,
      customdata: [[e.source, e.target], [e.source, e.target]],
      line: { width: 1 + Math.min(8, Math.log2(1 + e.events)), color: e.net >= 0 ? "rgba(46,125,50,.55)" : "rgba(180,35,24,.55)" },
    }));
    traces.push({
      x: d.nodes.map((x) => pos[x.id][0]), y: d.nodes.map((x) => pos[x.id][1]), mode: "markers+text",
      type: "scatter", text: d.nodes.map((x) => x.id), textposition: "top center", showlegend: false,
      hovertext: d.nodes.map((x) => x.name + ": " + x.events + " events"), hoverinfo: "text",
      marker: { size: d.nodes.map((x) => 10 + Math.min(30, Math.sqrt(x.events))), color: d.nodes.map((x) => (x.in_dyad ? "#12263f" : "#1f5fa8")) },
    });
    Plotly.newPlot(el, traces, { margin: { t: 10, r: 10, b: 10, l: 10 }, hovermode: "closest",
      xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x" } }, config);
    el.on("plotly_click", (ev) => {
      const p = ev.points && ev.points[0];
      if (p && Array.isArray(p.customdata)) go("/events", { source: p.customdata[0], target: p.customdata[1] });
    });
  }

  function mapChart(el, d) {
    const pts = d.features.filter((f) => f.geometry.type === "Point");
    const lines = d.features.filter((f) => f.geometry.type === "LineString");
    const layer = (name, color, symbol) => {
      const fs = pts.filter((f) => f.properties.layer === name);
      return { type: "scattergeo", mode: "markers", name, lon: fs.map((f) => f.geometry.coordinates[0]),
        lat: fs.map((f) => f.geometry.coordinates[1]), marker: { size: 9, color, symbol },
        text: fs.map((f) => (f.properties.name || f.properties.kind) + (f.properties.country ? " (" + f.properties.country + ")" : "")),
        hoverinfo: "text" };
    };
    const traces = [layer("place", "#1f5fa8", "circle"), layer("detection", "#b42318", "diamond")];
    lines.forEach((f) => traces.push({ type: "scattergeo", mode: "lines", showlegend: false, hoverinfo: "skip",
      lon: f.geometry.coordinates.map((c) => c[0]), lat: f.geometry.coordinates.map((c) => c[1]),
      line: { color: "rgba(180,35,24,.6)", width: 2 } }));
    const lons = pts.map((f) => f.geometry.coordinates[0]), lats = pts.map((f) => f.geometry.coordinates[1]);
    const pad = 4;
    const geo = { showcountries: true, showland: true, landcolor: "#eef1f5", countrycolor: "#98a2b3",
      showocean: true, oceancolor: "#dbe7f5", resolution: 110, projection: { type: "mercator" },
      lonaxis: { range: lons.length ? [Math.min(...lons) - pad, Math.max(...lons) + pad] : [100, 150] },
      lataxis: { range: lats.length ? [Math.min(...lats) - pad, Math.max(...lats) + pad] : [30, 60] } };
    Plotly.newPlot(el, traces, { geo, margin: { t: 0, r: 0, b: 0, l: 0 }, legend: { orientation: "h" } }, config);
  }

  function documentLinks() {
    // clicking a highlighted sentence lights up its events in the side list, and the reverse
    document.querySelectorAll("mark[data-events]").forEach((m) => {
      m.addEventListener("click", () => {
        document.querySelectorAll(".event.on, mark.on").forEach((x) => x.classList.remove("on"));
        m.classList.add("on");
        m.dataset.events.split(" ").forEach((id) => {
          const e = document.getElementById(id);
          if (e) { e.classList.add("on"); e.scrollIntoView({ block: "nearest" }); }
        });
      });
    });
  }

  function pollJobs() {
    const rows = document.querySelectorAll("#jobs tr[data-job]");
    const open = Array.from(rows).filter((r) => ["queued", "running"].includes(r.querySelector(".status").textContent));
    if (!open.length) return;
    open.forEach((row) => {
      fetch("/api/jobs/" + encodeURIComponent(row.dataset.job), { headers: { Accept: "application/json" } })
        .then((r) => r.json()).then((j) => {
          row.querySelector(".status").textContent = j.status;
          row.querySelector(".stage").textContent = j.stage;
          row.querySelector(".progress").textContent = j.done + "/" + j.total;
          const res = [];
          if (j.summary && j.summary.ingest) res.push(j.summary.ingest.added + " added, " + j.summary.ingest.unchanged + " unchanged");
          if (j.summary && j.summary.extract) res.push(j.summary.extract.events + " events");
          if (j.error) res.push(j.error);
          row.querySelector(".result").textContent = res.join("; ");
        }).catch(() => {});
    });
    setTimeout(pollJobs, 1000);
  }

  const draw = { overview: ["chart-index", indexChart], timeline: ["chart-timeline", timelineChart],
                 ledger: ["chart-ledger", ledgerChart], network: ["chart-network", networkChart], map: ["chart-map", mapChart] };
  function start() {
    if (data && draw[page] && window.Plotly) {
      const el = document.getElementById(draw[page][0]);
      if (el) draw[page][1](el, data);
    }
    if (page === "document") documentLinks();
    if (page === "ingest") pollJobs();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
