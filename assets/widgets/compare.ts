// <parley-compare> enhances the server-rendered terms × sides table: filter
// by group, stance and standing, only where the shown sides differ, show or
// hide sides, search terms and notes, and open a cell's note. The controls
// are server-rendered too (hidden when scripting is off); this element wires
// them up.
//
// Attributes:
//   sync-url  keep the view in the page's query string (shareable; back and
//             forward walk through views).
// Properties: view (the current ViewState), setView(partial).
// Events: "parley-compare:change" (detail: {view, shown}) after each change.

import { visibleRows, type Row } from "./lib/filter";
import { defaultState, parseState, sanitizeState, serializeState, type ViewState } from "./lib/state";

export interface CompareChangeDetail {
  view: ViewState;
  shown: number;
}

export class ParleyCompare extends HTMLElement {
  #view: ViewState = { ...defaultState };
  #rows: Row[] = [];
  #sides: string[] = [];
  #form: HTMLFormElement | null = null;
  // The table's elements, found once: #apply runs on every keystroke, and
  // on a 60 × 10 table querying and rewriting every cell each time costs more
  // than a frame. It writes only what changes.
  #known = { groups: [] as string[], stances: [] as string[], sides: [] as string[], terms: [] as string[] };
  #cells: HTMLElement[] = []; // every table cell of a side (header and body)
  #groupHeads: HTMLTableCellElement[] = [];
  #bodies: { el: HTMLTableSectionElement; rows: { id: string; el: HTMLTableRowElement }[] }[] = [];
  #details = new Map<string, HTMLDetailsElement>(); // by data-cell
  #status: Element | null = null;

