// xterm.js styles its rows, colours and cell sizes with <style> elements it
// creates and rewrites. The renderer's CSP (style-src 'self') blocks inline
// style elements, and loosening it to 'unsafe-inline' would let injected
// markup restyle the app. Constructable style sheets are CSSOM, which the CSP
// does not govern, and only script can make them; so each <style> element the
// CSP blocked (it has no `sheet`) inside a watched subtree is mirrored into
// one, kept in step with its text, and dropped when the element goes.

const mirrors = new Map<HTMLStyleElement, CSSStyleSheet>();

function publish(): void {
  const ours = new Set(mirrors.values());
  const others = document.adoptedStyleSheets.filter((s) => !ours.has(s) && !retired.has(s));
  retired.clear();
  document.adoptedStyleSheets = [...others, ...ours];
}
const retired = new Set<CSSStyleSheet>();

function sync(el: HTMLStyleElement): void {
  // A sheet of its own: the CSP let it through (nothing to do).
  if (el.sheet) return;
  let sheet = mirrors.get(el);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    mirrors.set(el, sheet);
  }
  sheet.replaceSync(el.textContent ?? '');
}

function drop(el: HTMLStyleElement): void {
  const sheet = mirrors.get(el);
  if (!sheet) return;
  mirrors.delete(el);
  retired.add(sheet);
}

function styleOf(node: Node | null): HTMLStyleElement | null {
  for (let n = node; n; n = n.parentNode) if (n instanceof HTMLStyleElement) return n;
  return null;
}

/** Mirrors blocked <style> elements under `root` (present and future); returns a stop function. */
export function mirrorBlockedStyles(root: Node): () => void {
  const scan = (node: Node) => {
    if (node instanceof HTMLStyleElement) sync(node);
    else if (node instanceof Element) node.querySelectorAll('style').forEach(sync);
  };
  scan(root);
  publish();
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      const owner = styleOf(r.target);
      if (owner) sync(owner);
      r.addedNodes.forEach(scan);
      r.removedNodes.forEach((node) => {
        if (node instanceof HTMLStyleElement) drop(node);
        else if (node instanceof Element) node.querySelectorAll('style').forEach(drop);
      });
    }
    publish();
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return () => observer.disconnect();
}
