// <parley-compare> enhances the server-rendered terms × sides matrix: filter
// by group, stance and standing, only where the shown sides differ, show or
// hide sides, search terms and notes, and open a cell's note (a popover,
// which works without script too). The controls are server-rendered (hidden
// when scripting is off) behind one button, which this element wires up
// with them; "Done" closes them again.
//
// Attributes:
//   sync-url  keep the view in the page's query string (shareable; back and
//             forward walk through views). The URL follows the view once the
//             change is painted, so that it never delays the paint (typing
//             in the search box: once the typing pauses).
// Properties: view (the current ViewState), setView(partial).
// Events: "parley-compare:change" (detail: {view, shown}) after each change.

import { sameRows, searchable, visibleRows, type Row } from "./lib/filter";
import { afterPaint } from "./lib/paint";
import { eachInView, RowUpdates } from "./lib/rows";
import { defaultState, parseState, sanitizeState, serializeState, type ViewState } from "./lib/state";
import { readWords, say, type Words } from "./lib/words";

export interface CompareChangeDetail {
  view: ViewState;
  shown: number;
}

export class ParleyCompare extends HTMLElement {
  private _view: ViewState = { ...defaultState };
  private _rows: Row[] = [];
  private _sides: string[] = [];
  private _form: HTMLFormElement | null = null;
  // The form's controls, found once (every change reads and writes them).
  private _fields: Partial<Record<"group" | "stance" | "consensus" | "q", HTMLInputElement | HTMLSelectElement>> = {};
  private _differBox: HTMLInputElement | null = null;
  private _sideBoxes: HTMLInputElement[] = [];
  private _toggle: HTMLButtonElement | null = null; // opens and closes the form
  private _reset: HTMLButtonElement | null = null; // "Show everything", beside it
  // The table's elements, found once: _apply runs on every keystroke, and
  // on a 60 × 10 table querying and rewriting every cell each time costs more
  // than a frame. It writes only what changes.
  private _known = { groups: [] as string[], stances: [] as string[], sides: [] as string[], terms: [] as string[] };
  private _heads = new Map<string, HTMLElement[]>(); // each side's column headings
  private _cells: { side: string; el: HTMLElement }[][] = []; // each row's side cells, by row index
  private _hidden = new Set<string>(); // the sides hidden now (a row off screen may follow after the paint)
  private _updates: RowUpdates | null = null; // shows and hides side cells, rows on screen first
  private _groupHeads: HTMLTableCellElement[] = [];
  private _bodies: { el: HTMLTableSectionElement; rows: { id: string; el: HTMLTableRowElement }[] }[] = [];
  private _notes = new Map<string, HTMLElement>(); // the notes' popovers, by data-cell
  private _openNote: HTMLElement | null = null; // the one the view opened
  private _urlUpdate = 0; // a pending URL update (requestAnimationFrame id), or 0
  private _urlTimer = 0; // a URL update waiting for typing to pause (setTimeout id), or 0
  private _urlReplace = true; // whether the pending update may replace the entry
  private _status: Element | null = null;
  private _visible: Set<string> | null = null; // the rows the view shows, once laid out
  private _bodyRows: HTMLTableRowElement[] = []; // every body row (group headings too), in order
  private _inView = new Set<HTMLTableRowElement>(); // the rows drawn because a change brought them on screen
  private _ready = false; // set once connected: the first view is the page's, drawn as it loads

  get view(): ViewState {
    return { ...this._view, hide: [...this._view.hide] };
  }

  // The interface's words (data-words: lib/words.ts) and the page's language.
  private _w?: Words;
  private get _words(): Words {
    return (this._w ??= readWords(this.dataset.words));
  }
  private get _lang(): string {
    return document.documentElement.lang || "en";
  }

