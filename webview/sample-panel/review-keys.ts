// Keyboard-first review: maps a key press on the panel to a review action. Keys typed into
// text fields never count (those stop propagation, and editable targets are skipped here).

export type ReviewKeyAction =
  | { kind: 'move'; direction: 'next' | 'previous' }
  | { kind: 'toggleTag'; shortcut: number }
  | { kind: 'focusNote' }
  | { kind: 'toggleEdit' }
  | { kind: 'undo' }
  | { kind: 'suggestion'; decision: 'accept' | 'reject' };

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** `reviewing`: arrows and j/k move only while the panel walks a review queue. */
export function reviewKeyAction(event: KeyboardEvent, reviewing: boolean): ReviewKeyAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  // The real target inside shadow roots (the event is retargeted to the host element).
  const target = event.composedPath()[0] ?? event.target;
  if (isEditable(target)) return undefined;
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
    case 'ArrowRight':
      return reviewing ? { kind: 'move', direction: 'next' } : undefined;
    case 'k':
    case 'ArrowUp':
    case 'ArrowLeft':
      return reviewing ? { kind: 'move', direction: 'previous' } : undefined;
    case 'n':
      return { kind: 'focusNote' };
    case 'e':
      return { kind: 'toggleEdit' };
    case 'u':
      return { kind: 'undo' };
    case 'a':
      return { kind: 'suggestion', decision: 'accept' };
    case 'Enter':
      // Enter on a focused button is a click, not "accept".
      return target instanceof HTMLElement && target.tagName !== 'BODY' && target !== document.documentElement
        ? undefined
        : { kind: 'suggestion', decision: 'accept' };
    case 'x':
      return { kind: 'suggestion', decision: 'reject' };
    default:
      if (/^[1-9]$/.test(event.key)) return { kind: 'toggleTag', shortcut: Number(event.key) };
      return undefined;
  }
}
