import { strict as assert } from 'node:assert';
import { parseAnswerResponse } from '../../../src/core/parse/answerResponse';
import { parseAttributeList, parseRequiredLikely } from '../../../src/core/parse/attributeLists';

describe('parseAnswerResponse', () => {
  it('takes the text after "Answer:" exactly like the scorer does, and keeps the raw reply', () => {
    const raw = 'The bird has ear tufts and yellow eyes.\nAnswer: Great Horned Owl</s>';
    const p = parseAnswerResponse(raw);
    assert.equal(p.raw, raw);
    assert.equal(p.answer, 'Great Horned Owl');
    assert.equal(p.shortAnswer, 'Great Horned Owl');
    assert.equal(p.marker, 'exact');
  });

  it('handles markdown bold, other capitalisation and "Final answer" variants', () => {
    assert.deepEqual(
      [
        '**Answer:** Barn Owl.',
        'answer: Barn Owl',
        'ANSWER : Barn Owl',
        '**Final answer**: Barn Owl',
        'Final Answer - Barn Owl',
      ].map((r) => {
        const p = parseAnswerResponse(r);
        return [p.shortAnswer, p.marker];
      }),
      [
        ['Barn Owl', 'exact'],
        ['Barn Owl', 'variant'],
        ['Barn Owl', 'variant'],
        ['Barn Owl', 'variant'],
        ['Barn Owl', 'variant'],
      ],
    );
  });

  it('uses the whole reply when there is no marker, and the first line as the short answer', () => {
    const p = parseAnswerResponse('  Snowy Owl.\nIt has white plumage.');
    assert.equal(p.marker, 'none');
    assert.equal(p.answer, 'Snowy Owl.\nIt has white plumage.');
    assert.equal(p.shortAnswer, 'Snowy Owl');
    assert.equal(parseAnswerResponse('').shortAnswer, '');
  });
});

describe('parseAttributeList (ATTRSEEK turn 1)', () => {
  const cases: [string, string, string[], boolean][] = [
    [
      'dash bullets',
      'Attributes:\n- ear tufts\n- yellow eyes\n- mottled brown plumage',
      ['ear tufts', 'yellow eyes', 'mottled brown plumage'],
      true,
    ],
    [
      'star bullets with bold header',
      '**Attributes:**\n* Ear tufts\n* Yellow eyes.',
      ['Ear tufts', 'Yellow eyes'],
      true,
    ],
    [
      'bullet dots',
      'Visible attributes:\n• white head\n• hooked yellow bill',
      ['white head', 'hooked yellow bill'],
      true,
    ],
    [
      'numbered',
      'Attributes:\n1. Long neck\n2. Black cap\n10) Red bill',
      ['Long neck', 'Black cap', 'Red bill'],
      true,
    ],
    [
      'comma list on the header line',
      'Attributes: brown wings, yellow eyes, and ear tufts.',
      ['brown wings', 'yellow eyes', 'ear tufts'],
      true,
    ],
    [
      'semicolon list keeps commas inside items',
      'attributes: long, pointed wings; black cap; red bill',
      ['long, pointed wings', 'black cap', 'red bill'],
      true,
    ],
    [
      'markdown heading, bold items',
      '### Attributes\n- **Crest**: tall and pointed\n- **Bill**: short, conical',
      ['Crest: tall and pointed', 'Bill: short, conical'],
      true,
    ],
    [
      'prose around bullets is dropped, and the list ends at Answer:',
      'Sure! Here is what I see.\nAttributes:\nThese are visible:\n- ear tufts\n- yellow eyes\nAnswer: Great Horned Owl',
      ['ear tufts', 'yellow eyes'],
      true,
    ],
    [
      'no header: bullets in the whole reply',
      'I can see:\n- white plumage\n- black spots',
      ['white plumage', 'black spots'],
      false,
    ],
    [
      'no header: first paragraph split on commas',
      'Brown body, white tail\n\nThis is likely an eagle.',
      ['Brown body', 'white tail'],
      false,
    ],
    ['"none" means no attribute', 'Attributes: none', [], true],
    [
      'duplicates are dropped case-insensitively',
      'Attributes:\n- Ear tufts\n- ear tufts',
      ['Ear tufts'],
      true,
    ],
    ['CRLF line ends', 'ATTRIBUTES:\r\n- red crown\r\n- black wings', ['red crown', 'black wings'], true],
  ];
  for (const [name, raw, items, headerFound] of cases) {
    it(name, () => {
      const p = parseAttributeList(raw);
      assert.deepEqual(p.items, items);
      assert.equal(p.headerFound, headerFound);
      assert.equal(p.raw, raw);
    });
  }
});

describe('parseRequiredLikely (attribute generation)', () => {
  it('reads the FINER format', () => {
    const raw = 'Required:\n* prominent ear tufts\n* yellow eyes\nLikely:\n* barred underparts\n* large size';
    assert.deepEqual(parseRequiredLikely(raw), {
      raw,
      required: ['prominent ear tufts', 'yellow eyes'],
      likely: ['barred underparts', 'large size'],
      headersFound: true,
    });
  });

  it('reads bold and described headers, mixed bullets and trailing prose', () => {
    const raw = [
      'Here are the features that distinguish a Snowy Owl:',
      '',
      '**Required attributes (discriminative):**',
      '- Mostly white plumage',
      '• Round head without ear tufts',
      '',
      '**Likely attributes:**',
      '1. Dark barring on females',
      '2. Yellow eyes',
      '',
      'These features together make it easy to recognise.',
    ].join('\n');
    const p = parseRequiredLikely(raw);
    assert.deepEqual(p.required, ['Mostly white plumage', 'Round head without ear tufts']);
    assert.deepEqual(p.likely, ['Dark barring on females', 'Yellow eyes']);
  });

  it('reads inline lists, case differences and markdown headings', () => {
    assert.deepEqual(parseRequiredLikely('REQUIRED: red crown; black back\nlikely: white rump, long tail'), {
      raw: 'REQUIRED: red crown; black back\nlikely: white rump, long tail',
      required: ['red crown', 'black back'],
      likely: ['white rump', 'long tail'],
      headersFound: true,
    });
    const md = parseRequiredLikely('## Required\n- short bill\n## Likely\n- none');
    assert.deepEqual([md.required, md.likely], [['short bill'], []]);
  });

  it('keeps one list when the other header is missing, and everything as required without headers', () => {
    const onlyRequired = parseRequiredLikely('Required:\n- forked tail');
    assert.deepEqual(
      [onlyRequired.required, onlyRequired.likely, onlyRequired.headersFound],
      [['forked tail'], [], true],
    );
    const none = parseRequiredLikely('- forked tail\n- red throat');
    assert.deepEqual(
      [none.required, none.likely, none.headersFound],
      [['forked tail', 'red throat'], [], false],
    );
  });

  it('does not mistake prose that starts with a header word for a header', () => {
    const p = parseRequiredLikely(
      'Required:\n- black mask\nLikely this bird is seen in shrubs.\nLikely:\n- grey back',
    );
    assert.deepEqual(p.required, ['black mask']);
    assert.deepEqual(p.likely, ['grey back']);
  });
});