  connectedCallback(): void {
    if (this._form) return;
    this._form = this.querySelector("form.controls");
    this._sides = Array.from(this.querySelectorAll<HTMLElement>("thead th[data-side]"), (th) => th.dataset.side!);
    const trs = Array.from(this.querySelectorAll<HTMLTableRowElement>("tr[data-term]"));
    this._cells = trs.map((tr) => Array.from(tr.querySelectorAll<HTMLElement>("td[data-side]"), (el) => ({ side: el.dataset.side!, el })));
    this._rows = trs.map((tr, i) => ({
      id: tr.dataset.term!,
      group: tr.closest<HTMLElement>("tbody")?.dataset.group ?? "",
      consensus: tr.dataset.consensus ?? "",
      // The term, its explanation and its notes with their sources.
      text: searchable(Array.from(tr.querySelectorAll("th, .note > :not(.note-title, .note-close)"), (e) => e.textContent).join(" ")),
      stances: Object.fromEntries(this._cells[i]!.map(({ side, el }) => [side, el.dataset.stance!])),
    }));
    this._known = {
      groups: Array.from(this.querySelectorAll<HTMLElement>("tbody[data-group]"), (b) => b.dataset.group!),
      stances: Array.from(this.querySelectorAll<HTMLOptionElement>('select[name="stance"] option'), (o) => o.value).filter(Boolean),
      sides: this._sides,
      terms: this._rows.map((r) => r.id),
    };
    for (const th of Array.from(this.querySelectorAll<HTMLElement>("th[data-side]"))) {
      const side = th.dataset.side!;
      let heads = this._heads.get(side);
      if (!heads) this._heads.set(side, (heads = []));
      heads.push(th);
      if (th.hidden) this._hidden.add(side);
    }
    this._bodyRows = Array.from(this.querySelectorAll<HTMLTableRowElement>("tbody tr"));
    this._updates = new RowUpdates(trs, (i) => {
      for (const { side, el } of this._cells[i]!) {
        const hide = this._hidden.has(side);
        if (el.hidden !== hide) el.hidden = hide;
      }
    });
    this._groupHeads = Array.from(this.querySelectorAll<HTMLTableCellElement>("tr.group th"));
    this._bodies = Array.from(this.querySelectorAll<HTMLTableSectionElement>("tbody"), (el) => ({
      el,
      rows: Array.from(el.querySelectorAll<HTMLTableRowElement>("tr[data-term]"), (tr) => ({ id: tr.dataset.term!, el: tr })),
    }));
    for (const n of Array.from(this.querySelectorAll<HTMLElement>(".note[popover][data-cell]"))) this._notes.set(n.dataset.cell!, n);
    this._status = this.querySelector(".status");
    const form = this._form;
    if (form) {
      for (const name of ["group", "stance", "consensus", "q"] as const) {
        const el = form.elements.namedItem(name);
        if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) this._fields[name] = el;
      }
      const differ = form.elements.namedItem("differ");
      this._differBox = differ instanceof HTMLInputElement ? differ : null;
      this._sideBoxes = Array.from(form.querySelectorAll<HTMLInputElement>("input[data-side]"));
      this._toggle = this.querySelector<HTMLButtonElement>("button.filter-toggle");
      this._toggle?.addEventListener("click", () => this._openFilters(!!form.hidden));
      this._reset = this.querySelector<HTMLButtonElement>(".compare-bar button.reset-view");
      this._reset?.addEventListener("click", () => {
        form.reset();
        this._toggle?.focus();
      });
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        this._openFilters(false);
      });
      form.addEventListener("reset", (e) => {
        e.preventDefault();
        this.setView({ ...defaultState, hide: [] });
      });
      form.addEventListener("change", (e) => {
        if ((e.target as HTMLElement).getAttribute("name") !== "q") this.setView(this._readForm());
      });
      form.addEventListener("input", (e) => {
        if ((e.target as HTMLElement).getAttribute("name") === "q") this.setView(this._readForm(), true);
      });
    }
    this.addEventListener("toggle", (e) => this._onToggle(e as ToggleEvent), true);
    if (this.hasAttribute("sync-url")) {
      window.addEventListener("popstate", () => {
        this._cancelURLUpdate();
        this._apply(this._fromURL(), false);
      });
      this._apply(this._fromURL(), false);
      const cell = this._view.open && this._notes.get(this._view.open)?.closest("td");
      if (cell) cell.scrollIntoView({ block: "center" });
    } else {
      this._apply(this._view, false);
    }
    this._ready = true;
  }

  /** Changes the view; replace updates the URL in place rather than adding a history entry. */
  setView(partial: Partial<ViewState>, replace = false): void {
    const next = sanitizeState({ ...this._view, ...partial }, this._known);
    this._apply(next, true, replace);
  }

  private _fromURL(): ViewState {
    return sanitizeState(parseState(location.search), this._known);
  }

  private _readForm(): ViewState {
    const f = this._fields;
    return {
      ...this._view,
      group: f.group?.value ?? "",
      stance: f.stance?.value ?? "",
      consensus: f.consensus?.value ?? "",
      q: f.q?.value ?? "",
      differ: this._differBox?.checked ?? false,
      hide: this._sideBoxes.filter((i) => !i.checked).map((i) => i.dataset.side!),
    };
  }

  private _writeForm(v: ViewState): void {
    for (const name of ["group", "stance", "consensus", "q"] as const) {
      const el = this._fields[name];
      if (el && el.value !== v[name]) el.value = v[name];
    }
    const differ = this._differBox;
    if (differ && differ.checked !== v.differ) differ.checked = v.differ;
    for (const box of this._sideBoxes) {
      const checked = !v.hide.includes(box.dataset.side!);
      if (box.checked !== checked) box.checked = checked;
    }
  }

  // Shows or hides the filters; closing them returns focus to their button.
  private _openFilters(open: boolean): void {
    const form = this._form;
    const toggle = this._toggle;
    if (!form || !toggle) return;
    form.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) form.querySelector<HTMLElement>("select, input")?.focus();
    else toggle.focus();
  }

  private _onToggle(e: ToggleEvent): void {
    const note = e.target;
    if (!(note instanceof HTMLElement) || !note.dataset.cell || !this._notes.has(note.dataset.cell)) return;
    // Opening and closing a note (a click elsewhere closes it) replaces the
    // history entry rather than adding one: back goes to the previous filter.
    if (e.newState === "open") this.setView({ open: note.dataset.cell }, true);
    else if (this._view.open === note.dataset.cell) this.setView({ open: "" }, true);
  }

  // The open note follows the view: shown if its row is, hidden otherwise.
  private _showNote(v: ViewState, visible: Set<string>): void {
    const cell = v.open;
    const want = cell && visible.has(cell.slice(0, cell.lastIndexOf("."))) ? this._notes.get(cell) : undefined;
    const shown = this._openNote;
    // Unchanged: leave it be. (A click elsewhere may have just closed it;
    // its toggle event, still to come, will say so.)
    if (want === shown) return;
    if (shown?.matches(":popover-open")) shown.hidePopover();
    // Without popovers (older browsers) notes are inline, always shown.
    if (want?.showPopover && !want.matches(":popover-open")) {
      // Its button is the anchor it opens next to, as when clicked.
      const button = want.previousElementSibling;
      want.showPopover(button instanceof HTMLElement ? { source: button } : undefined);
    }
    this._openNote = want ?? null;
  }

  // Brings the URL up to date with the view after the next paint; changes
  // that only replace the history entry (keystrokes in the search box, a
  // note opened or closed) once they pause for a moment, since rewriting the
  // URL costs a few milliseconds, which delayed the keystroke after it.
  // Changes that come before it happens make one history entry, or none
  // when each asked to replace it.
  private _updateURL(replace: boolean): void {
    this._urlReplace &&= replace;
    clearTimeout(this._urlTimer);
    this._urlTimer = 0;
    if (this._urlReplace) {
      this._urlTimer = window.setTimeout(() => {
        this._urlTimer = 0;
        this._writeURL();
      }, 300);
      return;
    }
    this._writeURL();
  }

  private _writeURL(): void {
    if (this._urlUpdate) return;
    this._urlUpdate = afterPaint(() => {
      if (!this._urlUpdate) return; // cancelled once its frame had started
      this._urlUpdate = 0;
      const target = location.pathname + serializeState(this._view, location.search) + location.hash;
      if (target !== location.pathname + location.search + location.hash) {
        if (this._urlReplace) history.replaceState(null, "", target);
        else history.pushState(null, "", target);
      }
      this._urlReplace = true;
    });
  }

  private _cancelURLUpdate(): void {
    clearTimeout(this._urlTimer);
    this._urlTimer = 0;
    if (this._urlUpdate) cancelAnimationFrame(this._urlUpdate);
    this._urlUpdate = 0;
    this._urlReplace = true;
  }

  // Shows the columns and rows view v shows and their count, writing only
  // what changes, and returns the rows shown.
  private _layout(v: ViewState): Set<string> {
    let moved = false; // whether rows may have moved: shown, hidden or resized
    // Columns: only when a side is shown or hidden, and then the headings
    // and the rows on screen at once (_drawInView, below), the other rows
    // after the paint; every row at once as the page loads.
    const hidden = new Set(v.hide);
    let columns = false;
    for (const [side, heads] of this._heads) {
      const hide = hidden.has(side);
      if (this._hidden.has(side) === hide) continue;
      for (const th of heads) th.hidden = hide;
      if (hide) this._hidden.add(side);
      else this._hidden.delete(side);
      columns = true;
    }
    if (columns) {
      this._updates?.requestAll(!this._ready);
      moved = true;
    }
    const span = this._sides.filter((id) => !hidden.has(id)).length + 2; // the term, its standing, the sides
    for (const th of this._groupHeads) {
      if (th.colSpan !== span) th.colSpan = span;
    }
    // Rows, and each group's heading when any of its rows shows.
    const visible = visibleRows(this._rows, this._sides, v);
    for (const body of this._bodies) {
      let any = false;
      for (const row of body.rows) {
        const show = visible.has(row.id);
        if (row.el.hidden === show) {
          row.el.hidden = !show;
          moved = true;
        }
        any ||= show;
      }
      if (body.el.hidden === any) body.el.hidden = !any;
    }
    // The count, before the layout read below: written after it, its line
    // was laid out again on its own before the frame.
    const status = this._status;
    if (status) {
      const all = this._rows.length;
      const key = visible.size ? (visible.size === all ? "shownAll" : "shownSome") : "shownNone";
      const text = say(this._words, key, { count: all, shown: visible.size }, this._lang);
      if (status.textContent !== text) status.textContent = text;
    }
    // The filter button says how many filters are on; "Show everything"
    // sits beside it while any is.
    const on = [v.group, v.stance, v.consensus, v.q.trim(), v.differ, v.hide.length].filter(Boolean).length;
    const label = on ? say(this._words, "filterOn", { count: on }, this._lang) : say(this._words, "filter", {}, this._lang);
    if (this._toggle && this._toggle.textContent !== label) this._toggle.textContent = label;
    if (this._reset && this._reset.hidden === !!on) this._reset.hidden = !on;
    if (moved && this._ready) this._drawInView();
    return visible;
  }

  // Draws the rows a change brings on screen in the frame that shows it, up
  // to date. Off screen, a large table's rows are skipped
  // (content-visibility: auto), and the browser learns that one has come on
  // screen only after painting a frame: rows a filter shows, or a change
  // moves up, would be blank for that frame, and a row still waiting for a
  // side's cell to be hidden would show it. So the rows on screen now are
  // found (reading layout, which the frame would compute anyway), marked
  // in-view (drawn: main.css) and brought up to date; again while that
  // changes which rows are on screen (a skipped row's height is an estimate).
  private _drawInView(): void {
    const shown = this._bodyRows.filter((tr) => !tr.hidden && !(tr.parentElement as HTMLElement).hidden);
    const now = new Set<HTMLTableRowElement>();
    eachInView(shown, (tr) => {
      now.add(tr);
      const updated = !!this._updates?.refresh(tr);
      if (this._inView.has(tr)) return updated;
      tr.classList.add("in-view");
      this._inView.add(tr);
      return true;
    });
    // Rows no longer on screen go back to being skipped while off it.
    for (const tr of this._inView) {
      if (now.has(tr)) continue;
      tr.classList.remove("in-view");
      this._inView.delete(tr);
    }
  }

  private _apply(v: ViewState, record: boolean, replace = false): void {
    const prev = this._view;
    const changed = serializeState(v) !== serializeState(prev);
    this._view = v;
    this._writeForm(v);
    // Opening or closing a note leaves the rows and columns as they are.
    const visible = this._visible && sameRows(v, prev) ? this._visible : this._layout(v);
    this._visible = visible;
    this._showNote(v, visible);
    if (record && changed && this.hasAttribute("sync-url")) this._updateURL(replace);
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
