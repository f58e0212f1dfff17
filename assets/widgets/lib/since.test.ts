import { test } from "node:test";
import assert from "node:assert/strict";
import { changedSince, isTime, visit } from "./since";

const may = "2025-05-12T10:00:00Z";
const june = "2025-06-02T09:30:00Z";

test("a first visit compares with nothing and remembers the page", () => {
  assert.deepEqual(visit(null, null, june), { since: "", seen: june, session: june });
  assert.deepEqual(changedSince([may, june], ""), []);
});

test("a return compares with the last visit, and a reload keeps it", () => {
  const first = visit(may, null, june);
  assert.deepEqual(first, { since: may, seen: june, session: may });
  assert.deepEqual(changedSince([may, june], first.since), [june]);
  // The reload: local storage already says june; the session still says may.
  assert.deepEqual(visit(june, first.session, june), { since: may, seen: june, session: may });
});

test("a return with nothing new highlights nothing", () => {
  const v = visit(june, null, june);
  assert.deepEqual(changedSince([may, june], v.since), []);
});

test("stored values that are not times are ignored", () => {
  for (const bad of ["", "yesterday", "2025-05-12", "<script>", "9999-99-99T99:99:99Z "]) {
    assert.equal(isTime(bad), false, bad);
    assert.deepEqual(visit(bad, bad, june), { since: "", seen: june, session: june }, bad);
  }
  assert.deepEqual(changedSince(["junk", june], may), [june]);
});

test("a stored time newer than the page's is kept", () => {
  assert.equal(visit(june, null, may).seen, june);
});
