// <parley-matchup> enhances the server-rendered match-up of two sides: its
// two side pickers choose any pair, and the headline count, the table and
// what changed (for two sides of one actor) follow, computed from the
// model embedded in the page.
//
// Attributes: data-a, data-b (side ids; kept in step with the pickers);
//   sync-url  keep the pair in the page's query string (?matchup=a,b), so
//             that a reload or a shared link shows it; back and forward
//             walk through the pairs picked.
// Events: "parley-matchup:change" (detail: {a, b, same, total}).

import { changesBetween, compareSides } from "./lib/matchup";
import { readModel, type Model, type Position, type Side, type Verdict } from "./lib/model";
import { afterPaint } from "./lib/paint";
import { RowUpdates } from "./lib/rows";
import { readWords, say, type Words } from "./lib/words";

export interface MatchupChangeDetail {
  a: string;
  b: string;
  same: number;
  total: number;
}

export class ParleyMatchup extends HTMLElement {
  private _model: Model | null = null;
  // The table's rows, found once: a pick rewrites up to two cells per row of
  // a 60-row table, and querying them again each time costs more than that.
  // Each row also remembers what it shows (read once from the server's
  // markup), so that a pick compares with plain values rather than reading
  // the DOM back.
  private _rows: Row[] = [];
  // A stance as a cell shows it, built once per stance and claim and cloned
  // into each cell that needs it.
  private _stances = new Map<string, HTMLElement>();
  // A pick rewrites the rows on screen at once, the others after the paint.
  private _updates: RowUpdates | null = null;
  private _pair: Pair | null = null; // what the table shows, or is about to
  private _changesFor = ""; // the pair (a b) whose changes the box shows
  private _pickers: (HTMLSelectElement | null)[] = [];
  private _first = { a: "", b: "" }; // the pair the page was rendered with
  private _urlPair: [string, string] | null = null; // the pair the URL is to get after the paint, if any

  // The interface's words (data-words: lib/words.ts) and the page's language.
  private _w?: Words;
  private get _words(): Words {
    return (this._w ??= readWords(this.dataset.words));
  }
  private get _lang(): string {
    return document.documentElement.lang || "en";
  }

  connectedCallback(): void {
    if (this._model) return;
    this._model = readModel(document);
    const pickers = this.querySelector<HTMLElement>(".pickers");
    if (!this._model || !pickers) return;
    this._pickers = [pickers.querySelector<HTMLSelectElement>('select[name="a"]'), pickers.querySelector<HTMLSelectElement>('select[name="b"]')];
    this._changesFor = `${this.dataset.a} ${this.dataset.b}`;
    this._first = { a: this.dataset.a ?? "", b: this.dataset.b ?? "" };
    // The server rendered the stances of data-a and data-b: note them, so
    // that the first change rewrites only the column that changes.
    const m = this._model;
    const ia = m.sides.findIndex((s) => s.id === this.dataset.a);
    const ib = m.sides.findIndex((s) => s.id === this.dataset.b);
    this._rows = Array.from(this.querySelectorAll<HTMLTableRowElement>("table tbody tr"), (tr, i) => {
      const [a, b, verdict] = Array.from(tr.querySelectorAll<HTMLTableCellElement>("td"));
      const t = m.terms[i];
      return {
        tr,
        cells: [a, b],
        verdict,
        shown: {
          verdict: tr.getAttribute("data-verdict") ?? "",
          cls: verdict?.className ?? "",
          text: verdict?.textContent ?? "",
          keys: [t && ia >= 0 ? shownKey(t.positions[ia]!) : "", t && ib >= 0 ? shownKey(t.positions[ib]!) : ""],
        },
      };
    });
    this._updates = new RowUpdates(
      this._rows.map((r) => r.tr),
      (i) => this._row(i),
    );
    // While the page is idle, build the stance nodes a pick clones and check
    // the server-rendered table against the model (it agrees: nothing is
    // written), which also readies the code a pick runs.
    if (typeof requestIdleCallback === "function") {
      requestIdleCallback(() => {
        for (const t of m.terms) for (const p of t.positions) this._stanceProto(p);
        this._render(this.dataset.a ?? "", this.dataset.b ?? "");
      });
    }
    pickers.addEventListener("change", () => {
      const [a, b] = this._pickers;
      if (a && b) this.show(a.value, b.value, true);
    });
    if (this.hasAttribute("sync-url")) {
      window.addEventListener("popstate", () => {
        this._urlPair = null; // the URL is the reader's now
        this._fromURL();
      });
      this._fromURL();
    }
  }

