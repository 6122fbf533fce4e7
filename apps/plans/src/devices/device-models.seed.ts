import type { DeviceModel } from '@simline/contracts';

type Seed = Omit<DeviceModel, 'object' | 'createdAt'>;

/** When the seed catalogue was written: every seeded model's `createdAt`, fixed so re-seeding changes nothing. */
export const SEED_CREATED_AT = new Date('2026-01-01T00:00:00.000Z');

/**
 * The device models every installation starts with (docs/decisions/0102). Fixed ids, so that seeding at
 * every start is idempotent. TAC 49238884 is the one of the reference's example IMEI (492388841798923).
 */
export const DEVICE_MODEL_SEEDS: readonly Seed[] = [
  {
    id: 'dmd_0V70MWDgOo69mgtRbwpuez2Yz9vd',
    manufacturer: 'Apple',
    name: 'iPhone 15',
    providers: ['p1', 'p3', 'p5', 'p7', 'p9'],
    simTypes: ['eSIM', 'pSIM'],
    tacs: ['35384883', '35412672', '49238884'],
  },
  {
    id: 'dmd_0V70MWTo1HWqQLC05OAPRQ4TaEqF',
    manufacturer: 'Apple',
    name: 'iPhone 16 (US)',
    providers: ['p3', 'p5', 'p9'],
    simTypes: ['eSIM'],
    tacs: ['35665093', '35093127'],
  },
  {
    id: 'dmd_0V70MWjwWsinOKNnmF7qfCSEyep0',
    manufacturer: 'Google',
    name: 'Pixel 8',
    providers: ['p1', 'p5', 'p9'],
    simTypes: ['eSIM', 'pSIM'],
    tacs: ['35332311', '35851274'],
  },
  {
    id: 'dmd_0V70MX04pNJ0PqbKQPNEmi3FCbj8',
    manufacturer: 'Google',
    name: 'Pixel 9',
    providers: ['p3', 'p5', 'p7', 'p9'],
    simTypes: ['eSIM', 'pSIM'],
    tacs: ['35964122'],
  },
  {
    id: 'dmd_0V70MXGC4MiQo1HDjZofXz0MBamY',
    manufacturer: 'Samsung',
    name: 'Galaxy S24',
    providers: ['p1', 'p3', 'p5', 'p9'],
    simTypes: ['eSIM', 'pSIM'],
    tacs: ['35080673', '35288455'],
  },
  {
    id: 'dmd_0V70MXWKM0DQqShUdX4Zn81MQd0B',
    manufacturer: 'Nokia',
    name: '3310 3G',
    // 3G only: no provider of ours runs a 3G network any more, so no plan is compatible.
    providers: [],
    simTypes: ['pSIM'],
    tacs: ['35210808'],
  },
];
