// The response cache kept in the store (table response_cache): identical requests in later
// runs cost nothing. New entries ride along with the results' group commit.
import type { CachedResponse, ResponseCache } from '../lvlm/responseCache';
import type { ResultWriter } from './resultWriter';
import type { RunStore } from './runStore';

export class StoreResponseCache implements ResponseCache {
  /** Entries written in this session but maybe not yet committed. */
  private readonly recent = new Map<string, CachedResponse>();
  hits = 0;

  constructor(
    private readonly store: RunStore,
    private readonly writer: ResultWriter,
  ) {}

  async get(key: string): Promise<CachedResponse | undefined> {
    const found = this.recent.get(key) ?? this.store.cachedResponse(key);
    if (found) this.hits++;
    return found;
  }

  async set(key: string, response: CachedResponse): Promise<void> {
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(key, response);
    this.writer.queueCacheEntry({ key, response });
  }
}
