// Python `str` semantics that the FINER reference scorer relies on and JavaScript does not share.
// JS `\s` / `trim()` differ from Python's `str.isspace()`: Python also treats the ASCII
// separators U+001C..U+001F and NEL (U+0085) as whitespace, and does NOT treat U+FEFF as such.

/** Python `str.isspace()` for one UTF-16 code unit (no whitespace lies outside the BMP). */
export function isPythonWhitespace(code: number): boolean {
  if (code <= 0x20) return (code >= 0x09 && code <= 0x0d) || code >= 0x1c;
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python `s.strip()` with no argument. */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPythonWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python `s.split()` with no argument: split on whitespace runs, no empty tokens. */
export function pythonSplit(s: string): string[] {
  const tokens: string[] = [];
  let tokenStart = -1;
  for (let i = 0; i < s.length; i++) {
    if (isPythonWhitespace(s.charCodeAt(i))) {
      if (tokenStart >= 0) {
        tokens.push(s.slice(tokenStart, i));
        tokenStart = -1;
      }
    } else if (tokenStart < 0) {
      tokenStart = i;
    }
  }
  if (tokenStart >= 0) tokens.push(tokenStart === 0 ? s : s.slice(tokenStart));
  return tokens;
}

/**
 * Python's `re` word character for `str` patterns is `str.isalnum()` or "_". For every code point
 * that Python's Unicode database assigns, that equals Unicode letters + numbers + "_" (checked
 * exhaustively by a unit test); code points assigned only in a newer Unicode version than the
 * Python build's count as word characters here.
 */
export const PYTHON_WORD_CHAR_CLASS = '\\p{L}\\p{N}_';
