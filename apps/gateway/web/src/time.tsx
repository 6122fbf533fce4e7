/** A time in the agent's own time zone, with the UTC instant on hover (and for screen readers, the datetime). */
export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span>—</span>;
  const d = new Date(at);
  const local = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <time dateTime={at} title={`${d.toISOString().replace('T', ' ').slice(0, 19)} UTC`}>
      {local}
    </time>
  );
}
