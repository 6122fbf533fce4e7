import type { ApiKeyEntity } from './api-key.entity.js';

export interface ApiKeyView {
  object: 'apiKey';
  id: string;
  project: string;
  name: string | null;
  /** The secret, redacted: `slk_…abcd`. */
  redacted: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export function toApiKey(e: ApiKeyEntity): ApiKeyView {
  return {
    object: 'apiKey',
    id: e.id,
    project: e.project,
    name: e.name,
    redacted: `slk_…${e.last4}`,
    status: e.revokedAt ? 'revoked' : 'active',
    createdAt: e.createdAt.toISOString(),
    revokedAt: e.revokedAt ? e.revokedAt.toISOString() : null,
  };
}
