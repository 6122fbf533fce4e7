import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Project } from '@simline/contracts';
import { TestClockStore } from '@simline/clock';
import { appendToOutbox, buildEvent, changedFields } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { TestClockEntity } from '../clock/test-clock.entity.js';
import type { CreateProjectDto, SettingsInputDto, UpdateProjectDto } from './project.dto.js';
import { ProjectEntity } from './project.entity.js';
import { ProjectErrorCode, ProjectException } from './project.exception.js';
import { toProject } from './project.mapper.js';

const DEFAULT_SETTINGS: Project['settings'] = {
  billing: { enabled: false, currency: 'USD' },
  emails: { enabled: false, from: null, brandName: null, supportContact: null },
};

function mergeSettings(base: Project['settings'], input: SettingsInputDto | undefined): Project['settings'] {
  return {
    billing: { ...base.billing, ...(input?.billing ?? {}) },
    emails: { ...base.emails, ...(input?.emails ?? {}) },
  };
}

/** Projects and their `project.*` events. Projects live on system time (their clock is for their resources). */
@Injectable()
export class ProjectsService {
  private readonly log = createLogger('projects');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: TestClockStore,
  ) {}

  /** A new project; a sandbox one gets its test clock, starting now. */
  async create(dto: CreateProjectDto): Promise<Project> {
    const now = new Date();
    const project = await this.dataSource.transaction(async (em) => {
      const entity = em.create(ProjectEntity, {
        id: dto.id,
        name: dto.name ?? dto.id,
        sandbox: dto.sandbox,
        settings: mergeSettings(DEFAULT_SETTINGS, dto.settings),
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      // ON CONFLICT: two concurrent creates of one id; the loser gets the 409, not a 500.
      const inserted: unknown[] = await em.query(
        `INSERT INTO projects (id, name, sandbox, settings, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [entity.id, entity.name, entity.sandbox, JSON.stringify(entity.settings), entity.version, now, now],
      );
      if (!inserted.length) throw new ProjectException(ProjectErrorCode.Exists);
      if (entity.sandbox)
        await em.insert(TestClockEntity, {
          project: entity.id,
          now,
          target: now,
          status: 'ready',
          updatedAt: now,
        });
      const data = toProject(entity);
      await appendToOutbox(em, [
        buildEvent({ type: 'project.created', project: data.id, sequence: 1, data, time: now }),
      ]);
      return data;
    });
    if (project.sandbox) await this.clocks.create(project.id, now);
    this.log.info({ project: project.id, sandbox: project.sandbox }, 'project created');
    return project;
  }

  async update(id: string, dto: UpdateProjectDto): Promise<Project> {
    const now = new Date();
    return this.dataSource.transaction(async (em) => {
      const entity = await this.lockedEntity(em, id);
      const before = toProject(entity);
      if (dto.name !== undefined) entity.name = dto.name;
      entity.settings = mergeSettings(entity.settings, dto.settings);
      const after = toProject(entity);
      const previous = changedFields(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
      );
      if (!Object.keys(previous).length) return after;
      entity.version += 1;
      entity.updatedAt = now;
      await em.save(entity);
      await appendToOutbox(em, [
        buildEvent({
          type: 'project.updated',
          project: id,
          sequence: entity.version,
          data: after,
          previousData: previous,
          time: now,
        }),
      ]);
      return after;
    });
  }

  async get(id: string): Promise<Project> {
    return toProject(await this.entity(id));
  }

  /** The project and its version, for the other services' read-through (`GET /internal/projects/{id}`). */
  async getWithSequence(id: string): Promise<{ project: Project; sequence: number }> {
    const e = await this.entity(id);
    return { project: toProject(e), sequence: e.version };
  }

  async list(): Promise<Project[]> {
    const rows = await this.dataSource.getRepository(ProjectEntity).find({ order: { id: 'ASC' } });
    return rows.map(toProject);
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(ProjectEntity).existsBy({ id });
  }

  private async entity(id: string): Promise<ProjectEntity> {
    const e = await this.dataSource.getRepository(ProjectEntity).findOneBy({ id });
    if (!e) throw new ProjectException(ProjectErrorCode.NotFound);
    return e;
  }

  private async lockedEntity(em: EntityManager, id: string): Promise<ProjectEntity> {
    const e = await em
      .getRepository(ProjectEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!e) throw new ProjectException(ProjectErrorCode.NotFound);
    return e;
  }
}
