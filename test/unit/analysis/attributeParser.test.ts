// The attribute parser: part + descriptors per family vocabulary, negation, counts, locations.
import assert from 'node:assert/strict';
import { describeClause, parseAttribute } from '../../../src/core/analysis/attributeParser';
import type { MatchDomain } from '../../../src/core/analysis/partVocabulary';

const clauses = (text: string, domain: MatchDomain): string[] =>
  parseAttribute(text, domain).clauses.map(describeClause);

describe('parseAttribute', () => {
  it('maps part synonyms of each family to one part', () => {
    assert.deepEqual(clauses('blue cap', 'bird'), ['crown: colour blue']);
    assert.deepEqual(clauses('thin pointed bill', 'bird'), ['beak: shape thin/pointed']);
    assert.deepEqual(clauses('chrome bonnet', 'car'), ['hood: chrome']);
    assert.deepEqual(clauses('drooping ears', 'dog'), ['ear: shape floppy']);
    assert.deepEqual(clauses('swept-back wings', 'aircraft'), ['wing: shape swept']);
  });

  it('reads colours with tones, suffixes and hyphenated compounds', () => {
    assert.deepEqual(clauses('slate-grey crown', 'bird'), ['crown: colour grey']);
    assert.deepEqual(clauses('reddish brown back', 'bird'), ['back: colour red/brown']);
    assert.deepEqual(clauses('dark back', 'bird'), ['back: tone dark']);
    assert.deepEqual(clauses('azure-headed', 'bird'), ['head: colour blue']);
  });

  it('reads patterns, and a negated pattern as plain', () => {
    assert.deepEqual(clauses('spotted breast', 'bird'), ['breast: pattern spotted']);
    assert.deepEqual(clauses('no streaks on the breast', 'bird'), ['breast: pattern plain']);
  });

  it('reads a negated part as absent', () => {
    assert.deepEqual(clauses('no wing bars', 'bird'), ['wingbar: absent']);
    assert.deepEqual(clauses('lacks a crest', 'bird'), ['crest: absent']);
  });

  it('reads counts in words and digits, including hyphenated ones', () => {
    assert.deepEqual(clauses('twin engines', 'aircraft'), ['engine: count 2']);
    assert.deepEqual(clauses('four-door body', 'car'), ['door+body: count 4']);
    assert.deepEqual(clauses('2 engines', 'aircraft'), ['engine: count 2']);
  });

  it('keeps the described part apart from where it sits', () => {
    assert.deepEqual(clauses('black mask around the bill', 'bird'), ['mask: colour black; at beak']);
    assert.deepEqual(clauses('engines under the wings', 'aircraft'), ['engine: at wing']);
    assert.deepEqual(clauses('twin rear-mounted engines', 'aircraft'), ['engine: count 2; at rear']);
  });

  it('splits multi-part phrases and shares descriptors the way they are written', () => {
    assert.deepEqual(clauses('black head and throat', 'bird'), [
      'head: colour black',
      'throat: colour black',
    ]);
    assert.deepEqual(clauses('black and white wings', 'bird'), ['wing: colour white/black']);
    assert.deepEqual(clauses('red crown with a black stripe', 'bird'), [
      'crown: colour red/black; pattern streaked',
    ]);
  });

  it('keeps border colours apart from the main colour', () => {
    assert.deepEqual(clauses('black mask bordered with white', 'bird'), ['mask: colour black; edged white']);
  });

  it('reads kinds carried by part words', () => {
    assert.deepEqual(clauses('four turboprops', 'aircraft'), ['engine: count 4; shape propeller']);
    assert.deepEqual(clauses('hardtop roof', 'car'), ['roof: shape hardtop']);
  });

  it('falls back to the whole object when no part is named', () => {
    const p = parseAttribute('iridescent sheen', 'generic');
    assert.deepEqual(p.clauses.map(describeClause), ['body: pattern iridescent']);
    assert.equal(p.clauses[0]?.partNamed, false);
  });
});
