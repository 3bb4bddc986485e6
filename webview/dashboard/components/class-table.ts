// The per-class table: fine or coarse classes, filterable by text and smallest n, sortable by
// any column (worst first by default), one page at a time so 10k classes stay responsive (the
// filtering and sorting are the pure src/shared/dashboardClassTable.ts). Every count opens its
// samples.
import { css, html, LitElement } from 'lit';
import type { ClassSortKey, ClassTableIndex, ClassTableQuery } from '../../../src/shared/dashboardClassTable';
import {
  DEFAULT_CLASS_QUERY,
  indexClassRows,
  nextSort,
  queryClassTable,
} from '../../../src/shared/dashboardClassTable';
import type { ClassRowView, DashboardLevel } from '../../../src/shared/dashboardProtocol';
import { METRIC_NAMES } from '../../../src/shared/metricNames';
import { integer, score } from '../format';
import { sectionStyles } from './dashboard-styles';
import { sliceLink } from './slice-link';

const COLUMNS: { key: ClassSortKey; title: string; text?: boolean }[] = [
  { key: 'label', title: 'Class', text: true },
  { key: 'coarse', title: 'Coarse group', text: true },
  { key: 'n', title: 'n' },
  { key: 'finer_em', title: METRIC_NAMES.finerEm },
  { key: 'strict_em', title: METRIC_NAMES.strictEm },
  { key: 'wrong', title: 'Wrong' },
  { key: 'errors', title: 'Errors' },
];

export class ClassTable extends LitElement {
  static override properties = {
    rows: { attribute: false },
    levels: { attribute: false },
    query: { state: true },
  };

  declare rows: ClassRowView[];
  declare levels: DashboardLevel[];
  declare query: ClassTableQuery;
  private index: ClassTableIndex = indexClassRows([]);
  private indexed: ClassRowView[] | undefined;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.rows = [];
    this.levels = [];
    this.query = { ...DEFAULT_CLASS_QUERY, level: 'fine' };
  }

  static override styles = [
    sectionStyles,
    css`
      th button.plain {
        font-weight: 600;
        display: inline-flex;
        gap: 2px;
        align-items: center;
      }
      th[aria-sort='ascending'] button.plain::after {
        content: '▲';
        font-size: 0.75em;
      }
      th[aria-sort='descending'] button.plain::after {
        content: '▼';
        font-size: 0.75em;
      }
      input[type='search'] {
        min-width: 14em;
      }
      input[type='number'] {
        width: 5em;
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-top: 6px;
      }
    `,
  ];

  override willUpdate(): void {
    if (this.indexed !== this.rows) {
      this.indexed = this.rows;
      this.index = indexClassRows(this.rows);
      const shown: DashboardLevel[] = this.levels.filter((l) => l !== 'superordinate');
      const fallback = shown.includes('fine') ? 'fine' : shown[0];
      if (!shown.includes(this.query.level) && fallback !== undefined) {
        this.query = { ...this.query, level: fallback, page: 0 };
      }
    }
  }

  private set(change: Partial<ClassTableQuery>): void {
    this.query = { ...this.query, page: 0, ...change };
  }

  private onText(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => this.set({ text }), 120);
  }

  private header(column: (typeof COLUMNS)[number]): unknown {
    const sorted = this.query.sort === column.key;
    const ariaSort = sorted ? (this.query.direction === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th class=${column.text ? 'text' : ''} scope="col" aria-sort=${ariaSort}>
      <button
        class="plain"
        data-sort=${column.key}
        @click=${() => this.set(nextSort(this.query, column.key))}
      >
        ${column.title}
      </button>
    </th>`;
  }

  override render(): unknown {
    const levels = this.levels.filter((l) => l !== 'superordinate');
    const page = queryClassTable(this.index, this.query);
    const q = this.query;
    return html`<div class="controls">
        <label
          >Level
          <select
            data-testid="class-level"
            @change=${(e: Event) => this.set({ level: (e.target as HTMLSelectElement).value as DashboardLevel })}
          >
            ${levels.map((l) => html`<option value=${l} ?selected=${l === q.level}>${l}</option>`)}
          </select></label
        >
        <label
          >Filter
          <input
            type="search"
            data-testid="class-filter"
            placeholder="class or coarse group"
            .value=${q.text}
            @input=${(e: Event) => this.onText(e)}
        /></label>
        <label
          >At least n
          <input
            type="number"
            min="0"
            .value=${String(q.minN)}
            @change=${(e: Event) => this.set({ minN: Math.max(0, Number((e.target as HTMLInputElement).value) || 0) })}
        /></label>
        <span class="note" aria-live="polite" data-testid="class-count">${integer(page.total)} classes</span>
      </div>
      <div class="scroll">
        <table data-testid="class-table">
          <caption class="visually-hidden">
            Accuracy per ${q.level} class
          </caption>
          <thead>
            <tr>
              ${COLUMNS.map((c) => this.header(c))}
            </tr>
          </thead>
          <tbody>
            ${page.rows.map(
              (r) =>
                html`<tr>
                  <th class="text" scope="row">${r.label}</th>
                  <td class="text">${r.coarse}</td>
                  <td>${sliceLink(r.n, r.slice, `of class ${r.label}`)}</td>
                  <td>${score(r.finer_em)}</td>
                  <td>${score(r.strict_em)}</td>
                  <td>${sliceLink(r.wrong.count, r.wrong.slice, `of class ${r.label} answered wrong`)}</td>
                  <td>${integer(r.errors)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <button
          class="count"
          ?disabled=${page.page === 0}
          @click=${() => (this.query = { ...q, page: page.page - 1 })}
        >
          Previous
        </button>
        <span data-testid="class-page">Page ${page.page + 1} of ${page.pages}</span>
        <button
          class="count"
          ?disabled=${page.page >= page.pages - 1}
          @click=${() => (this.query = { ...q, page: page.page + 1 })}
        >
          Next
        </button>
      </div>`;
  }
}

customElements.define('fl-class-table', ClassTable);

declare global {
  interface HTMLElementTagNameMap {
    'fl-class-table': ClassTable;
  }
}
