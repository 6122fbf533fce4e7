import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { BillingSettings, Project } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { ProjectsReplica } from '@simline/platform';
import type { DunningPolicy } from '../invoices/dunning.util.js';
import { BillingSettingsEntity } from './billing-settings.entity.js';
import { DEFAULT_BILLING_SETTINGS, type UpdateBillingSettingsDto } from './billing-settings.dto.js';
import { parseDuration } from './duration.util.js';

type Dunning = Pick<BillingSettingsEntity, 'retrySchedule' | 'gracePeriod' | 'initialPaymentWindow'>;

function policyOf(s: Dunning): DunningPolicy {
  return {
    retryOffsetsMs: s.retrySchedule.map((d) => parseDuration(d)!),
    graceMs: parseDuration(s.gracePeriod)!,
    initialWindowMs: parseDuration(s.initialPaymentWindow)!,
  };
}

/** Billing on/off and currency from the project (the gateway's), dunning from billing's own table. */
@Injectable()
export class BillingSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsReplica,
    private readonly clock: Clock,
  ) {}

  /** The projects (by id) with their billing settings; unknown projects have billing off. */
  async projectsOf(ids: Iterable<string>): Promise<Map<string, Project>> {
    const out = new Map<string, Project>();
    for (const id of new Set(ids)) out.set(id, await this.projects.get(id));
    return out;
  }

  /** How each project bills immediate plan changes (`none` where nothing was set). */
  async prorations(em: EntityManager, projects: string[]): Promise<Map<string, 'none' | 'prorated'>> {
    const rows = projects.length ? await em.getRepository(BillingSettingsEntity).findBy({ project: In([...new Set(projects)]) }) : [];
    const byProject = new Map(rows.map((r) => [r.project, r.planChangeProration]));
    return new Map(projects.map((p) => [p, byProject.get(p) ?? DEFAULT_BILLING_SETTINGS.planChangeProration]));
  }

  /** Dunning policies of some projects (defaults where none were set). */
  async policies(em: EntityManager | DataSource, projects: string[]): Promise<Map<string, DunningPolicy>> {
    const rows = projects.length ? await em.getRepository(BillingSettingsEntity).findBy({ project: In([...new Set(projects)]) }) : [];
    const byProject = new Map(rows.map((r) => [r.project, r]));
    return new Map(projects.map((p) => [p, policyOf(byProject.get(p) ?? { ...DEFAULT_BILLING_SETTINGS, retrySchedule: [...DEFAULT_BILLING_SETTINGS.retrySchedule] })]));
  }

  async get(project: string): Promise<BillingSettings> {
    const row = await this.dataSource.getRepository(BillingSettingsEntity).findOneBy({ project });
    return this.render(project, row);
  }

  async update(project: string, dto: UpdateBillingSettingsDto): Promise<BillingSettings> {
    const now = await this.clock.now(project);
    const row = await this.dataSource.transaction(async (em) => {
      // The first update of a project has no row to lock: create it (or find it created by a concurrent first
      // update) so that the lock below always holds, instead of two inserts racing on the primary key.
      await em
        .createQueryBuilder()
        .insert()
        .into(BillingSettingsEntity)
        .values({ ...DEFAULT_BILLING_SETTINGS, retrySchedule: [...DEFAULT_BILLING_SETTINGS.retrySchedule], project, updatedAt: now })
        .orIgnore()
        .execute();
      const current = await em.getRepository(BillingSettingsEntity).findOne({ where: { project }, lock: { mode: 'pessimistic_write' } });
      const next: BillingSettingsEntity = em.create(BillingSettingsEntity, {
        project,
        retrySchedule: dto.retrySchedule ?? current?.retrySchedule ?? [...DEFAULT_BILLING_SETTINGS.retrySchedule],
        gracePeriod: dto.gracePeriod ?? current?.gracePeriod ?? DEFAULT_BILLING_SETTINGS.gracePeriod,
        initialPaymentWindow: dto.initialPaymentWindow ?? current?.initialPaymentWindow ?? DEFAULT_BILLING_SETTINGS.initialPaymentWindow,
        planChangeProration: dto.planChangeProration ?? current?.planChangeProration ?? DEFAULT_BILLING_SETTINGS.planChangeProration,
        updatedAt: now,
      });
      await em.save(BillingSettingsEntity, next);
      return next;
    });
    return this.render(project, row);
  }

  private async render(project: string, row: BillingSettingsEntity | null): Promise<BillingSettings> {
    const p = await this.projects.get(project);
    return {
      object: 'billingSettings',
      project,
      enabled: p.settings.billing.enabled,
      currency: p.settings.billing.currency,
      retrySchedule: row?.retrySchedule ?? [...DEFAULT_BILLING_SETTINGS.retrySchedule],
      gracePeriod: row?.gracePeriod ?? DEFAULT_BILLING_SETTINGS.gracePeriod,
      initialPaymentWindow: row?.initialPaymentWindow ?? DEFAULT_BILLING_SETTINGS.initialPaymentWindow,
      planChangeProration: row?.planChangeProration ?? DEFAULT_BILLING_SETTINGS.planChangeProration,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}