  // Shows the pair the URL names, if it names one of this explainer's.
  private _fromURL(): void {
    const [a, b] = (new URLSearchParams(location.search).get("matchup") ?? "").split(",");
    const m = this._model;
    const known = (id?: string) => !!id && !!m?.sides.some((s) => s.id === id);
    const pick = known(a) && known(b) && a !== b ? [a!, b!] : [this._first.a, this._first.b];
    if (pick[0] !== this.dataset.a || pick[1] !== this.dataset.b) this.show(pick[0]!, pick[1]!);
  }

  // Writes the pair into the URL (a new history entry), or drops it when it
  // is the page's own.
  private _toURL(a: string, b: string): void {
    const p = new URLSearchParams(location.search);
    if (a === this._first.a && b === this._first.b) p.delete("matchup");
    else p.set("matchup", `${a},${b}`);
    const q = p.toString();
    const target = location.pathname + (q ? "?" + q : "") + location.hash;
    if (target !== location.pathname + location.search + location.hash) history.pushState(null, "", target);
  }

  /** Shows sides a and b head to head; record puts the pair in the URL (with sync-url). */
  show(a: string, b: string, record = false): void {
    const [pa, pb] = this._pickers;
    if (pa && pa.value !== a) pa.value = a;
    if (pb && pb.value !== b) pb.value = b;
    const counts = this._render(a, b);
    if (!counts) return;
    // The URL follows after the paint: rewriting it took several ms of the
    // pick's own frame.
    if (record && this.hasAttribute("sync-url")) {
      const pending = this._urlPair;
      this._urlPair = [a, b];
      if (!pending) {
        afterPaint(() => {
          if (this._urlPair) this._toURL(...this._urlPair);
          this._urlPair = null;
        });
      }
    }
    this.dispatchEvent(
      new CustomEvent<MatchupChangeDetail>("parley-matchup:change", {
        detail: { a, b, same: counts.same, total: this._model!.terms.length },
        bubbles: true,
      }),
    );
  }

  // Brings everything up to date with sides a and b, writing only what
  // differs; returns the counts, or null when a and b are not a pair.
  private _render(a: string, b: string): Record<Verdict, number> | null {
    const m = this._model;
    if (!m) return null;
    const sa = m.sides.find((s) => s.id === a);
    const sb = m.sides.find((s) => s.id === b);
    if (!sa || !sb) return null;
    if (this.dataset.a !== a) this.dataset.a = a;
    if (this.dataset.b !== b) this.dataset.b = b;
    const status = this.querySelector<HTMLElement>(".count");
    if (a === b) {
      if (status) status.textContent = say(this._words, "matchupPickTwo", {}, this._lang);
      return null;
    }
    const { verdicts, counts } = compareSides(m, a, b);
    const text = (el: Element | null | undefined, s: string) => {
      if (el && el.textContent !== s) el.textContent = s;
    };
    this.querySelectorAll<HTMLElement>(".side-a, .side-b").forEach((el) => text(el, el.classList.contains("side-a") ? sa.name : sb.name));
    const w = this._words;
    const lang = this._lang;
    text(
      status,
      say(w, "matchupCount", { count: m.terms.length, same: counts.same, different: counts.different, a: sa.name, onlyA: counts["only-a"], b: sb.name, onlyB: counts["only-b"], neither: counts.neither }, lang),
    );
    const table = this.querySelector("table");
    if (table) {
      text(table.querySelector("caption"), say(w, "matchupCaption", { a: sa.name, b: sb.name }, lang));
      text(table.querySelector(".head-a .full"), sa.name);
      text(table.querySelector(".head-a .short"), sa.short);
      text(table.querySelector(".head-b .full"), sb.name);
      text(table.querySelector(".head-b .short"), sb.short);
      this._pair = { a: sa, b: sb, ia: m.sides.indexOf(sa), ib: m.sides.indexOf(sb), verdicts };
      this._updates?.requestAll();
      this._updates?.refreshInView();
    }
    this._changes(m, a, b);
    return counts;
  }

  // Brings row i up to date with the pair. Only what changes is rewritten:
  // picking a new side B leaves side A's column as it is.
  private _row(i: number): void {
    const row = this._rows[i];
    const t = this._model?.terms[i];
    const pair = this._pair;
    if (!row || !t || !pair) return;
    const shown = row.shown;
    const v = pair.verdicts[i]!;
    if (shown.verdict !== v) row.tr.setAttribute("data-verdict", (shown.verdict = v));
    this._stance(row, 0, t.positions[pair.ia]!);
    this._stance(row, 1, t.positions[pair.ib]!);
    const verdict = row.verdict;
    if (verdict) {
      const cls = `verdict verdict-${v}`;
      const text = verdictLabel(this._words, v, pair.a.name, pair.b.name, this._lang);
      if (shown.cls !== cls) verdict.className = shown.cls = cls;
      if (shown.text !== text) verdict.textContent = shown.text = text;
    }
  }

