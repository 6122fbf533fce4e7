import { iso } from '@simline/persistence';
import type { DashboardMemberEntity, DashboardRole } from './dashboard-member.entity.js';

export interface DashboardMemberView {
  object: 'dashboardMember';
  id: string;
  project: string;
  email: string;
  name: string | null;
  role: DashboardRole;
  createdAt: string;
}

export function toMember(e: DashboardMemberEntity): DashboardMemberView {
  return {
    object: 'dashboardMember',
    id: e.id,
    project: e.project,
    email: e.email,
    name: e.name,
    role: e.role,
    createdAt: iso(e.createdAt)!,
  };
}
