// <parley-matchup> enhances the server-rendered match-up of two sides: its
// two side pickers choose any pair, and the headline count, the table and
// what changed (for two sides of one actor) follow, computed from the
// model embedded in the page.
//
// Attributes: data-a, data-b (side ids; kept in step with the pickers).
// Events: "parley-matchup:change" (detail: {a, b, same, total}).

import { changesBetween, compareSides } from "./lib/matchup";
import { readModel, type Model, type Position, type Verdict } from "./lib/model";

export interface MatchupChangeDetail {
  a: string;
  b: string;
  same: number;
  total: number;
}

export class ParleyMatchup extends HTMLElement {
  #model: Model | null = null;

  connectedCallback(): void {
    if (this.#model) return;
    this.#model = readModel(document);
    const form = this.querySelector<HTMLFormElement>("form.controls");
    if (!this.#model || !form) return;
    // The server rendered the stances of data-a and data-b: note them, so
    // that the first change rewrites only the column that changes.
    const m = this.#model;
    const ia = m.sides.findIndex((s) => s.id === this.dataset.a);
    const ib = m.sides.findIndex((s) => s.id === this.dataset.b);
    if (ia >= 0 && ib >= 0) {
      this.querySelectorAll<HTMLTableRowElement>("table tbody tr").forEach((tr, i) => {
        const t = m.terms[i];
        const cells = tr.querySelectorAll<HTMLTableCellElement>("td");
        if (!t || !cells[0] || !cells[1]) return;
        cells[0].dataset.shown = shownKey(t.positions[ia]!);
        cells[1].dataset.shown = shownKey(t.positions[ib]!);
      });
    }
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("change", () => {
      const a = (form.elements.namedItem("a") as HTMLSelectElement).value;
      const b = (form.elements.namedItem("b") as HTMLSelectElement).value;
      this.show(a, b);
    });
  }

  /** Shows sides a and b head to head. */
  show(a: string, b: string): void {
    const m = this.#model;
    if (!m) return;
    const sa = m.sides.find((s) => s.id === a);
    const sb = m.sides.find((s) => s.id === b);
    if (!sa || !sb) return;
    this.dataset.a = a;
    this.dataset.b = b;
    const status = this.querySelector<HTMLElement>(".count");
    if (a === b) {
      if (status) status.textContent = "Pick two different sides to compare.";
      return;
    }
    const { verdicts, counts } = compareSides(m, a, b);
    const ia = m.sides.indexOf(sa);
    const ib = m.sides.indexOf(sb);
    const names = this.querySelectorAll<HTMLElement>(".side-a, .side-b");
    names.forEach((el) => (el.textContent = el.classList.contains("side-a") ? sa.name : sb.name));
    if (status) {
      status.textContent =
        `They agree on ${counts.same} of ${m.terms.length} terms, differ on ${counts.different}; ` +
        `only ${sa.name} addresses ${counts["only-a"]}, only ${sb.name} addresses ${counts["only-b"]}, ` +
        `neither addresses ${counts.neither}.`;
    }
    const table = this.querySelector("table");
    if (table) {
      const caption = table.querySelector("caption");
      if (caption) caption.textContent = `${sa.name} and ${sb.name}, term by term`;
      const heads = table.querySelectorAll("thead th");
      if (heads[1]) heads[1].textContent = sa.name;
      if (heads[2]) heads[2].textContent = sb.name;
      const rows = table.querySelectorAll<HTMLTableRowElement>("tbody tr");
      // Only what changes is rewritten: picking a new side B leaves side A's
      // column as it is.
      m.terms.forEach((t, i) => {
        const tr = rows[i];
        if (!tr) return;
        const v = verdicts[i]!;
        if (tr.dataset.verdict !== v) tr.dataset.verdict = v;
        const cells = tr.querySelectorAll<HTMLTableCellElement>("td");
        this.#stance(cells[0], sa.name, t.positions[ia]!);
        this.#stance(cells[1], sb.name, t.positions[ib]!);
        const verdict = cells[2];
        if (verdict) {
          const cls = `verdict verdict-${v}`;
          const label = verdictLabel(v, sa.name, sb.name);
          if (verdict.className !== cls) verdict.className = cls;
          if (verdict.textContent !== label) verdict.textContent = label;
        }
      });
    }
    this.#changes(m, a, b);
    this.dispatchEvent(
      new CustomEvent<MatchupChangeDetail>("parley-matchup:change", {
        detail: { a, b, same: counts.same, total: m.terms.length },
        bubbles: true,
      }),
    );
  }

  #stance(td: HTMLTableCellElement | undefined, label: string, p: Position): void {
    if (!td) return;
    if (td.dataset.label !== label) td.dataset.label = label;
    const shown = shownKey(p);
    if (td.dataset.shown === shown) return;
    td.dataset.shown = shown;
    const info = this.#model!.stances.find((s) => s.id === p.stance);
    const span = document.createElement("span");
    span.className = `stance stance-${p.stance}`;
    const sym = document.createElement("span");
    sym.className = "sym";
    sym.setAttribute("aria-hidden", "true");
    sym.textContent = info?.symbol ?? "";
    span.append(sym, ` ${info?.label ?? p.stance}`);
    const wrap = document.createElement("span");
    wrap.className = "cell-stance";
    wrap.append(span);
    if (p.claim) {
      const claim = document.createElement("span");
      claim.className = `claim claim-${p.claim}`;
      claim.textContent = p.claim;
      wrap.append(" ", claim);
    }
    td.replaceChildren(wrap);
  }

  #changes(m: Model, a: string, b: string): void {
    const box = this.querySelector<HTMLElement>(".changes");
    if (!box) return;
    const c = changesBetween(m, a, b);
    box.hidden = !c;
    if (!c) return;
    const name = (id: string) => m.sides.find((s) => s.id === id);
    const from = name(c.from)!;
    const to = name(c.to)!;
    const text = (id: string) => m.terms.find((t) => t.id === id)?.text ?? id;
    const p = document.createElement("p");
    const strong = (s: string) => Object.assign(document.createElement("strong"), { textContent: s });
    p.append("What changed from ", strong(from.name), ` (${from.date}) to `, strong(to.name), ` (${to.date}):`);
    const ul = document.createElement("ul");
    for (const [label, ids] of [
      ["Added", c.added],
      ["Dropped", c.dropped],
      ["Changed", c.changed],
    ] as const) {
      const li = document.createElement("li");
      li.append(strong(label), ` (${ids.length}): ${ids.length ? ids.map(text).join("; ") : "none"}`);
      ul.append(li);
    }
    box.replaceChildren(p, ul);
  }
}

// What a stance cell shows, to tell whether it needs rewriting.
function shownKey(p: Position): string {
  return `${p.stance} ${p.claim ?? ""}`;
}

export function verdictLabel(v: Verdict, a: string, b: string): string {
  switch (v) {
    case "same":
      return "Same stance";
    case "different":
      return "Different stances";
    case "only-a":
      return `Only ${a}`;
    case "only-b":
      return `Only ${b}`;
    case "neither":
      return "Neither addresses it";
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
