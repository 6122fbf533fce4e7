/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a `$n::type[]` parameter, built in one pass. `pg` turns a JS array
 * into the same text, but escapes every element with two regular expressions and builds the text by repeated
 * concatenation: for the multi-row statements of high-volume consumers (usage records, 2,000 rows of seven columns
 * per batch) that was a visible share of the process (docs/benchmarks.md, "usage ingestion"). Strings are always
 * quoted (so `NULL`, blanks and braces stay text) and escaped only when they hold a quote or a backslash; numbers
 * must be finite; `null` and `undefined` are SQL NULL.
 */
export function sqlArray(values: ReadonlyArray<string | number | bigint | null | undefined>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string')
      parts[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'bigint') parts[i] = v.toString();
    else if (Number.isFinite(v)) parts[i] = String(v);
    else throw new TypeError(`sqlArray: ${v} is not a finite number`);
  }
  return `{${parts.join(',')}}`;
}
