// The compare widget's view, kept in the URL's query so that a shared link
// reproduces it and back/forward walk through it.

export interface ViewState {
  group: string; // "" for all groups
  stance: string; // "" for any stance
  consensus: string; // "" for any; agreed | contested | unaddressed
  differ: boolean; // only terms where the shown sides differ
  hide: string[]; // side ids hidden, sorted
  q: string; // search text
  open: string; // "term.side" of the open cell, or ""
}

export const defaultState: ViewState = {
  group: "",
  stance: "",
  consensus: "",
  differ: false,
  hide: [],
  q: "",
  open: "",
};

// The query keys, in the order they are written.
const keys = ["group", "stance", "consensus", "differ", "hide", "q", "open"] as const;

/** Parses a location.search string; unknown keys are ignored, bad values dropped. */
export function parseState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const hide = (p.get("hide") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    group: p.get("group") ?? "",
    stance: p.get("stance") ?? "",
    consensus: p.get("consensus") ?? "",
    differ: p.get("differ") === "1",
    hide: Array.from(new Set(hide)).sort(),
    q: p.get("q") ?? "",
    open: p.get("open") ?? "",
  };
}

/**
 * Serializes a state into a query string ("" or "?..."), keeping any other
 * parameters of base and omitting defaults, so equal views give equal URLs.
 */
export function serializeState(s: ViewState, base = ""): string {
  const p = new URLSearchParams(base);
  for (const k of keys) p.delete(k);
  if (s.group) p.set("group", s.group);
  if (s.stance) p.set("stance", s.stance);
  if (s.consensus) p.set("consensus", s.consensus);
  if (s.differ) p.set("differ", "1");
  if (s.hide.length) p.set("hide", [...s.hide].sort().join(","));
  if (s.q.trim()) p.set("q", s.q.trim());
  if (s.open) p.set("open", s.open);
  const out = p.toString();
  return out ? "?" + out : "";
}

/** Drops values that name no group, stance, side or consensus of this explainer. */
export function sanitizeState(
  s: ViewState,
  known: { groups: string[]; stances: string[]; sides: string[]; terms: string[] },
): ViewState {
  const [term, side] = s.open.split(".");
  return {
    ...s,
    group: known.groups.includes(s.group) ? s.group : "",
    stance: known.stances.includes(s.stance) ? s.stance : "",
    consensus: ["agreed", "contested", "unaddressed"].includes(s.consensus) ? s.consensus : "",
    hide: s.hide.filter((id) => known.sides.includes(id)),
    open: term && side && known.terms.includes(term) && known.sides.includes(side) ? s.open : "",
  };
}
