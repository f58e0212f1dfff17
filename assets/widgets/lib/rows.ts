// Updates to a long table's rows, done on screen first.

import { afterPaint } from "./paint";

/**
 * RowUpdates brings rows up to date on screen first: a row on screen is
 * updated at once, in the interaction's frame, and the others after that
 * frame is painted, or as soon as one comes on screen. A reader sees a
 * handful of a long table's rows; laying out and painting the rest too would
 * cost the interaction several times as much.
 */
export class RowUpdates {
  private _index = new Map<Element, number>();
  private _onScreen: Set<number> | null = null; // null until first known: then every row counts as on screen
  private _stale = new Set<number>(); // rows off screen waiting for their update
  private _flush = 0; // the pending update of stale rows (afterPaint), or 0

  private _update: (i: number) => void;

  /** update(i) brings row i, rows[i], up to date. */
  constructor(rows: Element[], update: (i: number) => void) {
    this._update = update;
    if (typeof IntersectionObserver !== "function") return;
    rows.forEach((row, i) => this._index.set(row, i));
    const io = new IntersectionObserver((entries) => {
      const on = (this._onScreen ??= new Set());
      for (const e of entries) {
        const i = this._index.get(e.target)!;
        if (!e.isIntersecting) on.delete(i);
        else if ((on.add(i), this._stale.delete(i))) this._update(i);
      }
    });
    for (const row of rows) io.observe(row);
  }

  /** Row i needs updating: now if it is on screen, later otherwise. */
  request(i: number): void {
    const on = this._onScreen;
    if (!on || on.has(i)) {
      this._stale.delete(i);
      this._update(i);
      return;
    }
    this._stale.add(i);
    this._flush ||= afterPaint(() => {
      this._flush = 0;
      for (const j of this._stale) this._update(j);
      this._stale.clear();
    });
  }
}
