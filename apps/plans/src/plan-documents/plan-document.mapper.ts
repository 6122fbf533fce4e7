import type { PlanDocument } from '@simline/contracts';
import type { PlanDocumentEntity } from './plan-document.entity.js';

export function toPlanDocument(e: PlanDocumentEntity): PlanDocument {
  return {
    object: 'planDocument',
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    language: e.language,
    name: e.name,
    plan: e.plan,
    type: e.type,
    url: e.url,
  };
}
