// <parley-scoreboard> makes each category (agreed, contested, unaddressed)
// filter the page's comparison: choosing one sets the compare widget's
// "standing" filter and moves focus to it. Without a compare widget on the
// page, or without script, the categories are plain lists.
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
  private _buttons: HTMLButtonElement[] = [];

  connectedCallback(): void {
    if (this._wired) return;
    this._wired = true;
    this._buttons = Array.from(this.querySelectorAll<HTMLButtonElement>("button[data-consensus]"));
    this.addEventListener("click", (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-consensus]");
      if (button) this.select(button.dataset.consensus ?? "");
    });
    document.addEventListener("parley-compare:change", (e) => this._mark(e.detail.view.consensus));
    const compare = this._compare();
    if (compare) this._mark(compare.view.consensus);
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

  private _mark(consensus: string): void {
    for (const b of this._buttons) {
      const pressed = String(b.dataset.consensus === consensus);
      if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
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
}

if (!customElements.get("parley-scoreboard")) customElements.define("parley-scoreboard", ParleyScoreboard);
