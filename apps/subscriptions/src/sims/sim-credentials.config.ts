import { z } from 'zod';
import { loadConfig } from '@simline/platform';

const schema = z.object({
  /** The SM-DP+ server that hosts Simline's eSIM profiles (a host name, as in the activation code). */
  ESIM_SMDP_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'Expected a host name such as smdp.example.com.')
    .default('smdp.simline.example'),
  /**
   * The secret matching ids are derived from (HMAC of the ICCID); changing it changes every eSIM's matching id.
   * From the environment only (docs/reliability.md, "Secrets from the environment"): Kubernetes takes it from the
   * `subscriptions-esim` Secret, compose from the shell, `npm start` and the tests generate a development one.
   */
  ESIM_MATCHING_ID_SECRET: z.string().min(16),
});

/** The eSIM install credentials' settings, validated at boot. */
export class SimCredentialsSettings {
  readonly values: z.infer<typeof schema> = loadConfig(schema);
}
