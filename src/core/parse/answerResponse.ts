// Reads the answer out of a model's reply, for display and review. Scoring does NOT use this:
// it uses `extractAnswer` (the FINER reference rule: text after the first exact, case-sensitive
// marker, "Answer:" or the probe's "Specific ...:").
import { extractAnswer } from '../scoring/answerNormalization';

export interface ParsedAnswer {
  /** The model's reply exactly as received. */
  raw: string;
  /** Text after the answer marker (the whole reply when there is none), stripped. */
  answer: string;
  /** First non-empty line of `answer` without markdown emphasis or a final period. */
  shortAnswer: string;
  /** "exact": "Answer:" as the reference expects; "variant": another spelling; "none": absent. */
  marker: 'exact' | 'variant' | 'none';
}

/** "answer:", "**Answer:**", "Final answer -", "ANSWER :" ... (first occurrence). */
const MARKER_VARIANT = /(?:final\s+)?answer[*_]*\s*[:\-–][*_]*/i;
const EMPHASIS_EDGES = /^[*_`\s]+|[*_`\s]+$/g;
const END_OF_SEQUENCE = /<\/s>/g;

function shortForm(answer: string): string {
  const line = answer.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line
    .replace(EMPHASIS_EDGES, '')
    .replace(/[.。]+$/, '')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Variants of another marker ("Specific Dog:" -> "specific dog -", "**Specific Dog:**"). */
function markerVariant(marker: string): RegExp {
  const words = marker.replace(/:\s*$/, '').trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`${words}[*_]*\\s*[:\\-–][*_]*`, 'i');
}

/** `marker` is what the prompt asked the answer to follow ("Answer:" or the probe's "Specific ...:"). */
export function parseAnswerResponse(raw: string, marker = 'Answer:'): ParsedAnswer {
  if (raw.includes(marker)) {
    const answer = extractAnswer(raw, marker).replace(/^[*_]+\s*/, '');
    return { raw, answer, shortAnswer: shortForm(answer), marker: 'exact' };
  }
  const m = (marker === 'Answer:' ? MARKER_VARIANT : markerVariant(marker)).exec(raw);
  const rest = m === null ? raw : raw.slice(m.index + m[0].length);
  const answer = rest.replace(END_OF_SEQUENCE, '').replace(EMPHASIS_EDGES, '').trim();
  return { raw, answer, shortAnswer: shortForm(answer), marker: m === null ? 'none' : 'variant' };
}
