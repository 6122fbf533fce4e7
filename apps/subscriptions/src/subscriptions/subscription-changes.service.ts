import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId, type EventDataOf } from '@simline/contracts';
import { appendToOutbox, buildEvent, PoisonMessageError } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { returnedRows } from '../common/db-errors.js';
import { toSim } from '../sims/sim.mapper.js';
import { SimsService } from '../sims/sims.service.js';
import { SubscriptionLifecycle } from './subscription.lifecycle.js';
import { findView } from './subscription.view.js';

type ConsentRequest = EventDataOf<'consentRequest.fulfilled'>;

/** What the partner asked for, as the consent request carries it (every field optional). */
interface ChangeDetails {
  sim?: string | null;
  simType?: 'eSIM' | 'pSIM' | null;
  provider?: string | null;
}

/**
 * SIM replacement and provider change, applied once their consent request is fulfilled: a new SIM (the one
 * asked for, or a new eSIM), the old one retired (`sim.replaced`), the subscription pointing at the new one
 * (`subscription.updated`), and the change itself (`subscriptionChange.applied`).
 */
@Injectable()
export class SubscriptionChangesService {
  private readonly log = createLogger('subscription-changes');

  constructor(
    private readonly sims: SimsService,
    private readonly lifecycle: SubscriptionLifecycle,
  ) {}

  async apply(em: EntityManager, project: string, request: ConsentRequest, now: Date): Promise<void> {
    if (request.type !== 'simReplacement' && request.type !== 'providerChange') return;
    const done = await em.query('SELECT 1 FROM subscription_changes WHERE consent_request_id = $1', [
      request.id,
    ]);
    if (done.length) return;
    const row = await findView(em, project, request.subscription, true);
    if (!row || row.status === 'ended') {
      this.log.info(
        { consentRequest: request.id, subscription: request.subscription },
        'no live subscription for this change; ignored',
      );
      return;
    }
    const details = ((request as { details?: ChangeDetails }).details ?? {}) as ChangeDetails;
    const previousProvider = row.sm_provider ?? row.plan_data.provider;
    const provider = request.type === 'providerChange' ? details.provider : previousProvider;
    if (!provider)
      throw new PoisonMessageError(`Provider change ${request.id} names no provider.`, 'invalidChange');
    if (request.type === 'providerChange' && provider === previousProvider)
      throw new PoisonMessageError(
        `Provider change ${request.id} names the current provider.`,
        'invalidChange',
      );

    const changeId = newId('subscriptionChange');
    let newSimId: string;
    if (details.sim) {
      const sim = await this.sims.lock(em, project, details.sim);
      if (
        !sim ||
        sim.subscriptionId ||
        sim.status !== 'inactive' ||
        sim.provider !== provider ||
        !row.plan_data.simTypes.includes(sim.type)
      ) {
        throw new PoisonMessageError(
          `SIM ${details.sim} cannot replace the SIM of ${row.id}: unknown, used, or not of provider ${provider}.`,
          'invalidChange',
        );
      }
      await this.sims.assign(em, sim, row.id, now);
      newSimId = sim.id;
    } else {
      if (details.simType === 'pSIM' || !row.plan_data.simTypes.includes('eSIM')) {
        throw new PoisonMessageError(
          `Change ${request.id} needs a pSIM id: the plan has no eSIM or a pSIM was asked for.`,
          'invalidChange',
        );
      }
      newSimId = (await this.sims.createESim(em, project, provider, row.id, now)).id;
    }

    // The old SIM is retired inside the subscription's change, so that `previousData` shows it as it was.
    const retireOld = async () => {
      if (!row.sim_id || !row.sm_iccid) return;
      const [old] = returnedRows<{ version: number }>(
        await em.query(
          `UPDATE sims SET status = 'retired', retired_at = $2, provision_due_at = NULL, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version`,
          [row.sim_id, now],
        ),
      );
      const retired = toSim({
        id: row.sim_id,
        iccid: row.sm_iccid,
        type: row.sm_type!,
        provider: row.sm_provider!,
        status: 'retired',
        createdAt: row.sm_created_at!,
      });
      await appendToOutbox(em, [
        buildEvent({ type: 'sim.replaced', project, sequence: old!.version, data: retired, time: now }),
      ]);
    };
    await em.query(
      `INSERT INTO subscription_changes (id, project, subscription_id, type, consent_request_id, previous_sim_id, new_sim_id, previous_provider, new_provider, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        changeId,
        project,
        row.id,
        request.type,
        request.id,
        row.sim_id,
        newSimId,
        previousProvider,
        provider,
        now,
      ],
    );
    const change = {
      object: 'subscriptionChange' as const,
      id: changeId,
      subscription: row.id,
      type: request.type,
      status: 'applied',
      consentRequest: request.id,
      previousSim: row.sim_id,
      sim: newSimId,
      previousProvider,
      provider,
      createdAt: now.toISOString(),
    };
    await appendToOutbox(em, [
      buildEvent({ type: 'subscriptionChange.applied', project, sequence: 1, data: change, time: now }),
    ]);
    // Until the new SIM is provisioned, a subscription that has not started waits for it again.
    await this.lifecycle.transition(em, project, row.id, now, (_row, state) => ({
      state:
        state.status === 'active'
          ? state
          : { ...state, preconditions: { ...state.preconditions, simReady: false } },
      event: 'subscription.updated',
      patch: { sim_id: newSimId },
      effects: retireOld,
    }));
  }
}
