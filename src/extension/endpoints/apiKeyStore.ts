// API keys live only in VS Code's SecretStorage, one per endpoint name. Each key remembers the
// origin (scheme://host:port) it was stored for, so that an edited endpoint definition cannot
// silently send an existing key to another host: the caller asks the user first.
import type * as vscode from 'vscode';

const SECRET_PREFIX = 'finerLens.apiKey/';

export interface StoredApiKey {
  key: string;
  /** Origin of the endpoint's base URL when the key was stored. */
  origin: string;
}

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(endpointName: string): Promise<StoredApiKey | undefined> {
    const raw = await this.secrets.get(SECRET_PREFIX + endpointName);
    if (raw === undefined) return undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredApiKey>;
      if (typeof parsed.key === 'string' && typeof parsed.origin === 'string') {
        return { key: parsed.key, origin: parsed.origin };
      }
    } catch {
      // Not ours (or an older format): treat the whole value as a key with no known origin.
    }
    return { key: raw, origin: '' };
  }

  async set(endpointName: string, key: string, origin: string): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + endpointName, JSON.stringify({ key, origin }));
  }

  async delete(endpointName: string): Promise<void> {
    await this.secrets.delete(SECRET_PREFIX + endpointName);
  }
}
