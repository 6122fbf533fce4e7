import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, type ListPage, type Page, type Sim } from '@simline/contracts';
import { paginate } from '@simline/persistence';
import { Scheduler } from '@simline/scheduling';
import { afterCommit } from '../common/after-commit.js';
import { Counters } from '../common/counters.js';
import { SubscriptionsSettings } from '../common/config.js';
import type { AddSimsDto, ListSimsQuery } from './sim.dto.js';
import { SimEntity } from './sim.entity.js';
import { SimErrorCode, SimException } from './sim.exception.js';
import { generatedIccid } from './iccid.util.js';
import { toSim } from './sim.mapper.js';

export interface ProvisioningJob {
  simId: string;
  project: string;
  dueAt: Date;
}

/** The SIM inventory: eSIMs made on demand, pSIMs added by ops, and provisioning on the mobile network. */
@Injectable()
export class SimsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: Scheduler,
    private readonly settings: SubscriptionsSettings,
    private readonly counters: Counters,
  ) {}

  /** When a SIM requested now gets provisioned (the simulated network's delay). */
  provisionDueAt(now: Date): Date {
    return new Date(now.getTime() + this.settings.values.SIM_PROVISIONING_DELAY_MS);
  }

  /** A new eSIM for a subscription, with a deterministic ICCID, to be provisioned after the commit. */
  async createESim(
    em: EntityManager,
    project: string,
    provider: string,
    subscriptionId: string,
    now: Date,
  ): Promise<SimEntity> {
    const dueAt = this.provisionDueAt(now);
    for (;;) {
      const iccid = generatedIccid(provider, await this.counters.next(`iccid:${provider}`));
      const id = newId('sim');
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO sims (id, project, iccid, type, provider, status, subscription_id, provision_due_at, version, created_at, updated_at)
         VALUES ($1, $2, $3, 'eSIM', $4, 'inactive', $5, $6, 0, $7, $7) ON CONFLICT (iccid) DO NOTHING RETURNING id`,
        [id, project, iccid, provider, subscriptionId, dueAt, now],
      );
      if (!rows[0]) continue; // ops added a pSIM with this very ICCID: take the next serial
      this.provisionAfterCommit(em, [{ simId: id, project, dueAt }]);
      return Object.assign(new SimEntity(), {
        id,
        project,
        iccid,
        type: 'eSIM',
        provider,
        status: 'inactive',
        subscriptionId,
        provisionDueAt: dueAt,
        version: 0,
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  /** Gives an inventory SIM (already checked unused) to a subscription and asks for its provisioning. */
  async assign(em: EntityManager, sim: SimEntity, subscriptionId: string, now: Date): Promise<void> {
    const dueAt = this.provisionDueAt(now);
    await em.query(
      'UPDATE sims SET subscription_id = $2, provision_due_at = $3, updated_at = $4 WHERE id = $1',
      [sim.id, subscriptionId, dueAt, now],
    );
    this.provisionAfterCommit(em, [{ simId: sim.id, project: sim.project, dueAt }]);
  }

  provisionAfterCommit(em: EntityManager, jobs: ProvisioningJob[]): void {
    afterCommit(em, () => this.scheduleProvisioning(jobs));
  }

  async scheduleProvisioning(jobs: ProvisioningJob[]): Promise<void> {
    await this.scheduler.scheduleMany(
      'sim.provisioning',
      jobs.map((j) => ({
        id: `provision:${j.simId}`,
        dueAt: j.dueAt,
        project: j.project,
        payload: { simId: j.simId },
      })),
    );
  }

  async lock(em: EntityManager, project: string, id: string): Promise<SimEntity | null> {
    return em
      .getRepository(SimEntity)
      .findOne({ where: { project, id }, lock: { mode: 'pessimistic_write' } });
  }

  async get(project: string, id: string): Promise<Sim> {
    const sim = await this.dataSource.getRepository(SimEntity).findOneBy({ project, id });
    if (!sim) throw new SimException(SimErrorCode.NotFound);
    return toSim(sim);
  }

  async list(project: string, q: ListSimsQuery, page: Page): Promise<ListPage<Sim>> {
    const qb = this.dataSource
      .getRepository(SimEntity)
      .createQueryBuilder('sim')
      .where('sim.project = :project', { project });
    if (q.iccid) qb.andWhere('sim.iccid = :iccid', { iccid: q.iccid });
    if (q.type) qb.andWhere('sim.type IN (:...types)', { types: q.type });
    if (q.status) qb.andWhere('sim.status IN (:...statuses)', { statuses: q.status });
    if (q.provider) qb.andWhere('sim.provider = :provider', { provider: q.provider });
    return paginate(qb, page, 'sim.id', toSim);
  }

  /** Ops: pSIMs into a project's inventory; all or nothing. */
  async addPSims(dto: AddSimsDto, now: Date): Promise<Sim[]> {
    return this.dataSource.transaction(async (em) => {
      const taken: Array<{ iccid: string }> = await em.query(
        'SELECT iccid FROM sims WHERE iccid = ANY($1::varchar[])',
        [dto.iccids],
      );
      if (taken.length)
        throw new SimException(
          SimErrorCode.IccidTaken,
          `These ICCIDs exist already: ${taken.map((t) => t.iccid).join(', ')}.`,
        );
      const sims = dto.iccids.map((iccid) =>
        Object.assign(new SimEntity(), {
          id: newId('sim'),
          project: dto.project,
          iccid,
          type: 'pSIM',
          provider: dto.provider,
          status: 'inactive',
          subscriptionId: null,
          provisionDueAt: null,
          activatedAt: null,
          retiredAt: null,
          version: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
      for (let i = 0; i < sims.length; i += 1000) await em.insert(SimEntity, sims.slice(i, i + 1000));
      return sims.map(toSim);
    });
  }
}
