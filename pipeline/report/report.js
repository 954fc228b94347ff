// The report page's script, bundled with Vega by vl-convert (vegaEmbed is in scope).
// Embeds each chart from the inline JSON specs and wires the filter bar: the selects set the
// f_* parameters every spec declares, and hide table rows that do not match.
const specs = JSON.parse(document.getElementById("report-specs").textContent);
const views = [];
const FILTERS = ["metric", "offence", "jurisdiction"];

function chosen() {
  const out = {};
  for (const name of FILTERS) out[name] = document.getElementById("f-" + name).value;
  return out;
}

function apply() {
  const f = chosen();
  for (const view of views) {
    for (const name of FILTERS) view.signal("f_" + name, f[name]);
    view.runAsync();
  }
  for (const row of document.querySelectorAll("tr[data-metric]")) {
    row.hidden = !FILTERS.every((name) => f[name] === "all" || row.dataset[name] === f[name]);
  }
}

async function main() {
  for (const [id, spec] of Object.entries(specs)) {
    const result = await vegaEmbed("#" + id, spec, { actions: false, renderer: "svg" });
    views.push(result.view);
  }
  for (const name of FILTERS) document.getElementById("f-" + name).addEventListener("change", apply);
  apply();
  document.body.dataset.rendered = String(views.length);
}

main();
