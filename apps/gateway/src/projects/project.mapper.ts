import type { Project } from '@simline/contracts';
import type { ProjectEntity } from './project.entity.js';

export function toProject(e: ProjectEntity): Project {
  return {
    object: 'project',
    id: e.id,
    name: e.name,
    sandbox: e.sandbox,
    settings: e.settings,
    createdAt: e.createdAt.toISOString(),
  };
}
