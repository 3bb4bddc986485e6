// SQuAD-style answer normalization exactly as the FINER reference scorer applies it:
// lowercase, delete ASCII punctuation, replace the words a/an/the by a space, collapse whitespace.
import { PYTHON_WORD_CHAR_CLASS, pythonSplit, pythonStrip } from './pythonText';

/** Python's `string.punctuation`: the 32 ASCII punctuation characters, nothing else. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Python `re.sub(r'\b(a|an|the)\b', ' ', s)` with Python's Unicode-aware `\b`. */
const ARTICLES = new RegExp(
  `(?<![${PYTHON_WORD_CHAR_CLASS}])(?:a|an|the)(?![${PYTHON_WORD_CHAR_CLASS}])`,
  'gu',
);
/** Fast path: in ASCII-only text Python's `\b` and JavaScript's `\b` agree. */
const ARTICLES_ASCII = /\b(?:a|an|the)\b/g;
const ONLY_ASCII = /^\p{ASCII}*$/u;

/**
 * Lowercase like Python's `str.lower()`. V8's `toLowerCase` applies the same full Unicode
 * mappings ("İ" -> "i̇", final sigma), checked per code point against Python by a unit test.
 */
function pythonLower(s: string): string {
  return s.toLowerCase();
}

/** Normalized tokens of `s` (the reference's `normalize_answer(s).split()`). */
export function normalizedTokens(s: string): string[] {
  let text = pythonLower(s).replace(ASCII_PUNCTUATION, '');
  // Articles need a word boundary test; skip the regex when no article can occur.
  if (text.includes('a') || text.includes('the')) {
    text = text.replace(ONLY_ASCII.test(text) ? ARTICLES_ASCII : ARTICLES, ' ');
  }
  return pythonSplit(text);
}

/** `normalizeAnswer("The Yellow-collared Macaw!")` -> "yellowcollared macaw". */
export function normalizeAnswer(s: string): string {
  return normalizedTokens(s).join(' ');
}

const ANSWER_PREFIX = 'Answer:';
const END_OF_SEQUENCE = '</s>';

/**
 * The model's answer: the text after the first "Answer:" (all of it when absent), stripped with
 * Python whitespace rules. The reference then deletes every "</s>" (not only a trailing one);
 * we do the same so that scores agree, and strip once more so the shown answer has no dangling
 * space (normalization ignores that whitespace anyway).
 */
export function extractAnswer(text: string, prefix: string = ANSWER_PREFIX): string {
  const at = text.indexOf(prefix);
  const answer = pythonStrip(at === -1 ? text : text.slice(at + prefix.length));
  return answer.includes(END_OF_SEQUENCE) ? pythonStrip(answer.replaceAll(END_OF_SEQUENCE, '')) : answer;
}
