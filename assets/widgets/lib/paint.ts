// Work that must not delay what the reader sees.

/**
 * Runs f in a task after the next frame is painted (a timeout set from a
 * requestAnimationFrame callback), so that an interaction's paint never
 * waits for it. Returns the requestAnimationFrame id, which
 * cancelAnimationFrame cancels until that frame starts.
 */
export function afterPaint(f: () => void): number {
  return requestAnimationFrame(() => setTimeout(f));
}
