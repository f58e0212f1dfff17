// <parley-scoreboard> makes each category's link (agreed, contested,
// unaddressed) filter the comparison on the same page in place, rather than
// load the page again: it sets the compare widget's "standing" filter,
// marks the category chosen and moves focus to the comparison. Without a
// compare widget on the page (an embed), or without script, the links open
// the explainer's comparison filtered by its URL.
//
// Attributes: for (optional: the id of the parley-compare to drive; default
// the first on the page).
// Events: "parley-scoreboard:select" (detail: {consensus}).

import type { ParleyCompare } from "./compare";

export interface ScoreboardSelectDetail {
  consensus: string;
}

export class ParleyScoreboard extends HTMLElement {
  private _wired = false;
  private _links: HTMLAnchorElement[] = [];
  private _onChange = (e: CustomEvent<{ view: { consensus: string } }>) => this._mark(e.detail.view.consensus);

  connectedCallback(): void {
    if (!this._wired) {
      this._wired = true;
      this._links = Array.from(this.querySelectorAll<HTMLAnchorElement>("a[data-consensus]"));
      this.addEventListener("click", (e) => {
        const link = (e.target as HTMLElement).closest<HTMLAnchorElement>("a[data-consensus]");
        if (!link || !this._compare() || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        this.select(link.dataset.consensus ?? "");
      });
    }
    document.addEventListener("parley-compare:change", this._onChange);
    const compare = this._compare();
    if (compare) this._mark(compare.view.consensus);
  }

  disconnectedCallback(): void {
    document.removeEventListener("parley-compare:change", this._onChange);
  }

  private _compare(): ParleyCompare | null {
    const id = this.getAttribute("for");
    return (id ? document.getElementById(id) : document.querySelector("parley-compare")) as ParleyCompare | null;
  }

  /** Filters the comparison to one category ("" for all) and moves focus to it. */
  select(consensus: string): void {
    const compare = this._compare();
    if (!compare) return;
    const next = compare.view.consensus === consensus ? "" : consensus;
    compare.setView({ consensus: next });
    this.dispatchEvent(
      new CustomEvent<ScoreboardSelectDetail>("parley-scoreboard:select", { detail: { consensus: next }, bubbles: true }),
    );
    if (next) {
      const target = compare.querySelector<HTMLElement>("caption") ?? compare;
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  }

  // The chosen category's link is marked as the current one.
  private _mark(consensus: string): void {
    for (const a of this._links) {
      if (a.dataset.consensus === consensus) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-scoreboard": ParleyScoreboard;
  }
  interface HTMLElementEventMap {
    "parley-scoreboard:select": CustomEvent<ScoreboardSelectDetail>;
  }
  interface DocumentEventMap {
    "parley-scoreboard:select": CustomEvent<ScoreboardSelectDetail>;
  }
}

if (!customElements.get("parley-scoreboard")) customElements.define("parley-scoreboard", ParleyScoreboard);