  get view(): ViewState {
    return { ...this.#view, hide: [...this.#view.hide] };
  }

  connectedCallback(): void {
    if (this.#form) return;
    this.#form = this.querySelector("form.controls");
    this.#sides = Array.from(this.querySelectorAll<HTMLElement>("thead th[data-side]"), (th) => th.dataset.side!);
    this.#rows = Array.from(this.querySelectorAll<HTMLTableRowElement>("tr[data-term]"), (tr) => ({
      id: tr.dataset.term!,
      group: tr.closest<HTMLElement>("tbody")?.dataset.group ?? "",
      consensus: tr.dataset.consensus ?? "",
      text: tr.textContent ?? "",
      stances: Object.fromEntries(
        Array.from(tr.querySelectorAll<HTMLElement>("td[data-side]"), (td) => [td.dataset.side!, td.dataset.stance!]),
      ),
    }));
    this.#known = {
      groups: Array.from(this.querySelectorAll<HTMLElement>("tbody[data-group]"), (b) => b.dataset.group!),
      stances: Array.from(this.querySelectorAll<HTMLOptionElement>('select[name="stance"] option'), (o) => o.value).filter(Boolean),
      sides: this.#sides,
      terms: this.#rows.map((r) => r.id),
    };
    this.#cells = Array.from(this.querySelectorAll<HTMLElement>("[data-side]")).filter((c) => !c.closest("form"));
    this.#groupHeads = Array.from(this.querySelectorAll<HTMLTableCellElement>("tr.group th"));
    this.#bodies = Array.from(this.querySelectorAll<HTMLTableSectionElement>("tbody"), (el) => ({
      el,
      rows: Array.from(el.querySelectorAll<HTMLTableRowElement>("tr[data-term]"), (tr) => ({ id: tr.dataset.term!, el: tr })),
    }));
    for (const d of Array.from(this.querySelectorAll<HTMLDetailsElement>("details[data-cell]"))) this.#details.set(d.dataset.cell!, d);
    this.#status = this.querySelector(".status");
    const form = this.#form;
    if (form) {
      form.addEventListener("submit", (e) => e.preventDefault());
      form.addEventListener("reset", (e) => {
        e.preventDefault();
        this.setView({ ...defaultState, hide: [] });
      });
      form.addEventListener("change", (e) => {
        if ((e.target as HTMLElement).getAttribute("name") !== "q") this.setView(this.#readForm());
      });
      form.addEventListener("input", (e) => {
        if ((e.target as HTMLElement).getAttribute("name") === "q") this.setView(this.#readForm(), true);
      });
    }
    this.addEventListener("toggle", (e) => this.#onToggle(e), true);
    if (this.hasAttribute("sync-url")) {
      window.addEventListener("popstate", () => this.#apply(this.#fromURL(), false));
      this.#apply(this.#fromURL(), false);
      const cell = this.#view.open && this.querySelector<HTMLElement>(`details[data-cell="${CSS.escape(this.#view.open)}"]`);
      if (cell) cell.scrollIntoView({ block: "center" });
    } else {
      this.#apply(this.#view, false);
    }
  }

  /** Changes the view; replace updates the URL in place rather than adding a history entry. */
  setView(partial: Partial<ViewState>, replace = false): void {
    const next = sanitizeState({ ...this.#view, ...partial }, this.#known);
    this.#apply(next, true, replace);
  }

  #fromURL(): ViewState {
    return sanitizeState(parseState(location.search), this.#known);
  }

  #readForm(): ViewState {
    const f = this.#form!;
    const val = (name: string) => (f.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";
    const hide = Array.from(f.querySelectorAll<HTMLInputElement>('input[name="side"]'))
      .filter((i) => !i.checked)
      .map((i) => i.value);
    return {
      ...this.#view,
      group: val("group"),
      stance: val("stance"),
      consensus: val("consensus"),
      q: val("q"),
      differ: (f.elements.namedItem("differ") as HTMLInputElement | null)?.checked ?? false,
      hide,
    };
  }

  #writeForm(v: ViewState): void {
    const f = this.#form;
    if (!f) return;
    for (const name of ["group", "stance", "consensus", "q"] as const) {
      const el = f.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (el && el.value !== v[name]) el.value = v[name];
    }
    const differ = f.elements.namedItem("differ") as HTMLInputElement | null;
    if (differ) differ.checked = v.differ;
    for (const box of Array.from(f.querySelectorAll<HTMLInputElement>('input[name="side"]'))) {
      box.checked = !v.hide.includes(box.value);
    }
  }

  #onToggle(e: Event): void {
    const d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.dataset.cell) return;
    if (d.open) this.setView({ open: d.dataset.cell });
    else if (this.#view.open === d.dataset.cell) this.setView({ open: "" });
  }

  #apply(v: ViewState, record: boolean, replace = false): void {
    const changed = serializeState(v) !== serializeState(this.#view);
    this.#view = v;
    this.#writeForm(v);
    // Columns.
    const hidden = new Set(v.hide);
    for (const cell of this.#cells) {
      const hide = hidden.has(cell.dataset.side!);
      if (cell.hidden !== hide) cell.hidden = hide;
    }
    const span = this.#sides.filter((id) => !hidden.has(id)).length + 1;
    for (const th of this.#groupHeads) {
      if (th.colSpan !== span) th.colSpan = span;
    }
    // Rows, and each group's heading when any of its rows shows.
    const visible = visibleRows(this.#rows, this.#sides, v);
    for (const body of this.#bodies) {
      let any = false;
      for (const row of body.rows) {
        const show = visible.has(row.id);
        if (row.el.hidden === show) row.el.hidden = !show;
        any ||= show;
      }
      if (body.el.hidden === any) body.el.hidden = !any;
    }
    // The open cell.
    const open = v.open ? this.#details.get(v.open) : undefined;
    if (open && !open.open) open.open = true;
    const status = this.#status;
    if (status) {
      status.textContent = visible.size
        ? `${visible.size} of ${this.#rows.length} terms shown`
        : `No term matches: ${this.#rows.length} terms hidden. Use “Show everything” to reset.`;
    }
    if (record && changed && this.hasAttribute("sync-url")) {
      const target = location.pathname + serializeState(v, location.search) + location.hash;
      if (replace) history.replaceState(null, "", target);
      else history.pushState(null, "", target);
    }
    if (changed || !record) {
      this.dispatchEvent(
        new CustomEvent<CompareChangeDetail>("parley-compare:change", {
          detail: { view: this.view, shown: visible.size },
          bubbles: true,
        }),
      );
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-compare": ParleyCompare;
  }
  interface HTMLElementEventMap {
    "parley-compare:change": CustomEvent<CompareChangeDetail>;
  }
  interface DocumentEventMap {
    "parley-compare:change": CustomEvent<CompareChangeDetail>;
  }
}

if (!customElements.get("parley-compare")) customElements.define("parley-compare", ParleyCompare);
