import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Percent = z.number().min(0).max(100);
const Minutes = z.number().int().min(0);

/** How one provider's network reports usage (the help centre: "AT&T: delay 2–5 days, updated every 3 hours, up to 5–7 % more"). */
export const ProviderProfileSchema = z.strictObject({
  /** Minutes from the usage to its report, drawn (seeded) between min and max. */
  delayMinutes: z
    .strictObject({ min: Minutes, max: Minutes })
    .refine((d) => d.min <= d.max, 'min is above max'),
  /** The provider publishes every this many minutes (epoch-aligned): a record waits for the next publication. */
  batchIntervalMinutes: z.number().int().min(1),
  /** Reported amounts are this much above what was used (rounded up). */
  overReportPercent: Percent,
  /** Share of records sent a second time, with the same record id, one batch later. */
  duplicatePercent: Percent,
  /** Share of records reported `lateMinutes` after their normal report (possibly in a closed period). */
  latePercent: Percent,
  lateMinutes: Minutes,
  /** What a typical active subscription uses in a day, when the simulator generates the usage itself. */
  daily: z.strictObject({
    dataBytes: z.number().int().min(0),
    voiceSeconds: z.number().int().min(0),
    smsMessages: z.number().int().min(0),
  }),
  /** Sessions per day the generated usage is split into (each one record). */
  sessionsPerDay: z.number().int().min(1).max(96),
});
export type ProviderProfile = z.infer<typeof ProviderProfileSchema>;

export interface NetworkSimulatorConfig {
  /** Seeds every draw: the same seed, usage and profile give the same records at the same times. */
  seed: string;
  /** Per provider (`p3`, …); `default` for the others. */
  providers: Record<string, ProviderProfile>;
}

const MB = 1_000_000;
const day = 24 * 60;

export const DEFAULT_NETWORK_SIMULATOR_CONFIG: NetworkSimulatorConfig = {
  seed: 'simline',
  providers: {
    // The AT&T-like network of the help centre: days late, every 3 hours, 6 % over.
    p3: {
      delayMinutes: { min: 2 * day, max: 5 * day },
      batchIntervalMinutes: 180,
      overReportPercent: 6,
      duplicatePercent: 2,
      latePercent: 1,
      lateMinutes: 7 * day,
      daily: { dataBytes: 400 * MB, voiceSeconds: 900, smsMessages: 5 },
      sessionsPerDay: 4,
    },
    p5: {
      delayMinutes: { min: 15, max: 60 },
      batchIntervalMinutes: 60,
      overReportPercent: 0,
      duplicatePercent: 1,
      latePercent: 0.5,
      lateMinutes: 2 * day,
      daily: { dataBytes: 300 * MB, voiceSeconds: 600, smsMessages: 3 },
      sessionsPerDay: 6,
    },
    p9: {
      delayMinutes: { min: 60, max: 360 },
      batchIntervalMinutes: 30,
      overReportPercent: 3,
      duplicatePercent: 0.5,
      latePercent: 1,
      lateMinutes: day,
      daily: { dataBytes: 500 * MB, voiceSeconds: 1200, smsMessages: 8 },
      sessionsPerDay: 8,
    },
    default: {
      delayMinutes: { min: 60, max: 120 },
      batchIntervalMinutes: 60,
      overReportPercent: 0,
      duplicatePercent: 0,
      latePercent: 0,
      lateMinutes: 0,
      daily: { dataBytes: 200 * MB, voiceSeconds: 300, smsMessages: 2 },
      sessionsPerDay: 4,
    },
  },
};

const OverrideSchema = z.strictObject({
  seed: z.string().min(1).optional(),
  providers: z.record(z.string(), ProviderProfileSchema.partial()).optional(),
});

/**
 * The defaults with `USAGE_NETWORK_SIMULATOR_CONFIG` (inline JSON or the path of a JSON file) merged over them,
 * provider by provider (a provider not in the defaults starts from `default`). Invalid configuration fails the start.
 */
export function networkSimulatorConfig(
  override = process.env.USAGE_NETWORK_SIMULATOR_CONFIG,
): NetworkSimulatorConfig {
  if (!override) return DEFAULT_NETWORK_SIMULATOR_CONFIG;
  const text = override.trim().startsWith('{') ? override : readFileSync(override, 'utf8');
  const o = OverrideSchema.parse(JSON.parse(text));
  const providers = { ...DEFAULT_NETWORK_SIMULATOR_CONFIG.providers };
  for (const [key, p] of Object.entries(o.providers ?? {}))
    providers[key] = ProviderProfileSchema.parse({ ...(providers[key] ?? providers.default), ...p });
  return { seed: o.seed ?? DEFAULT_NETWORK_SIMULATOR_CONFIG.seed, providers };
}

export function profileOf(config: NetworkSimulatorConfig, provider: string): ProviderProfile {
  return config.providers[provider] ?? config.providers.default!;
}
