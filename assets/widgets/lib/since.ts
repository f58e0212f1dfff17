// What a returning reader has not seen: the since-last-visit view's rules,
// free of the DOM. A visit is remembered as the time of the newest update
// the page showed (its own data, never the device's clock) in the
// browser's local storage; the visit in progress keeps, in session
// storage, the time it compares with, so that a reload shows the same.

export interface Visit {
  /** The time of the newest update the reader had seen before this
   * visit, or "" on a first visit: what to compare the cells with. */
  since: string;
  /** What to remember, in local storage, as seen. */
  seen: string;
  /** What to keep, in session storage, for reloads within the visit. */
  session: string;
}

/** A time as the pages write it: RFC 3339 in UTC ("2025-05-12T10:00:00Z"),
 * which sorts as text. Anything else is not one. */
export function isTime(s: string | null | undefined): s is string {
  return typeof s === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(s);
}

/**
 * visit decides what this page view compares with: the session's time if
 * this visit already began (a reload), else the stored one (the last
 * visit's), else nothing (a first visit). updated is the page's newest
 * update; a stored time newer than it (a page republished without an
 * update) counts as seen.
 */
export function visit(stored: string | null, session: string | null, updated: string): Visit {
  const since = isTime(session) ? session : isTime(stored) ? stored : "";
  const seen = isTime(stored) && stored > updated ? stored : updated;
  return { since, seen, session: since || updated };
}

/** changedSince lists the times after since; none on a first visit. */
export function changedSince(times: string[], since: string): string[] {
  return since ? times.filter((t) => isTime(t) && t > since) : [];
}
