// Which rows of the comparison a view shows.

import type { ViewState } from "./state";

export interface Row {
  id: string;
  group: string;
  consensus: string;
  text: string; // the term's text, explanation and notes, for search
  stances: Record<string, string>; // side id -> stance
}

/** Reports whether every word of query occurs in text, ignoring case. */
export function matches(text: string, query: string): boolean {
  const hay = text.toLocaleLowerCase();
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/** Reports whether the given stances are not all the same. */
export function differ(stances: string[]): boolean {
  return stances.some((s) => s !== stances[0]);
}

/** Returns the ids of the rows the view shows, among the sides not hidden. */
export function visibleRows(rows: Row[], sides: string[], s: ViewState): Set<string> {
  const shown = sides.filter((id) => !s.hide.includes(id));
  const out = new Set<string>();
  for (const r of rows) {
    const stances = shown.map((id) => r.stances[id] ?? "silent");
    if (s.group && r.group !== s.group) continue;
    if (s.consensus && r.consensus !== s.consensus) continue;
    if (s.stance && !stances.includes(s.stance)) continue;
    if (s.differ && !differ(stances)) continue;
    if (s.q && !matches(r.text, s.q)) continue;
    out.add(r.id);
  }
  return out;
}
