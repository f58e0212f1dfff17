// Which rows of the comparison a view shows.

import type { ViewState } from "./state";

export interface Row {
  id: string;
  group: string;
  consensus: string;
  text: string; // the term's text, explanation and notes, for search: searchable()
  stances: Record<string, string>; // side id -> stance
}

/** Returns text as search compares it (lower case): a Row's text is searchable(text). */
export function searchable(text: string): string {
  return text.toLocaleLowerCase();
}

// The words of a query, as search looks for them.
function words(query: string): string[] {
  return searchable(query).split(/\s+/).filter(Boolean);
}


/** Reports whether the given stances are not all the same. */
export function differ(stances: string[]): boolean {
  return stances.some((s) => s !== stances[0]);
}

/** Returns the ids of the rows the view shows, among the sides not hidden. */
export function visibleRows(rows: Row[], sides: string[], s: ViewState): Set<string> {
  const shown = sides.filter((id) => !s.hide.includes(id));
  // Search: every word of the query occurs in the row's text, ignoring
  // case. Rows' texts are searchable already: a keystroke lowers the query
  // only.
  const q = words(s.q);
  const out = new Set<string>();
  const byStance = !!s.stance || s.differ;
  for (const r of rows) {
    if (s.group && r.group !== s.group) continue;
    if (s.consensus && r.consensus !== s.consensus) continue;
    if (byStance) {
      const stances = shown.map((id) => r.stances[id] ?? "silent");
      if (s.stance && !stances.includes(s.stance)) continue;
      if (s.differ && !differ(stances)) continue;
    }
    if (q.length && !q.every((word) => r.text.includes(word))) continue;
    out.add(r.id);
  }
  return out;
}

/** Reports whether views a and b show the same rows and sides (they may differ in the open note). */
export function sameRows(a: ViewState, b: ViewState): boolean {
  return (
    a.group === b.group &&
    a.stance === b.stance &&
    a.consensus === b.consensus &&
    a.q === b.q &&
    a.differ === b.differ &&
    a.hide.length === b.hide.length &&
    a.hide.every((id) => b.hide.includes(id))
  );
}
