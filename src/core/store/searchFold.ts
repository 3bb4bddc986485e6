// Case folding for text search in the store. SQLite's lower() folds ASCII letters only, so a
// search for "école" missed "École" and one for "ПТИЦА" missed "птица". A search text with a
// letter outside ASCII is matched through foldForSearch, registered on every connection as
// fl_fold(); an ASCII search text keeps SQLite's lower(), which gives the same answer for it
// and runs inside SQLite (no call into JavaScript per row).

export const FOLD_FUNCTION = 'fl_fold';

/** Unicode lower case of the NFC form, so a precomposed and a decomposed "é" fold alike. */
export function foldText(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** fl_fold() itself: text folded, NULL and other values passed through as SQLite compares them. */
export function foldForSearch(value: unknown): unknown {
  return typeof value === 'string' ? foldText(value) : value;
}

/** True when the search text can use SQLite's lower() (only ASCII characters). */
export function isAsciiSearch(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
