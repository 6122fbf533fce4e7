/** A subscription's plan change in one word group: `planChange=pln_a→pln_b renewal scheduled at …` (0205). */
export function planChangeText(value: unknown): string {
  const c = value as {
    previousPlan?: string;
    plan?: string;
    effective?: string;
    status?: string;
    effectiveAt?: string;
  };
  return `planChange=${c.previousPlan}→${c.plan} ${c.effective} ${c.status} at ${c.effectiveAt}`;
}
