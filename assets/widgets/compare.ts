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
    const next = sanitizeState({ ...this.#view, ...partial }, this.#known());
    this.#apply(next, true, replace);
  }

  #known() {
    const stances = Array.from(this.querySelectorAll<HTMLOptionElement>('select[name="stance"] option'), (o) => o.value).filter(Boolean);
    const groups = Array.from(this.querySelectorAll<HTMLElement>("tbody[data-group]"), (b) => b.dataset.group!);
    return { groups, stances, sides: this.#sides, terms: this.#rows.map((r) => r.id) };
  }

  #fromURL(): ViewState {
    return sanitizeState(parseState(location.search), this.#known());
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
    const shownSides = this.#sides.filter((id) => !v.hide.includes(id));
    for (const cell of Array.from(this.querySelectorAll<HTMLElement>("[data-side]"))) {
      if (cell.closest("form")) continue;
      cell.hidden = v.hide.includes(cell.dataset.side!);
    }
    for (const th of Array.from(this.querySelectorAll<HTMLTableCellElement>("tr.group th"))) {
      th.colSpan = shownSides.length + 1;
    }
    // Rows, and each group's heading when any of its rows shows.
    const visible = visibleRows(this.#rows, this.#sides, v);
    for (const body of Array.from(this.querySelectorAll<HTMLTableSectionElement>("tbody"))) {
      let any = false;
      for (const tr of Array.from(body.querySelectorAll<HTMLTableRowElement>("tr[data-term]"))) {
        tr.hidden = !visible.has(tr.dataset.term!);
        any ||= !tr.hidden;
      }
      body.hidden = !any;
    }
    // The open cell.
    for (const d of Array.from(this.querySelectorAll<HTMLDetailsElement>("details[data-cell]"))) {
      const open = d.dataset.cell === v.open;
      if (open && !d.open) d.open = true;
    }
    const status = this.querySelector(".status");
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
