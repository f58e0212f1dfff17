// Inside an embed page (<html data-embed>) framed by another site: report
// the page's height to the parent whenever it changes, for the embed loader
// (embed-loader.ts) to size the iframe. Only the height is sent.

export function reportHeight(win: Window = window): void {
  const doc = win.document;
  if (!doc.documentElement.hasAttribute("data-embed") || win.parent === win) return;
  let last = -1;
  const send = () => {
    const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    win.parent.postMessage({ parley: "resize", height }, "*");
  };
  new ResizeObserver(send).observe(doc.documentElement);
  send();
}

reportHeight();
