import type { Plan } from '@simline/contracts';
import { PlanErrorCode } from './plan.exception.js';

export type PlanStatus = Plan['status'];
export type PlanAction = 'publish' | 'archive';

export type Transition = { ok: true; to: PlanStatus } | { ok: false; code: PlanErrorCode };

/**
 * The plan life cycle (docs/decisions/0101): draft or pending → available (publish); draft, pending or
 * available → archived (archive). Archived is final. Repeating a transition succeeds and changes nothing
 * (`to` is the status the plan has), so a retry is safe (issue 17).
 */
const TRANSITIONS: Record<PlanAction, Record<PlanStatus, Transition>> = {
  publish: {
    draft: { ok: true, to: 'available' },
    pending: { ok: true, to: 'available' },
    available: { ok: true, to: 'available' },
    archived: { ok: false, code: PlanErrorCode.Archived },
  },
  archive: {
    draft: { ok: true, to: 'archived' },
    pending: { ok: true, to: 'archived' },
    available: { ok: true, to: 'archived' },
    archived: { ok: true, to: 'archived' },
  },
};

export function transition(from: PlanStatus, action: PlanAction): Transition {
  return TRANSITIONS[action][from];
}
