import type { UsagePeriod } from '@simline/contracts';

export const USAGE_PERIOD_EXAMPLE: UsagePeriod = {
  object: 'usagePeriod',
  subscription: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
  period: { number: 2, start: '2026-12-01T10:00:00.000Z', end: '2027-01-01T10:00:00.000Z' },
  data: { used: 7_340_032_000, limit: 10_000_000_000, remaining: 2_659_968_000, percent: 73.4 },
  voice: { used: 1_260, limit: 30_000, remaining: 28_740, percent: 4.2 },
  sms: { used: 12, limit: 100, remaining: 88, percent: 12 },
  addons: [],
};

export const USAGE_LIST_EXAMPLE = {
  object: 'list',
  items: [
    USAGE_PERIOD_EXAMPLE,
    {
      ...USAGE_PERIOD_EXAMPLE,
      period: { number: 1, start: '2026-11-01T10:00:00.000Z', end: '2026-12-01T10:00:00.000Z' },
      data: { used: 11_000_000_000, limit: 11_000_000_000, remaining: 0, percent: 100 },
      addons: [
        {
          id: 'sad_0SNlurA049MEWV2gSfSxi00xlPIj',
          name: '1 GB top-up',
          allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null },
        },
      ],
    },
  ],
  moreItemsAfter: null,
  moreItemsBefore: null,
};
