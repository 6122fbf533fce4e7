import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ProjectClock } from '@simline/clock';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectSchema, type AnyEventEnvelope, type Project } from '@simline/contracts';
import { createLogger } from '@simline/observability';
import { upsertSnapshots } from '@simline/persistence';
import { serviceUrl } from '../config.js';
import { PLATFORM_OPTIONS } from '../tokens.js';
import type { PlatformOptions } from '../platform.options.js';

/** What a service assumes of a project it has never heard of: no billing, no e-mails, live time. */
export function defaultProject(id: string): Project {
  return {
    object: 'project',
    id,
    name: id,
    sandbox: false,
    settings: { billing: { enabled: false, currency: 'USD' }, emails: { enabled: false, from: null } },
    createdAt: new Date(0).toISOString(),
  };
}

/**
 * The projects as this service knows them: a replica kept from `project.*` events (`ProjectsReplicaConsumer`), and
 * on a miss one read-through to the gateway (the owner), which also fills the replica.
 */
@Injectable()
export class ProjectsReplica implements OnApplicationBootstrap {
  private readonly log = createLogger('projects-replica');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ProjectClock,
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
  ) {}

  /** Tells the clock which projects are live (not sandboxes): their time needs no Redis read. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.opts.projectsReplica === false) return; // the gateway owns the projects: no replica
    const rows: Array<{ id: string; sandbox: boolean }> = await this.dataSource.query(
      `SELECT id, coalesce((data->>'sandbox')::boolean, false) AS sandbox FROM project_replicas`,
    );
    for (const r of rows) this.clock.knowProject(r.id, r.sandbox);
  }

  async apply(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    for (const e of events) await this.upsert(em, e.data as Project, e.sequence);
  }

  private async upsert(em: EntityManager | DataSource, project: Project, sequence: number): Promise<void> {
    await upsertSnapshots(em instanceof DataSource ? em.manager : em, 'project_replicas', [
      { id: project.id, sequence, data: project },
    ]);
    this.clock.knowProject(project.id, project.sandbox);
  }

  /** The project, or null when neither the replica nor the gateway knows it. */
  async find(id: string): Promise<Project | null> {
    const rows: Array<{ data: Project }> = await this.dataSource.query(
      'SELECT data FROM project_replicas WHERE id = $1',
      [id],
    );
    if (rows[0]) {
      this.clock.knowProject(id, rows[0].data.sandbox);
      return rows[0].data;
    }
    return this.readThrough(id);
  }

  /** The project, or the defaults for an unknown one. */
  async get(id: string): Promise<Project> {
    return (await this.find(id)) ?? defaultProject(id);
  }

  private async readThrough(id: string): Promise<Project | null> {
    try {
      const res = await fetch(`${serviceUrl('gateway')}/internal/projects/${encodeURIComponent(id)}`, {
        headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '' },
        signal: AbortSignal.timeout(2000),
      });
      if (!res.ok) return null;
      const body = (await res.json()) as { project: unknown; sequence: number };
      const project = ProjectSchema.parse(body.project);
      await this.upsert(this.dataSource, project, body.sequence);
      return project;
    } catch (err) {
      this.log.debug({ err, project: id }, 'project read-through failed');
      return null;
    }
  }
}
