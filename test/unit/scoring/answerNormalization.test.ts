import { strict as assert } from 'node:assert';
import {
  extractAnswer,
  normalizeAnswer,
  normalizedTokens,
} from '../../../src/core/scoring/answerNormalization';
import { pythonSplit, pythonStrip } from '../../../src/core/scoring/pythonText';

describe('normalizeAnswer', () => {
  it('lowercases, deletes ASCII punctuation, drops articles and collapses whitespace', () => {
    assert.equal(normalizeAnswer('The Yellow-collared  Macaw!'), 'yellowcollared macaw');
    assert.equal(normalizeAnswer('  A  Bald   Eagle. '), 'bald eagle');
    assert.equal(normalizeAnswer('an owl, the owl, AN OWL'), 'owl owl owl');
  });

  it('deletes every one of the 32 ASCII punctuation characters and nothing else', () => {
    const punct = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    assert.equal(punct.length, 32);
    assert.equal(normalizeAnswer(`x${punct}y`), 'xy');
    // Unicode punctuation is kept, as in Python's string.punctuation.
    assert.equal(normalizeAnswer('owl — “great” … ¿'), 'owl — “great” … ¿');
  });

  it("removes articles only as whole words, with Python's Unicode word boundaries", () => {
    assert.equal(normalizeAnswer('theater bathe anathema'), 'theater bathe anathema');
    // "_" is a word character for \b, but it is deleted as punctuation before the article pass.
    assert.equal(normalizeAnswer('a_b'), 'ab');
    assert.equal(normalizeAnswer('a1 an2 the3'), 'a1 an2 the3');
    // Accented and CJK letters are word characters: no boundary between "the" and "é".
    assert.equal(normalizeAnswer('theé aé 鳥the the鳥'), 'theé aé 鳥the the鳥');
    // A combining mark is not a word character in Python's re: "the" + U+0301 is a whole word.
    assert.equal(normalizeAnswer('the\u0301 owl'), '\u0301 owl');
    // Emoji are not word characters.
    assert.equal(normalizeAnswer('🦉the🦉'), '🦉 🦉');
    // Punctuation is removed first, so "the-owl" becomes "theowl" and keeps its "the".
    assert.equal(normalizeAnswer('the-owl'), 'theowl');
    assert.equal(normalizeAnswer('the owl'), 'owl');
  });

  it('splits on Python whitespace (including U+001C..U+001F, NEL, NBSP, ideographic space) but not on U+FEFF', () => {
    assert.deepEqual(normalizedTokens('a\u00a0b\u3000c\u2003d\x1ce\x85f\u2028g\u202fh\u205fi\tj\vk\fl\rm'), [
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'i',
      'j',
      'k',
      'l',
      'm',
    ]);
    assert.deepEqual(normalizedTokens('x\ufeffy z\u200bw'), ['x\ufeffy', 'z\u200bw']);
    assert.deepEqual(normalizedTokens(''), []);
    assert.deepEqual(normalizedTokens(' \u00a0\u3000 '), []);
    assert.deepEqual(normalizedTokens('the a an'), []);
  });

  it('lowercases like Python str.lower(), including multi-character and final-sigma mappings', () => {
    assert.equal(normalizeAnswer('İstanbul'), 'i\u0307stanbul');
    assert.equal(normalizeAnswer('ΟΔΟΣ ΣΑ'), 'οδος σα');
    assert.equal(normalizeAnswer('STRAẞE Straße'), 'straße straße');
    assert.equal(normalizeAnswer('ǅ Ａ'), 'ǆ ａ');
  });
});

describe('pythonStrip / pythonSplit', () => {
  it('strip and split use the same Python whitespace set', () => {
    assert.equal(pythonStrip('\x1c\x85 owl \u3000\u00a0'), 'owl');
    assert.equal(pythonStrip('\ufeffowl\ufeff'), '\ufeffowl\ufeff');
    assert.deepEqual(pythonSplit('\x1f a \x1e\x1d b \x85'), ['a', 'b']);
    assert.deepEqual(pythonSplit('one'), ['one']);
    assert.deepEqual(pythonSplit('   '), []);
  });
});

describe('extractAnswer', () => {
  it('takes the text after the first "Answer:" and strips it', () => {
    assert.equal(extractAnswer('I see an owl.\nAnswer:  Great Horned Owl \n'), 'Great Horned Owl');
    assert.equal(extractAnswer('Answer: Owl. Answer: Eagle'), 'Owl. Answer: Eagle');
  });

  it('uses the whole text when there is no "Answer:" (the marker is case-sensitive)', () => {
    assert.equal(extractAnswer('  Great Horned Owl\n'), 'Great Horned Owl');
    assert.equal(extractAnswer('answer: Owl'), 'answer: Owl');
  });

  it('drops "</s>" like the reference does (every occurrence) and leaves no dangling space', () => {
    assert.equal(extractAnswer('Answer: Barn Owl</s>'), 'Barn Owl');
    assert.equal(extractAnswer('Answer: Barn Owl </s>'), 'Barn Owl');
    assert.equal(extractAnswer('Answer: Barn</s> Owl'), 'Barn Owl');
    assert.equal(extractAnswer('</s>'), '');
  });
});
