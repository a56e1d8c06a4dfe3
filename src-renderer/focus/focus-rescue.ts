// Issue 15: focus is never lost. When the focused element is removed (a
// dialog closing with the card it belonged to, a Connect button replaced by
// the pending notice, a row deleted), browsers drop focus to <body>. This
// watches for exactly that and moves focus to the heading of the closest
// region that still exists: the account row, else its provider's section
// (preferring a row that appeared meanwhile, such as a just-connected account).
//
// Regions are marked `data-focus-scope`; their heading `data-focus-heading`
// (with tabIndex=-1). Focus that the person moved away on purpose (clicking
// on the page) is left alone: only a removed element triggers the rescue.

let lastFocused: Element | null = null;
let scopes: HTMLElement[] = [];
let knownRows = new Set<string>();

const rowIds = (root: ParentNode) =>
  new Set([...root.querySelectorAll<HTMLElement>('[data-account-id]')].map((r) => r.dataset.accountId ?? ''));

function remember(target: EventTarget | null) {
  if (!(target instanceof Element) || target === document.body) return;
  lastFocused = target;
  scopes = [];
  for (let el = target.closest<HTMLElement>('[data-focus-scope]'); el;) {
    scopes.push(el);
    el = el.parentElement?.closest<HTMLElement>('[data-focus-scope]') ?? null;
  }
  knownRows = rowIds(scopes.at(-1) ?? document);
}

function focusLost(): boolean {
  const active = document.activeElement;
  return (!active || active === document.body) && !!lastFocused && !lastFocused.isConnected;
}

/** The heading to land on: a row that appeared since focus was last placed, else the nearest living region. */
export function rescueTarget(): HTMLElement | null {
  const scope = scopes.find((s) => s.isConnected);
  if (!scope) return null;
  const fresh = [...scope.querySelectorAll<HTMLElement>('[data-account-id]')].find(
    (r) => !knownRows.has(r.dataset.accountId ?? ''),
  );
  return (fresh ?? scope).querySelector<HTMLElement>('[data-focus-heading]');
}

export function installFocusRescue(): () => void {
  const onFocusIn = (e: FocusEvent) => remember(e.target);
  document.addEventListener('focusin', onFocusIn);
  const observer = new MutationObserver(() => {
    if (!focusLost()) return;
    const target = rescueTarget();
    if (target) target.focus();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    observer.disconnect();
  };
}
