import { eventTypesMatching, FEED_EVENT_TYPES, type EventType } from '@simline/contracts';

const logged = (t: EventType) => !FEED_EVENT_TYPES.includes(t);

/** `subscription.*`, `*` or an exact event type. */
export const EVENT_PATTERN = /^(\*|[a-zA-Z]+\.\*|[a-zA-Z]+\.[a-zA-Z]+)$/;

/** The logged catalogue types one pattern selects (empty for a pattern that selects nothing; the usage feed is not logged). */
export function typesOf(pattern: string): EventType[] {
  return EVENT_PATTERN.test(pattern) ? eventTypesMatching(pattern).filter(logged) : [];
}

/** The catalogue types a list of patterns selects, without repeats, in catalogue order. */
export function typesOfAll(patterns: readonly string[]): EventType[] {
  const wanted = new Set(patterns.flatMap(typesOf));
  return eventTypesMatching('*').filter((t) => wanted.has(t));
}

/** A matcher for a list of patterns, for the hot path (fan-out to webhook endpoints). */
export function patternMatcher(patterns: readonly string[]): (type: string) => boolean {
  const set = new Set<string>(typesOfAll(patterns));
  return (type) => set.has(type);
}
