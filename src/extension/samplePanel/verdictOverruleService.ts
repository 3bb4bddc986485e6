// Overrulings from the sample panel: the researcher's verdict on one attribute of one run's
// alignment. The host recomputes the matcher's verdict (never trusts the page for it) and
// stores it beside the overruling, with the attributes it was judged in, the actor and time.
import { alignAttributes } from '../../core/analysis/attributeAlignment';
import type { AttributeMatcher } from '../../core/analysis/attributeMatching';
import type { RequestResult, OverruleVerdictParams } from '../../shared/samplePanelProtocol';
import type { ReviewActor } from '../common/reviewActor';
import { generatedAttributes, matchDomainOfDataset } from './sampleAnalysisView';
import type { StoreHost } from '../common/storeHost';
import { errorText } from '../../shared/errorText';

export class VerdictOverruleService {
  constructor(
    private readonly storeHost: StoreHost,
    private readonly actor: ReviewActor,
    private readonly matcher: AttributeMatcher,
  ) {}

  async overrule(params: OverruleVerdictParams): Promise<RequestResult<{ saved: true }>> {
    try {
      const store = await this.storeHost.get();
      const sample = store.getSample(params.sampleId);
      if (!sample) return { ok: false, error: `Sample ${params.sampleId} no longer exists.` };
      const concept = store.conceptForSample(sample);
      if (!concept) return { ok: false, error: 'This sample has no reference attributes to compare with.' };
      const prediction = store
        .predictionsOfSample(sample.id)
        .find((p) => p.runId === params.runId && p.level === params.level);
      const generated = prediction ? generatedAttributes(prediction) : null;
      if (!prediction || generated === null) {
        return { ok: false, error: `Run ${params.runId} has no generated attributes for this sample.` };
      }
      const domain = matchDomainOfDataset(store, sample.datasetId);
      const reference = { required: [...concept.required], likely: [...concept.likely] };
      const a = alignAttributes(generated, reference, this.matcher, domain);
      const item = (params.side === 'generated' ? a.generated : a.reference).find(
        (x) => x.text === params.attribute,
      );
      if (!item) {
        return {
          ok: false,
          error: `"${params.attribute}" is no longer among the ${params.side} attributes.`,
        };
      }
      store.addOverruling({
        runId: params.runId,
        sampleId: sample.id,
        level: params.level,
        side: params.side,
        attribute: params.attribute,
        verdict: params.verdict,
        matcherId: a.matcherId,
        matcherVerdict: item.status,
        context: { domain, generated, reference },
        actor: await this.actor.name(),
      });
      return { ok: true, value: { saved: true } };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }
}
