// How often each matcher agrees with the researchers' overrulings. Matchers that run offline
// (structured, token) are re-run on the context each overruling saved; for the others
// (embedding, judge) the verdict they gave when the overruling was made is used.
import type { VerdictOverruling } from '../store/verdictQueries';
import { alignAttributes } from './attributeAlignment';
import type { AttributeMatcher } from './attributeMatching';
import type { SyncPairwiseMatcher } from './pairwiseMatchers';
import { parseMatchDomain } from './partVocabulary';

export interface MatcherAgreement {
  matcherId: string;
  agree: number;
  total: number;
  /** agree / total; undefined with no overrulings. */
  rate: number | undefined;
  /** 'rerun': verdicts recomputed now; 'recorded': the verdicts stored with the overrulings. */
  basis: 'rerun' | 'recorded';
}

function verdictOf(
  o: VerdictOverruling,
  matcher: AttributeMatcher | SyncPairwiseMatcher,
): string | undefined {
  const domain = parseMatchDomain(o.context.domain) ?? 'generic';
  const a = alignAttributes(o.context.generated, o.context.reference, matcher, domain);
  const list = o.side === 'generated' ? a.generated : a.reference;
  return list.find((item) => item.text === o.attribute)?.status;
}

export function matcherAgreement(
  overrulings: readonly VerdictOverruling[],
  matchers: readonly (AttributeMatcher | SyncPairwiseMatcher)[],
): MatcherAgreement[] {
  const standing = overrulings.filter((o) => o.verdict !== null);
  const out: MatcherAgreement[] = matchers.map((m) => {
    let agree = 0;
    for (const o of standing) if (verdictOf(o, m) === o.verdict) agree += 1;
    return {
      matcherId: m.id,
      agree,
      total: standing.length,
      rate: rate(agree, standing.length),
      basis: 'rerun',
    };
  });
  const rerun = new Set(matchers.map((m) => m.id));
  const recorded = new Map<string, { agree: number; total: number }>();
  for (const o of standing) {
    if (rerun.has(o.matcherId)) continue;
    const r = recorded.get(o.matcherId) ?? { agree: 0, total: 0 };
    r.total += 1;
    if (o.matcherVerdict === o.verdict) r.agree += 1;
    recorded.set(o.matcherId, r);
  }
  for (const [matcherId, r] of recorded) {
    out.push({ matcherId, agree: r.agree, total: r.total, rate: rate(r.agree, r.total), basis: 'recorded' });
  }
  return out;
}

const rate = (agree: number, total: number): number | undefined => (total === 0 ? undefined : agree / total);
