const UNIT_MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
const PATTERN = /^P(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?)?$/;

/**
 * Milliseconds of an ISO-8601 duration made of weeks, days, hours, minutes and seconds (`P1D`, `PT12H`,
 * `P1DT6H`), or null when it is not one. Months and years are refused: their length depends on the date.
 */
export function parseDuration(text: string): number | null {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  if ([w, d, h, min, s].every((x) => x === undefined)) return null;
  const n = (x: string | undefined) => (x === undefined ? 0 : Number(x));
  return n(w) * UNIT_MS.W + n(d) * UNIT_MS.D + n(h) * UNIT_MS.H + n(min) * UNIT_MS.M + n(s) * UNIT_MS.S;
}

/** The canonical ISO-8601 form of a duration in ms (days and time; `P0D` for zero). */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`a duration is a non-negative whole number of ms, got ${ms}`);
  if (ms === 0) return 'P0D';
  let rest = Math.floor(ms / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}` || 'P0D';
}
