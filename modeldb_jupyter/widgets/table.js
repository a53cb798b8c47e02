// The runs table of RunBrowser: one page of rows sent by Python (synced traits), sortable headers, a pager
// and row selection. Clicks only change traits (sort, page, selected); Python fetches and answers with rows.

function text(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+(e|$)/, "$1");
  if (Array.isArray(value)) return value.map(text).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function cell(column, row) {
  const value = row[column.id];
  if (column.id === "start_time") return value ? new Date(value).toISOString().slice(0, 19).replace("T", " ") : "";
  if (column.id === "duration") return value === null || value === undefined ? "" : `${(value / 1000).toFixed(1)} s`;
  return text(value);
}

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function render({ model, el: root }) {
  root.classList.add("mdbw-table");
  const set = (name, value) => {
    model.set(name, value);
    model.save_changes();
  };

  function toggle(id) {
    const selected = new Set(model.get("selected"));
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    set("selected", [...selected]);
  }

  function header(column) {
    const sort = model.get("sort");
    const mark = sort === column.id ? " ▲" : sort === `-${column.id}` ? " ▼" : "";
    const th = el("th", { "data-column": column.id, text: column.label + mark, title: "sort by " + column.id });
    if (column.sortable) {
      th.classList.add("mdbw-sortable");
      th.addEventListener("click", () => set("sort", sort === `-${column.id}` ? column.id : `-${column.id}`));
    }
    return th;
  }

  function draw() {
    const columns = model.get("columns");
    const rows = model.get("rows");
    const selected = new Set(model.get("selected"));
    const pageIds = rows.map(r => r.id);
    const all = pageIds.length > 0 && pageIds.every(id => selected.has(id));
    const allBox = el("input", { type: "checkbox", title: "select the rows of this page" });
    allBox.checked = all;
    allBox.addEventListener("change", () => {
      const next = new Set(selected);
      for (const id of pageIds) all ? next.delete(id) : next.add(id);
      set("selected", [...next]);
    });
    const head = el("tr", {}, [el("th", {}, [allBox]), ...columns.map(header)]);
    const body = rows.map(row => {
      const box = el("input", { type: "checkbox", class: "mdbw-select" });
      box.checked = selected.has(row.id);
      box.addEventListener("change", () => toggle(row.id));
      const tr = el("tr", { class: "mdbw-row", "data-id": row.id, "data-name": row.name }, [
        el("td", {}, [box]),
        ...columns.map(c => el("td", { text: cell(c, row) }))
      ]);
      if (selected.has(row.id)) tr.classList.add("mdbw-selected");
      return tr;
    });
    const table = el("table", {}, [el("thead", {}, [head]), el("tbody", {}, body)]);
    const page = model.get("page");
    const size = model.get("page_size");
    const total = model.get("total");
    const pages = Math.max(1, Math.ceil(total / size));
    const first = total === 0 ? 0 : (page - 1) * size + 1;
    const last = Math.min(total, page * size);
    const prev = el("button", { text: "‹ prev", class: "mdbw-prev", onclick: () => set("page", page - 1) });
    const next = el("button", { text: "next ›", class: "mdbw-next", onclick: () => set("page", page + 1) });
    prev.disabled = page <= 1;
    next.disabled = page >= pages;
    const info = el("span", {
      class: "mdbw-pageinfo",
      text: `runs ${first}–${last} of ${total} · page ${page}/${pages} · ${selected.size} selected`
    });
    const pager = el("div", { class: "mdbw-pager" }, [prev, info, next]);
    if (model.get("loading")) pager.append(el("span", { class: "mdbw-loading", text: " loading…" }));
    const scroller = el("div", { class: "mdbw-scroll" }, [table]);
    root.replaceChildren(scroller, pager);
  }

  const names = ["rows", "columns", "selected", "sort", "page", "page_size", "total", "loading"];
  for (const name of names) model.on(`change:${name}`, draw);
  draw();
  return () => {
    for (const name of names) model.off(`change:${name}`, draw);
  };
}

export default { render };
