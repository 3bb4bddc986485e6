// Prepared statements reused across calls: the tree, paging and every write run the same
// few statements thousands of times.
import type { Database, SqlValue, Statement } from 'sql.js';
import type { SqlParam } from './journal';

export type Row = Record<string, SqlValue>;

export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly database: () => Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Every row of a query, as objects keyed by column name. */
  rows<T extends Row>(sql: string, params: SqlParam[]): T[] {
    const statement = this.get(sql);
    try {
      statement.bind(params);
      const rows: T[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.reset();
    }
  }

  /** Every row of a query as an array of column values (much cheaper than objects for big reads). */
  values(sql: string, params: SqlParam[]): SqlValue[][] {
    const statement = this.get(sql);
    try {
      statement.bind(params);
      const rows: SqlValue[][] = [];
      while (statement.step()) rows.push(statement.get());
      return rows;
    } finally {
      statement.reset();
    }
  }

  /** Frees every statement (before closing or replacing the database). */
  clear(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
  }
}