  // Shows p in the row's cell k (0 for side A, 1 for side B).
  private _stance(row: Row, k: 0 | 1, p: Position): void {
    const td = row.cells[k];
    if (!td) return;
    const shown = row.shown;
    const key = shownKey(p);
    if (shown.keys[k] === key) return;
    shown.keys[k] = key;
    td.replaceChildren(this._stanceProto(p, key).cloneNode(true));
  }

  // The node a cell showing p clones, built once per stance and claim (key:
  // shownKey(p)).
  private _stanceProto(p: Position, key = shownKey(p)): HTMLElement {
    let proto = this._stances.get(key);
    if (!proto) this._stances.set(key, (proto = this._stanceNode(p)));
    return proto;
  }

  // The markup of _partials/parley/stance.html.
  private _stanceNode(p: Position): HTMLElement {
    const info = this._model!.stances.find((s) => s.id === p.stance);
    const span = document.createElement("span");
    span.className = `stance stance-${p.stance}`;
    const sym = document.createElement("span");
    sym.className = "sym";
    sym.setAttribute("aria-hidden", "true");
    sym.textContent = info?.symbol ?? "";
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = info?.label ?? p.stance;
    span.append(sym, " ", label);
    const wrap = document.createElement("span");
    wrap.className = p.claim ? "cell-stance claimed" : "cell-stance";
    wrap.append(span);
    if (p.claim) {
      const claim = document.createElement("span");
      claim.className = `claim claim-${p.claim}`;
      claim.textContent = say(this._words, p.claim === "reported" ? "claimReported" : "claimDisputed", {}, this._lang);
      wrap.append(" ", claim);
    }
    return wrap;
  }

  private _changes(m: Model, a: string, b: string): void {
    const box = this.querySelector<HTMLElement>(".changes");
    if (!box || this._changesFor === `${a} ${b}`) return;
    this._changesFor = `${a} ${b}`;
    const c = changesBetween(m, a, b);
    box.hidden = !c;
    if (!c) return;
    const name = (id: string) => m.sides.find((s) => s.id === id);
    const from = name(c.from)!;
    const to = name(c.to)!;
    const text = (id: string) => m.terms.find((t) => t.id === id)?.text ?? id;
    const w = this._words;
    const lang = this._lang;
    const p = document.createElement("p");
    const strong = (s: string) => Object.assign(document.createElement("strong"), { textContent: s });
    p.textContent = say(w, "changesFrom", { from: from.name, fromDate: from.date, to: to.name, toDate: to.date, added: c.added.length, dropped: c.dropped.length, changed: c.changed.length }, lang);
    const ul = document.createElement("ul");
    for (const [label, ids] of [
      ["changesAdded", c.added],
      ["changesDropped", c.dropped],
      ["changesChanged", c.changed],
    ] as const) {
      const li = document.createElement("li");
      li.append(strong(say(w, label, {}, lang)), ` (${ids.length}): ${ids.length ? ids.map(text).join("; ") : say(w, "none", {}, lang)}`);
      ul.append(li);
    }
    // The lists stay open or closed as the reader left them.
    let details = box.querySelector("details");
    if (!details) {
      details = document.createElement("details");
      details.append(Object.assign(document.createElement("summary"), { textContent: say(w, "changesWhich", {}, lang) }));
    }
    details.querySelector("ul")?.remove();
    details.append(ul);
    box.replaceChildren(p, details);
  }
}

// A row of the table: its cells and what they show now.
interface Row {
  tr: HTMLTableRowElement;
  cells: (HTMLTableCellElement | undefined)[]; // side A's and side B's
  verdict?: HTMLTableCellElement;
  shown: { verdict: string; cls: string; text: string; keys: string[] };
}

// The two sides a table shows, and their verdicts term by term.
interface Pair {
  a: Side;
  b: Side;
  ia: number;
  ib: number;
  verdicts: Verdict[];
}

// What a stance cell shows, to tell whether it needs rewriting.
function shownKey(p: Position): string {
  return `${p.stance} ${p.claim ?? ""}`;
}

export function verdictLabel(w: Words, v: Verdict, a: string, b: string, lang: string): string {
  switch (v) {
    case "same":
      return say(w, "matchupSame", {}, lang);
    case "different":
      return say(w, "matchupDifferent", {}, lang);
    case "only-a":
      return say(w, "matchupOnly", { side: a }, lang);
    case "only-b":
      return say(w, "matchupOnly", { side: b }, lang);
    case "neither":
      return say(w, "matchupNeither", {}, lang);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-matchup": ParleyMatchup;
  }
  interface HTMLElementEventMap {
    "parley-matchup:change": CustomEvent<MatchupChangeDetail>;
  }
}

if (!customElements.get("parley-matchup")) customElements.define("parley-matchup", ParleyMatchup);
