/** Request bodies for creating resources, with realistic defaults; override what a test cares about. */
export function planInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Gigs Global',
    description: 'A data plan you will love!',
    provider: 'p5',
    price: { amount: 999, currency: 'USD' },
    simTypes: ['eSIM', 'pSIM'],
    allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: { id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
    limits: { dataBytes: 100_000_000_000, bandwidthBitsPerSecond: null, throttling: { thresholdBytes: 10_000_000_000, bandwidthBitsPerSecond: 512_000 } },
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
    validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    ...overrides,
  };
}
