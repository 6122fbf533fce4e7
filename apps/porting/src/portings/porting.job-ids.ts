import type { JobPayloads, ScheduleOptions } from '@simline/scheduling';
import type { PortingEntity } from './porting.entity.js';

export interface PortingJob {
  payload: JobPayloads['porting.step'];
  options: ScheduleOptions;
}

/** The jobs of a port-in, with deterministic ids (a re-request gets a new answer id: its attempt number). */
export const portingJobs = {
  carrierAnswer: (e: PortingEntity): PortingJob => ({
    payload: { portingId: e.id, step: 'carrierAnswer', attempt: e.requestAttempt },
    options: { id: `porting:${e.id}:answer:${e.requestAttempt}`, dueAt: e.answerDueAt!, project: e.project },
  }),
  deadline: (e: PortingEntity): PortingJob => ({
    payload: { portingId: e.id, step: 'deadline' },
    options: { id: `porting:${e.id}:deadline`, dueAt: e.deadlineAt!, project: e.project },
  }),
  draftCleanup: (e: PortingEntity): PortingJob => ({
    payload: { portingId: e.id, step: 'draftCleanup' },
    options: { id: `porting:${e.id}:draftCleanup`, dueAt: e.draftExpiresAt!, project: e.project },
  }),
};

/** The jobs a port-in's row says should exist (what the rescheduler re-creates and `ops explain` shows). */
export function portingJobsOf(e: PortingEntity): PortingJob[] {
  const open = e.status === 'pending' || e.status === 'informationRequired' || e.status === 'requested' || e.status === 'declined';
  return [
    ...(e.status === 'requested' && e.answerDueAt ? [portingJobs.carrierAnswer(e)] : []),
    ...(open && e.deadlineAt ? [portingJobs.deadline(e)] : []),
    ...(e.status === 'draft' && e.draftExpiresAt ? [portingJobs.draftCleanup(e)] : []),
  ];
}
