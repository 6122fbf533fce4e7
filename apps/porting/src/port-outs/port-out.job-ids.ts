import type { JobPayloads, ScheduleOptions } from '@simline/scheduling';
import type { PortOutEntity } from './port-out.entity.js';

export interface PortOutJob {
  payload: JobPayloads['portOut.step'];
  options: ScheduleOptions;
}

export const portOutJobs = {
  carrierSubmit: (e: PortOutEntity): PortOutJob => ({
    payload: { portOutId: e.id, step: 'carrierSubmit' },
    options: { id: `portOut:${e.id}:submit`, dueAt: e.submitDueAt!, project: e.project },
  }),
  deadline: (e: PortOutEntity): PortOutJob => ({
    payload: { portOutId: e.id, step: 'deadline' },
    options: { id: `portOut:${e.id}:deadline`, dueAt: e.expiresAt, project: e.project },
  }),
};
