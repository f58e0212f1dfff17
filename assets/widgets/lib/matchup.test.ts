import { test } from "node:test";
import assert from "node:assert/strict";
import { changesBetween, compareSides, verdict } from "./matchup";
import type { Model, Stance } from "./model";

function model(stances: Record<string, Stance[]>): Model {
  const sides = ["us-march", "us-april", "ru"];
  return {
    slug: "t",
    stances: [],
    groups: ["G"],
    actors: [
      { id: "us", sides: ["us-march", "us-april"] },
      { id: "ru", sides: ["ru"] },
    ],
    sides: sides.map((id) => ({ id, name: id, short: id, actors: [id.split("-")[0]!], date: "2025-01" })),
    terms: Object.entries(stances).map(([id, s]) => ({
      id,
      group: "G",
      text: id,
      consensus: "contested",
      positions: s.map((stance, i) => ({ side: sides[i]!, stance })),
    })),
  };
}

test("verdict", () => {
  assert.equal(verdict("supports", "supports"), "same");
  assert.equal(verdict("supports", "opposes"), "different");
  assert.equal(verdict("conditional", "silent"), "only-a");
  assert.equal(verdict("silent", "unclear"), "only-b");
  assert.equal(verdict("silent", "silent"), "neither");
});

const m = model({
  //        us-march    us-april      ru
  ceasefire: ["supports", "supports", "opposes"],
  crimea: ["silent", "supports", "silent"],
  nato: ["supports", "opposes", "supports"],
  sanctions: ["conditional", "silent", "silent"],
  arms: ["silent", "silent", "supports"],
});

test("compare sides counts like the Go compile stage", () => {
  const c = compareSides(m, "us-march", "us-april");
  assert.deepEqual(c.verdicts, ["same", "only-b", "different", "only-a", "neither"]);
  assert.deepEqual(c.counts, { same: 1, different: 1, "only-a": 1, "only-b": 1, neither: 1 });
  assert.deepEqual(compareSides(m, "us-april", "ru").counts, { same: 0, different: 2, "only-a": 1, "only-b": 1, neither: 1 });
});

test("what changed, from the earlier side of one actor, in either order", () => {
  const want = { from: "us-march", to: "us-april", added: ["crimea"], dropped: ["sanctions"], changed: ["nato"] };
  assert.deepEqual(changesBetween(m, "us-march", "us-april"), want);
  assert.deepEqual(changesBetween(m, "us-april", "us-march"), want);
  assert.equal(changesBetween(m, "us-march", "ru"), null);
});
