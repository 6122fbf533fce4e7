import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import type { Sim, SimCredentials } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { retryOnDeadlock, returnedRows } from '../common/db-errors.js';
import { activationCodeOf, installLinksOf, matchingIdOf } from './esim-credentials.js';
import { SimCredentialsSettings } from './sim-credentials.config.js';
import { SimCredentialsErrorCode, SimCredentialsException } from './sim-credentials.exception.js';

interface Row {
  status: string;
  sim_id: string | null;
  iccid: string | null;
  type: Sim['type'] | null;
}

/** The QR code as the API serves it: a PNG, large enough for a phone camera at arm's length. */
export function qrCodeDataUrl(activationCode: string): Promise<string> {
  return QRCode.toDataURL(activationCode, {
    type: 'image/png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 4,
  });
}

/**
 * eSIM install credentials of a subscription's current SIM: derived, not stored (docs/decisions/0204), so a
 * replaced SIM's are gone with it. Each read is `sim.credentialsViewed`, through the outbox in the same
 * transaction; the SIM's version counts the reads so that its events stay in sequence.
 */
@Injectable()
export class SimCredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: SimCredentialsSettings,
  ) {}

  async get(project: string, subscription: string): Promise<SimCredentials> {
    const now = await this.clock.now(project);
    const { ESIM_SMDP_ADDRESS: smdpAddress, ESIM_MATCHING_ID_SECRET: matchingIdSecret } =
      this.settings.values;
    const sim = await retryOnDeadlock(() =>
      this.dataSource.transaction(async (em) => {
        // The subscription before its SIM, the order a SIM replacement locks them in, and in two statements: one
        // joined query that waited for a replacement's lock would re-check the new sim_id against the old snapshot
        // of sims (no row), where the second statement's snapshot has the new SIM.
        const [sub]: Array<{ status: string; sim_id: string | null }> = await em.query(
          'SELECT status, sim_id FROM subscriptions WHERE project = $1 AND id = $2 FOR SHARE',
          [project, subscription],
        );
        const [simRow]: Array<Pick<Row, 'iccid' | 'type'>> = sub?.sim_id
          ? await em.query('SELECT iccid, type FROM sims WHERE id = $1', [sub.sim_id])
          : [];
        const row: Row | undefined = sub && {
          ...sub,
          iccid: simRow?.iccid ?? null,
          type: simRow?.type ?? null,
        };
        if (!row) throw new SimCredentialsException(SimCredentialsErrorCode.SubscriptionNotFound);
        if (row.status === 'ended')
          throw new SimCredentialsException(SimCredentialsErrorCode.SubscriptionEnded);
        if (!row.sim_id || !row.iccid) throw new SimCredentialsException(SimCredentialsErrorCode.NoSim);
        if (row.type !== 'eSIM') throw new SimCredentialsException(SimCredentialsErrorCode.NotESim);
        const [bumped] = returnedRows<{ version: number }>(
          await em.query('UPDATE sims SET version = version + 1 WHERE id = $1 RETURNING version', [
            row.sim_id,
          ]),
        );
        await appendToOutbox(em, [
          buildEvent({
            type: 'sim.credentialsViewed',
            project,
            subject: row.sim_id,
            sequence: bumped!.version,
            data: {
              object: 'simCredentialsView',
              sim: row.sim_id,
              subscription,
              iccid: row.iccid,
              smdpAddress,
              viewedAt: now.toISOString(),
            },
            time: now,
          }),
        ]);
        return { id: row.sim_id, iccid: row.iccid };
      }),
    );
    const matchingId = matchingIdOf(sim.iccid, matchingIdSecret);
    const activationCode = activationCodeOf({ smdpAddress, matchingId });
    return {
      object: 'simCredentials',
      subscription,
      sim: sim.id,
      iccid: sim.iccid,
      smdpAddress,
      matchingId,
      activationCode,
      qrCode: await qrCodeDataUrl(activationCode),
      installLinks: installLinksOf(activationCode),
    };
  }
}
