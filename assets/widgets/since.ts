// <parley-since> shows a returning reader what changed since their last
// visit: it marks the comparison's cells (td[data-changed]) and the
// updates (li[data-time]) newer than that visit, and says how many, with a
// button to clear the marks. Nothing leaves the browser: the last visit is
// the time of the newest update the page showed then, in local storage
// under "parley:seen:<slug>" (lib/since.ts); without storage, or on a
// first visit, it stays hidden. The server renders it hidden, so readers
// without script see nothing of it.
//
// Attributes: data-slug, data-updated (the page's newest update, RFC
// 3339), data-words (lib/words.ts: sinceCount, the status, with {count}
// and {date}; sinceNew, the cells' tag).
// Events: "parley-since:marked" (detail: {count}) once cells are marked.

import { changedSince, visit } from "./lib/since";
import { readWords, say } from "./lib/words";

export interface SinceMarkedDetail {
  count: number;
}

export class ParleySince extends HTMLElement {
  private _marked: HTMLElement[] = [];
  private _tags: HTMLElement[] = [];
  private _onClear = (): void => this.clear();

  connectedCallback(): void {
    const slug = this.dataset.slug ?? "";
    const updated = this.dataset.updated ?? "";
    const key = `parley:seen:${slug}`;
    let since = "";
    try {
      const v = visit(localStorage.getItem(key), sessionStorage.getItem(key), updated);
      localStorage.setItem(key, v.seen);
      sessionStorage.setItem(key, v.session);
      since = v.since;
    } catch {
      return; // storage refused: nothing to compare with
    }
    const cells = Array.from(document.querySelectorAll<HTMLElement>("td[data-changed]"));
    const newer = new Set(changedSince(cells.map((c) => c.dataset.changed ?? ""), since));
    const marked = cells.filter((c) => newer.has(c.dataset.changed ?? ""));
    if (!marked.length) return;
    // Each cell is outlined and says "new" to screen readers; its row's
    // heading says it to everyone (a cell is too narrow for a word).
    const lang = document.documentElement.lang || "en";
    const words = readWords(this.dataset.words);
    const label = say(words, "sinceNew", {}, lang);
    const tag = (parent: Element | null | undefined, className: string): void => {
      if (!parent) return;
      const span = document.createElement("span");
      span.className = className;
      span.textContent = className === "vh" ? ` (${label})` : label;
      parent.append(span);
      this._tags.push(span);
    };
    const rows = new Set<Element>();
    for (const c of marked) {
      c.classList.add("is-new");
      tag(c.querySelector(".note-open") ?? c, "vh");
      const row = c.closest("tr");
      if (row && !rows.has(row)) {
        rows.add(row);
        tag(row.querySelector("th .term"), "new-tag");
      }
    }
    for (const li of document.querySelectorAll<HTMLElement>(".update-list > li[data-time]")) {
      if (changedSince([li.dataset.time ?? ""], since).length) {
        li.classList.add("is-new");
        this._marked.push(li);
      }
    }
    this._marked.push(...marked);
    const text = say(words, "sinceCount", { count: marked.length, date: this._date(since, lang) }, lang);
    const status = this.querySelector(".since-status");
    if (status) status.textContent = text;
    this.querySelector(".since-clear")?.addEventListener("click", this._onClear);
    this.hidden = false;
    this.dispatchEvent(new CustomEvent<SinceMarkedDetail>("parley-since:marked", { detail: { count: marked.length }, bubbles: true }));
  }

  // _date is how the page writes the time of the update last seen (it is
  // one of its updates, unless gone since), or else the browser's way.
  private _date(since: string, lang: string): string {
    const shown = document.querySelector(`.update-list time[datetime="${since}"]`)?.textContent;
    return shown || new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(since));
  }

  disconnectedCallback(): void {
    this.querySelector(".since-clear")?.removeEventListener("click", this._onClear);
  }

  /** clear removes the marks and hides the view; the visit stays seen. */
  clear(): void {
    for (const el of this._marked) el.classList.remove("is-new");
    for (const tag of this._tags) tag.remove();
    this._marked = [];
    this._tags = [];
    this.hidden = true;
    try {
      sessionStorage.setItem(`parley:seen:${this.dataset.slug ?? ""}`, this.dataset.updated ?? "");
    } catch {
      // nothing to forget
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "parley-since": ParleySince;
  }
  interface HTMLElementEventMap {
    "parley-since:marked": CustomEvent<SinceMarkedDetail>;
  }
}

if (!customElements.get("parley-since")) customElements.define("parley-since", ParleySince);
