// The compiled model the page embeds as JSON (tools/internal/compile), as far
// as the widgets read it.

export type Stance = "supports" | "opposes" | "conditional" | "unclear" | "silent";
export type Consensus = "agreed" | "contested" | "unaddressed";
export type Verdict = "same" | "different" | "only-a" | "only-b" | "neither";

export interface StanceInfo {
  id: Stance;
  label: string;
  symbol: string;
}

export interface Side {
  id: string;
  name: string;
  short: string;
  actors: string[];
  date: string;
  claim?: string;
}

export interface Position {
  side: string;
  stance: Stance;
  claim?: string;
}

export interface Term {
  id: string;
  group: string;
  text: string;
  positions: Position[];
  consensus: Consensus;
}

export interface Actor {
  id: string;
  sides: string[];
}

export interface Model {
  slug: string;
  stances: StanceInfo[];
  actors: Actor[];
  sides: Side[];
  groups: string[];
  terms: Term[];
}

/** Reads the model embedded in the page, or null when there is none. */
export function readModel(doc: Document): Model | null {
  const el = doc.getElementById("parley-model");
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as Model;
  } catch {
    return null;
  }
}
