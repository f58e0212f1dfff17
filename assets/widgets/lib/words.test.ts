import assert from "node:assert/strict";
import { test } from "node:test";
import { readWords, say } from "./words";

const uk = readWords(
  JSON.stringify({
    shown: { one: "Показано {count} пункт", few: "Показано {count} пункти", many: "Показано {count} пунктів", other: "Показано {count} пункту" },
    only: "Лише {side}",
  }),
);
const en = readWords(JSON.stringify({ shown: { one: "{count} term shown", other: "{count} terms shown" } }));

test("say picks the language's plural form", () => {
  const cases: [number, string][] = [
    [1, "Показано 1 пункт"],
    [2, "Показано 2 пункти"],
    [5, "Показано 5 пунктів"],
    [11, "Показано 11 пунктів"],
    [21, "Показано 21 пункт"],
    [24, "Показано 24 пункти"],
  ];
  for (const [n, want] of cases) assert.equal(say(uk, "shown", { count: n }, "uk"), want);
  assert.equal(say(en, "shown", { count: 1 }, "en"), "1 term shown");
  assert.equal(say(en, "shown", { count: 21 }, "en"), "21 terms shown");
});

test("say fills in names and writes numbers the language's way", () => {
  assert.equal(say(uk, "only", { side: "США" }, "uk"), "Лише США");
  assert.equal(say(en, "shown", { count: 1200 }, "en"), "1,200 terms shown");
  assert.match(say(uk, "shown", { count: 1200 }, "uk"), /^Показано 1[\u00a0\u202f]200 пунктів$/);
});

test("a missing key or broken words say the key", () => {
  assert.equal(say(readWords("{not json"), "filter"), "filter");
  assert.equal(say(readWords(undefined), "x", { count: 2 }), "x");
});
