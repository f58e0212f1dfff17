import { test } from "node:test";
import assert from "node:assert/strict";
import { differ, sameRows, searchable, visibleRows, type Row } from "./filter";
import { defaultState } from "./state";

const rows: Row[] = (
  [
  { id: "ceasefire", group: "Sequencing", consensus: "contested", text: "A ceasefire comes first. Calls for 30 days.", stances: { us: "supports", ru: "opposes", ua: "supports" } },
  { id: "crimea", group: "Territory", consensus: "contested", text: "Crimea recognised as Russian", stances: { us: "supports", ru: "silent", ua: "opposes" } },
  { id: "arms", group: "Security", consensus: "unaddressed", text: "Limits on arms supplies", stances: { us: "silent", ru: "silent", ua: "silent" } },
  { id: "nato", group: "Security", consensus: "agreed", text: "Ukraine stays out of NATO", stances: { us: "supports", ru: "supports", ua: "supports" } },
  ] as Row[]
).map((r) => ({ ...r, text: searchable(r.text) }));
const sides = ["us", "ru", "ua"];
const ids = (s: Partial<typeof defaultState>) => [...visibleRows(rows, sides, { ...defaultState, ...s })];

test("differ", () => {
  assert.ok(differ(["supports", "opposes"]));
  assert.ok(!differ(["silent", "silent"]));
  assert.ok(!differ([]));
});

test("visible rows", () => {
  const cases: [Partial<typeof defaultState>, string[]][] = [
    [{}, ["ceasefire", "crimea", "arms", "nato"]],
    [{ group: "Security" }, ["arms", "nato"]],
    [{ stance: "opposes" }, ["ceasefire", "crimea"]],
    [{ stance: "opposes", hide: ["ua"] }, ["ceasefire"]],
    [{ consensus: "contested" }, ["ceasefire", "crimea"]],
    [{ differ: true }, ["ceasefire", "crimea"]],
    [{ differ: true, hide: ["ru"] }, ["crimea"]],
    [{ differ: true, hide: ["us", "ua"] }, []],
    [{ q: "30 days" }, ["ceasefire"]],
    // Search matches every word, ignoring case; a blank query matches all.
    [{ q: "crimea RUSSIAN" }, ["crimea"]],
    [{ q: "crimea nato" }, []],
    [{ q: "   " }, ["ceasefire", "crimea", "arms", "nato"]],
    [{ q: "CALLS  ceasefire" }, ["ceasefire"]],
    [{ q: "nato ukraine" }, ["nato"]],
    [{ q: "security" }, []],
    [{ group: "Security", stance: "supports" }, ["nato"]],
  ];
  for (const [state, want] of cases) assert.deepEqual(ids(state), want, JSON.stringify(state));
});

test("same rows", () => {
  const v = { ...defaultState, group: "Security", hide: ["ru", "us"] };
  const cases: [Partial<typeof defaultState>, boolean][] = [
    [{}, true],
    [{ open: "nato.us" }, true],
    [{ hide: ["us", "ru"] }, true],
    [{ hide: ["ru"] }, false],
    [{ hide: ["ru", "ua"] }, false],
    [{ group: "" }, false],
    [{ stance: "opposes" }, false],
    [{ consensus: "agreed" }, false],
    [{ q: "nato" }, false],
    [{ differ: true }, false],
  ];
  for (const [change, want] of cases) assert.equal(sameRows(v, { ...v, ...change }), want, JSON.stringify(change));
});
