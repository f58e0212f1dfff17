import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultState, parseState, sanitizeState, serializeState, type ViewState } from "./state";

test("parse and serialize round-trip", () => {
  const cases: [string, Partial<ViewState>][] = [
    ["", {}],
    ["?group=Territory", { group: "Territory" }],
    ["?stance=opposes&differ=1", { stance: "opposes", differ: true }],
    ["?consensus=contested", { consensus: "contested" }],
    ["?hide=russia%2Cus-march", { hide: ["russia", "us-march"] }],
    ["?q=crimea+nato", { q: "crimea nato" }],
    ["?open=crimea.ukraine", { open: "crimea.ukraine" }],
    ["?group=Security+%26+Defence&q=%3Cscript%3E", { group: "Security & Defence", q: "<script>" }],
  ];
  for (const [search, partial] of cases) {
    const state = { ...defaultState, ...partial };
    assert.deepEqual(parseState(search), state, search);
    assert.equal(serializeState(state), search, search);
  }
});

test("parse is lenient and canonical", () => {
  assert.deepEqual(parseState("?hide=b,a,,a&differ=yes&unknown=1").hide, ["a", "b"]);
  assert.equal(parseState("?differ=yes").differ, false);
  assert.equal(serializeState(parseState("?hide=b,a")), "?hide=a%2Cb");
  assert.equal(serializeState({ ...defaultState, q: "  " }), "");
});

test("serialize keeps other parameters and drops stale ones", () => {
  assert.equal(serializeState({ ...defaultState, group: "Economy" }, "?utm=x&group=Territory&q=old"), "?utm=x&group=Economy");
  assert.equal(serializeState(defaultState, "?differ=1"), "");
});

test("sanitize drops values naming nothing", () => {
  const known = { groups: ["Territory"], stances: ["supports", "opposes"], sides: ["us", "ru"], terms: ["crimea"] };
  const s = sanitizeState(
    { ...defaultState, group: "Nowhere", stance: "maybe", consensus: "agreed", hide: ["ru", "xx"], open: "crimea.zz" },
    known,
  );
  assert.deepEqual(s, { ...defaultState, consensus: "agreed", hide: ["ru"] });
  assert.equal(sanitizeState({ ...defaultState, open: "crimea.us" }, known).open, "crimea.us");
  assert.equal(sanitizeState({ ...defaultState, consensus: "maybe" }, known).consensus, "");
});
