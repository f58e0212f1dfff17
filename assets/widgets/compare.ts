// <parley-compare> enhances the server-rendered comparison table with a
// search box that hides the terms whose text and notes do not match.
//
// Attributes: none yet. Events: "parley-compare:filter" (detail: {query,
// shown}) after each change of the visible rows.

export interface CompareFilterDetail {
  query: string;
  shown: number;
}

/** Reports whether a row's text matches every word of the query. */
export function matches(text: string, query: string): boolean {
  const hay = text.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

export class ParleyCompare extends HTMLElement {
  #input: HTMLInputElement | null = null;
  #status: HTMLElement | null = null;

  connectedCallback(): void {
    if (this.#input) return;
    const label = document.createElement("label");
    label.className = "compare-search";
    label.textContent = "Search terms and notes ";
    const input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    label.append(input);
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    this.prepend(label, status);
    input.addEventListener("input", () => this.filter(input.value));
    this.#input = input;
    this.#status = status;
  }

  /** Shows only the rows matching query, and each group's heading if any row of it shows. */
  filter(query: string): number {
    let shown = 0;
    for (const body of Array.from(this.querySelectorAll<HTMLTableSectionElement>("tbody"))) {
      let inGroup = 0;
      for (const row of Array.from(body.querySelectorAll<HTMLTableRowElement>("tr[data-term]"))) {
        const hit = matches(row.textContent ?? "", query);
        row.hidden = !hit;
        if (hit) inGroup++;
      }
      body.hidden = inGroup === 0;
      shown += inGroup;
    }
    if (this.#status) this.#status.textContent = `${shown} terms shown`;
    this.dispatchEvent(
      new CustomEvent<CompareFilterDetail>("parley-compare:filter", { detail: { query, shown }, bubbles: true }),
    );
    return shown;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-compare": ParleyCompare;
  }
  interface HTMLElementEventMap {
    "parley-compare:filter": CustomEvent<CompareFilterDetail>;
  }
}

if (!customElements.get("parley-compare")) {
  customElements.define("parley-compare", ParleyCompare);
}
