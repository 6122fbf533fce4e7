const ID = /^[a-z]{2,3}_[0-9A-Za-z]{28}$/;

/**
 * The other resources an event's data points at: top-level id strings (`invoice.subscription`) and the ids
 * of embedded resources one level down (`subscription.user.id`). They make "everything about this
 * subscription" one indexed lookup (invoices, payments, portings and consent requests name it).
 */
export function refsOf(data: unknown, self: string): string[] {
  if (!data || typeof data !== 'object') return [];
  const out = new Set<string>();
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'id') continue;
    if (typeof value === 'string') {
      if (ID.test(value)) out.add(value);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string' && ID.test(id)) out.add(id);
    }
  }
  out.delete(self);
  return [...out];
}
