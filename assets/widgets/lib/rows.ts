// Updates to a long table's rows, done on screen first.

import { afterPaint } from "./paint";

/**
 * RowUpdates brings rows up to date on screen first: after requestAll, the
 * caller brings the rows in view up to date at once, in the interaction's
 * frame (refresh, refreshInView: rows found by reading layout), and the
 * others are brought up to date after that frame is painted. A reader sees
 * a handful of a long table's rows; laying out and painting the rest too
 * would cost the interaction several times as much.
 */
export class RowUpdates {
  private _index = new Map<Element, number>();
  private _stale = new Set<number>(); // rows waiting for their update
  private _flush = 0; // the pending update of stale rows (afterPaint), or 0

  private _update: (i: number) => void;
  private _rows: Element[];

  /** update(i) brings row i, rows[i], up to date. */
  constructor(rows: Element[], update: (i: number) => void) {
    this._update = update;
    this._rows = rows;
    rows.forEach((row, i) => this._index.set(row, i));
  }

  /** Brings row up to date now if it is one waiting for its update; reports whether it was. */
  refresh(row: Element): boolean {
    const i = this._index.get(row);
    if (i === undefined || !this._stale.delete(i)) return false;
    this._update(i);
    return true;
  }

  /**
   * Brings the rows in view up to date now (reading layout): rewriting the
   * rows on screen can change their heights and move rows still waiting
   * into view. The rows must all take space (none hidden).
   */
  refreshInView(): void {
    eachInView(this._rows, (row) => this.refresh(row));
  }

  /**
   * Every row needs updating: all of them now when now is true (as the page
   * loads), otherwise the rows the caller refreshes now and the others after
   * the paint.
   */
  requestAll(now = false): void {
    for (let i = 0; i < this._rows.length; i++) {
      if (now) {
        this._stale.delete(i);
        this._update(i);
      } else this._stale.add(i);
    }
    if (!this._stale.size) return;
    this._flush ||= afterPaint(() => {
      this._flush = 0;
      for (const j of this._stale) this._update(j);
      this._stale.clear();
    });
  }
}

/**
 * Calls visit(row) for each of rows (elements stacked top to bottom in
 * document order, none hidden) that is in the viewport, and again, for the
 * rows then in it, while a visit reports that it changed something (which
 * can move rows), for at most maxPasses passes: rows whose heights keep
 * changing do not keep the interaction waiting. It reads layout (a binary
 * search over the rows' boxes), so a caller writes first.
 */
export function eachInView<E extends Element>(rows: E[], visit: (row: E) => boolean): void {
  for (let pass = 0; pass < maxPasses; pass++) {
    const [from, to] = inViewport(rows);
    let changed = false;
    for (let k = from; k < to; k++) if (visit(rows[k]!)) changed = true;
    if (!changed) break;
  }
}

const maxPasses = 4;

// The range [from, to) of rows in the viewport.
function inViewport(rows: Element[]): [number, number] {
  const height = window.innerHeight;
  let from = 0;
  let to = rows.length;
  while (from < to) {
    const mid = (from + to) >> 1;
    if (rows[mid]!.getBoundingClientRect().bottom <= 0) from = mid + 1;
    else to = mid;
  }
  to = from;
  while (to < rows.length && rows[to]!.getBoundingClientRect().top < height) to++;
  return [from, to];
}
