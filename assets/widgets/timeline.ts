// <parley-timeline> makes the server-rendered list of events navigable as
// one stop in the tab order: Up/Down (or Left/Right) move between events,
// Home and End jump to the first and the latest. It changes no layout.
//
// Attributes: none. Events: none.

export class ParleyTimeline extends HTMLElement {
  private _items: HTMLLIElement[] = [];

  connectedCallback(): void {
    if (this._items.length) return;
    this._items = Array.from(this.querySelectorAll<HTMLLIElement>("ol.events > li"));
    if (this._items.length < 2) return;
    const latest = this._items.findIndex((li) => li.classList.contains("latest"));
    this._items.forEach((li, i) => (li.tabIndex = i === (latest < 0 ? 0 : latest) ? 0 : -1));
    this.addEventListener("keydown", (e) => this._onKey(e));
  }

  private _onKey(e: KeyboardEvent): void {
    const i = this._items.indexOf(e.target as HTMLLIElement);
    if (i < 0) return;
    const last = this._items.length - 1;
    const next =
      e.key === "ArrowDown" || e.key === "ArrowRight" ? Math.min(i + 1, last)
      : e.key === "ArrowUp" || e.key === "ArrowLeft" ? Math.max(i - 1, 0)
      : e.key === "Home" ? 0
      : e.key === "End" ? last
      : -1;
    if (next < 0) return;
    e.preventDefault();
    this._items[i]!.tabIndex = -1;
    this._items[next]!.tabIndex = 0;
    this._items[next]!.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-timeline": ParleyTimeline;
  }
}

if (!customElements.get("parley-timeline")) customElements.define("parley-timeline", ParleyTimeline);
