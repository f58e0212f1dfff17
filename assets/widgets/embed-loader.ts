// The embed loader: other sites include it next to a Parley iframe
// (<iframe data-parley-embed src=".../embed/compare/">) and it sizes each
// iframe to its content. It is served at a stable address, /embed.js, and
// trusts only messages from the origin it was loaded from. No dependencies,
// no globals, no cookies.
(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) return;
  const origin = new URL(script.src).origin;
  window.addEventListener("message", (e: MessageEvent) => {
    if (e.origin !== origin) return;
    const data = e.data as { parley?: unknown; height?: unknown } | null;
    if (!data || data.parley !== "resize" || typeof data.height !== "number" || !Number.isFinite(data.height)) return;
    const height = String(Math.ceil(Math.min(Math.max(data.height, 50), 20000)));
    for (const frame of Array.from(document.querySelectorAll<HTMLIFrameElement>("iframe[data-parley-embed]"))) {
      if (frame.contentWindow === e.source && frame.getAttribute("height") !== height) frame.setAttribute("height", height);
    }
  });
})();
