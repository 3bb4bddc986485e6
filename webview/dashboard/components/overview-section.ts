// The run at a glance: per level FINER EM (lenient), strict EM, F1, n, wrong, errors,
// truncated and refused; hierarchical consistency; mistake severity; failure-mode tags per run
// and per class; cost, tokens and latency (median, p95). Counts open their samples.
import { html, LitElement, nothing } from 'lit';
import type { DashboardAnalysis } from '../../../src/shared/dashboardProtocol';
import { METRIC_NAMES } from '../../../src/shared/metricNames';
import { dollars, integer, LEVEL_NAMES, millis, percent, score } from '../format';
import { sectionStyles } from './dashboard-styles';
import { sliceLink } from './slice-link';

const SEVERITY_WORDS: Record<string, string> = {
  sibling: 'sibling (same coarse group)',
  cousin: 'cousin (same superordinate, other coarse group)',
  other: 'other (another superordinate)',
  'off-list': 'off-list (no class of the dataset)',
  ambiguous: 'ambiguous (several classes)',
};
const TAGS_SHOWN = 30;

export class OverviewSection extends LitElement {
  static override properties = { analysis: { attribute: false } };
  declare analysis: DashboardAnalysis | undefined;

  static override styles = [sectionStyles];

  private levels(a: DashboardAnalysis): unknown {
    return html`<div class="scroll">
        <table data-testid="levels-table">
          <caption class="visually-hidden">
            Scores per level
          </caption>
          <thead>
            <tr>
              <th class="text" scope="col">Level</th>
              <th scope="col">n</th>
              <th scope="col">${METRIC_NAMES.finerEm}</th>
              <th scope="col">${METRIC_NAMES.strictEm}</th>
              <th scope="col">${METRIC_NAMES.f1}</th>
              <th scope="col">Right</th>
              <th scope="col">Wrong</th>
              <th scope="col">Errors</th>
              <th scope="col">Truncated</th>
              <th scope="col">Refused</th>
            </tr>
          </thead>
          <tbody>
            ${a.levels.map(
              (l) =>
                html`<tr data-level=${l.level}>
                  <th class="text" scope="row">${LEVEL_NAMES[l.level]}</th>
                  <td>${integer(l.n)}</td>
                  <td data-testid=${`finer-em-${l.level}`}>${score(l.finer_em)}</td>
                  <td>${score(l.strict_em)}</td>
                  <td>${score(l.f1)}</td>
                  <td>${sliceLink(l.correct.count, l.correct.slice, `right at ${l.level} level`)}</td>
                  <td>${sliceLink(l.wrong.count, l.wrong.slice, `wrong at ${l.level} level`)}</td>
                  <td>
                    ${sliceLink(l.errors.count, l.errors.slice, `whose request failed at ${l.level} level`)}
                  </td>
                  <td>${integer(l.truncated)}</td>
                  <td>${integer(l.refused)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">
        Means over scored answers; failed requests are counted under Errors, not as zeros. Truncated answers
        (cut at the token limit) are scored and counted; refusals are not scored.
      </p>`;
  }

  private consistency(a: DashboardAnalysis): unknown {
    const h = a.hierarchical_consistency;
    if (h === null) return nothing;
    return html`<p data-testid="consistency">
      <strong>Hierarchical consistency:</strong> ${percent(h.share)} —
      ${sliceLink(h.consistent.count, h.consistent.slice, `right at every level asked`)} of
      ${integer(h.answered)} samples answered at ${h.levels.join(', ')} were right at every level.
    </p>`;
  }

  private severity(a: DashboardAnalysis): unknown {
    const s = a.severity;
    if (s === null) return nothing;
    const entries = Object.entries(s.counts);
    return html`<h3>Mistake severity (wrong fine answers)</h3>
      <table data-testid="severity-table">
        <caption class="visually-hidden">
          Wrong fine answers by severity
        </caption>
        <tbody>
          ${entries.map(
            ([key, c]) =>
              html`<tr>
                <th class="text" scope="row">${SEVERITY_WORDS[key] ?? key}</th>
                <td>${sliceLink(c.count, c.slice, `with a ${key} mistake`)}</td>
                <td>${percent(s.wrong === 0 ? null : c.count / s.wrong)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private tags(a: DashboardAnalysis): unknown {
    if (a.tags.run.length === 0) {
      return html`<h3>Failure-mode tags</h3>
        <p class="note">
          No sample of this run is tagged yet (tag them in the gallery or the sample panel).
        </p>`;
    }
    return html`<h3>Failure-mode tags</h3>
      <table data-testid="tags-table">
        <caption class="visually-hidden">
          Tags on samples of this run
        </caption>
        <tbody>
          ${a.tags.run.map(
            (t) =>
              html`<tr>
                <th class="text" scope="row">${t.name}</th>
                <td>${sliceLink(t.count, t.slice, `tagged ${t.name}`)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        a.tags.classes.length === 0
          ? nothing
          : html`<h3>Tags per class</h3>
              <table data-testid="class-tags-table">
                <caption class="visually-hidden">
                  Tags per fine class
                </caption>
                <thead>
                  <tr>
                    <th class="text" scope="col">Class</th>
                    <th class="text" scope="col">Tag</th>
                    <th scope="col">Samples</th>
                  </tr>
                </thead>
                <tbody>
                  ${a.tags.classes.slice(0, TAGS_SHOWN).map(
                    (t) =>
                      html`<tr>
                        <td class="text">${t.label}</td>
                        <td class="text">${t.name}</td>
                        <td>${sliceLink(t.count, t.slice, `of ${t.label} tagged ${t.name}`)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }`;
  }

  private cost(a: DashboardAnalysis): unknown {
    const c = a.cost;
    return html`<h3>Cost, tokens and latency</h3>
      <table data-testid="cost-table">
        <caption class="visually-hidden">
          Requests, tokens, cost and latency
        </caption>
        <tbody>
          <tr>
            <th class="text" scope="row">Requests (cache hits)</th>
            <td>${integer(c.requests)} (${integer(c.cache_hits)})</td>
          </tr>
          <tr>
            <th class="text" scope="row">Input / output tokens</th>
            <td>${integer(c.input_tokens)} / ${integer(c.output_tokens)}</td>
          </tr>
          <tr>
            <th class="text" scope="row">Cost</th>
            <td>${dollars(c.cost)}</td>
          </tr>
          <tr>
            <th class="text" scope="row">Latency median / p95</th>
            <td>${millis(c.latency_ms.median)} / ${millis(c.latency_ms.p95)}</td>
          </tr>
          <tr>
            <th class="text" scope="row">Tokens per request median / p95</th>
            <td>${c.tokens_per_request.median ?? '–'} / ${c.tokens_per_request.p95 ?? '–'}</td>
          </tr>
        </tbody>
      </table>`;
  }

  private taxonomy(a: DashboardAnalysis): unknown {
    const t = a.taxonomy;
    if (t === null) return nothing;
    return html`<h3>Taxonomy scores (fine answers)</h3>
      <p class="note">
        ${integer(t.resolved)} of ${integer(t.samples)} answers named a node of the taxonomy. Hierarchical
        precision ${score(t.hierarchical.precision)}, recall ${score(t.hierarchical.recall)}, F1
        ${score(t.hierarchical.f1)}; mean depth of the common ancestor of a wrong answer
        ${t.mistakes.meanLcaDepth === null ? '–' : t.mistakes.meanLcaDepth.toFixed(2)}.
      </p>
      <table data-testid="taxonomy-table">
        <caption class="visually-hidden">
          Accuracy per taxonomy rank
        </caption>
        <thead>
          <tr>
            <th class="text" scope="col">Rank</th>
            <th scope="col">Right</th>
            <th scope="col">Samples</th>
            <th scope="col">Accuracy</th>
          </tr>
        </thead>
        <tbody>
          ${t.byRank.map(
            (r) =>
              html`<tr>
                <th class="text" scope="row">${r.rank}</th>
                <td>${integer(r.correct)}</td>
                <td>${integer(r.samples)}</td>
                <td>${score(r.accuracy)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override render(): unknown {
    const a = this.analysis;
    if (!a) return nothing;
    return html`${this.levels(a)} ${this.consistency(a)} ${this.severity(a)} ${this.tags(a)} ${this.cost(a)}
    ${this.taxonomy(a)}`;
  }
}

customElements.define('fl-overview-section', OverviewSection);

declare global {
  interface HTMLElementTagNameMap {
    'fl-overview-section': OverviewSection;
  }
}
