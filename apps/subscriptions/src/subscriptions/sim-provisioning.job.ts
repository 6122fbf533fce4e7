import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { retryOnDeadlock } from '../common/db-errors.js';
import { MobileNetwork } from '../sims/mobile-network.port.js';
import { toSim } from '../sims/sim.mapper.js';
import { SimsService } from '../sims/sims.service.js';
import type { Sim } from '@simline/contracts';
import { satisfyPrecondition } from './domain/subscription.rules.js';
import { SubscriptionLifecycle } from './subscription.lifecycle.js';

interface SimRow {
  id: string;
  project: string;
  iccid: string;
  type: Sim['type'];
  provider: string;
  status: Sim['status'];
  subscription_id: string | null;
  provision_due_at: Date | null;
  version: number;
  created_at: Date;
  phone_number?: string | null;
}

/**
 * Provisions a SIM on the mobile network when its job fires (test clocks drive the simulated delay), then
 * publishes `sim.activated` and tells its subscription, which activates if nothing else is missing.
 */
@Injectable()
export class SimProvisioningJob implements OnModuleInit {
  private readonly log = createLogger('sim-provisioning');

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: Scheduler,
    private readonly network: MobileNetwork,
    private readonly sims: SimsService,
    private readonly lifecycle: SubscriptionLifecycle,
  ) {}

  onModuleInit(): void {
    this.scheduler.onStart(() => this.reschedule());
  }

  @OnJob('sim.provisioning', { concurrency: 8 })
  provisionDue(job: JobContext<'sim.provisioning'>): Promise<void> {
    return this.provision(job.payload.simId, job.firedAt);
  }

  async reschedule(): Promise<void> {
    const rows: Array<{ id: string; project: string; provision_due_at: Date }> = await this.dataSource.query(
      `SELECT id, project, provision_due_at FROM sims WHERE status = 'inactive' AND provision_due_at IS NOT NULL`,
    );
    await this.sims.scheduleProvisioning(
      rows.map((r) => ({ simId: r.id, project: r.project, dueAt: r.provision_due_at })),
    );
  }

  async provision(simId: string, now: Date): Promise<void> {
    const [sim]: SimRow[] = await this.dataSource.query(
      `SELECT sm.*, s.phone_number FROM sims sm LEFT JOIN subscriptions s ON s.id = sm.subscription_id WHERE sm.id = $1`,
      [simId],
    );
    if (!sim || sim.status !== 'inactive' || !sim.provision_due_at) return;
    const result = await this.network.provision({
      sim: { id: sim.id, iccid: sim.iccid, type: sim.type, provider: sim.provider },
      phoneNumber: sim.phone_number ?? null,
    });
    if (!result.ok) {
      if (result.retryable) throw new Error(result.reason);
      this.log.warn(
        { sim: simId, reason: result.reason },
        'the mobile network refused the SIM; it stays inactive',
      );
      await this.dataSource.query(
        `UPDATE sims SET provision_due_at = NULL WHERE id = $1 AND status = 'inactive'`,
        [simId],
      );
      return;
    }
    await retryOnDeadlock(() =>
      this.dataSource.transaction(async (em) => {
        // The subscription before its SIM, the order an end or a cancellation locks them in (no deadlock).
        await em.query(
          'SELECT 1 FROM subscriptions WHERE id = (SELECT subscription_id FROM sims WHERE id = $1) FOR UPDATE',
          [simId],
        );
        const [locked]: SimRow[] = await em.query('SELECT * FROM sims WHERE id = $1 FOR UPDATE', [simId]);
        if (!locked || locked.status !== 'inactive' || !locked.provision_due_at) return;
        const activateSim = async () => {
          const version = locked.version + 1;
          await em.query(
            `UPDATE sims SET status = 'active', activated_at = $2, provision_due_at = NULL, version = $3, updated_at = $2 WHERE id = $1`,
            [simId, now, version],
          );
          const data = toSim({
            id: locked.id,
            iccid: locked.iccid,
            type: locked.type,
            provider: locked.provider,
            status: 'active',
            createdAt: locked.created_at,
          });
          await appendToOutbox(em, [
            buildEvent({
              type: 'sim.activated',
              project: locked.project,
              sequence: version,
              data,
              time: now,
            }),
          ]);
        };
        const changed = locked.subscription_id
          ? await this.lifecycle.transition(em, locked.project, locked.subscription_id, now, (row, state) => {
              // Replaced meanwhile: the subscription does not show this SIM any more, so it does not change.
              if (row.sim_id !== simId) return { state, event: 'subscription.updated', effects: activateSim };
              const r = satisfyPrecondition(state, { simReady: true }, now);
              return {
                state: r.state,
                event: r.outcome === 'activated' ? 'subscription.activated' : 'subscription.updated',
                effects: activateSim,
              };
            })
          : null;
        if (!changed) await activateSim();
      }),
    );
  }
}
