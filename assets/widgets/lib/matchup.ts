// Two sides head to head, computed from the model as compile does in Go
// (tools/internal/compile), so that the widget can compare any pair.

import type { Model, Stance, Verdict } from "./model";

export function verdict(a: Stance, b: Stance): Verdict {
  if (a === "silent" && b === "silent") return "neither";
  if (b === "silent") return "only-a";
  if (a === "silent") return "only-b";
  return a === b ? "same" : "different";
}

export interface Comparison {
  verdicts: Verdict[]; // aligned with model.terms
  counts: Record<Verdict, number>;
}

export function compareSides(m: Model, a: string, b: string): Comparison {
  const ia = m.sides.findIndex((s) => s.id === a);
  const ib = m.sides.findIndex((s) => s.id === b);
  const counts: Record<Verdict, number> = { same: 0, different: 0, "only-a": 0, "only-b": 0, neither: 0 };
  const verdicts = m.terms.map((t) => {
    const v = verdict(t.positions[ia]!.stance, t.positions[ib]!.stance);
    counts[v]++;
    return v;
  });
  return { verdicts, counts };
}

export interface Changes {
  from: string;
  to: string;
  added: string[];
  dropped: string[];
  changed: string[];
}

/**
 * What changed between two sides that share an actor, from the earlier to the
 * later, or null when they share none.
 */
export function changesBetween(m: Model, a: string, b: string): Changes | null {
  const actor = m.actors.find((x) => x.sides.includes(a) && x.sides.includes(b));
  if (!actor) return null;
  const [from, to] = actor.sides.indexOf(a) < actor.sides.indexOf(b) ? [a, b] : [b, a];
  const { verdicts } = compareSides(m, from, to);
  const c: Changes = { from, to, added: [], dropped: [], changed: [] };
  verdicts.forEach((v, i) => {
    const id = m.terms[i]!.id;
    if (v === "only-b") c.added.push(id);
    else if (v === "only-a") c.dropped.push(id);
    else if (v === "different") c.changed.push(id);
  });
  return c;
}
