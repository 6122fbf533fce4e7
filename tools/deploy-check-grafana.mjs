// deploy/grafana/*.json checks (tools/deploy-check.mjs): every metric a dashboard queries is one the code registers,
// with the labels the query filters or groups by. The built libraries are loaded (the platform registers the HTTP,
// consumer-lag, queue and outbox metrics when it is imported) and their Prometheus registry is asked.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './deploy-lib.mjs';

const DIR = path.join(ROOT, 'deploy/grafana');

// PromQL words that are not metric names.
const WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'le',
  'inf',
  'nan',
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
]);

/** The metric names and the labels used with them in one PromQL expression. */
export function metricsOf(expr) {
  const out = new Map();
  const add = (name, labels) => out.set(name, new Set([...(out.get(name) ?? []), ...labels]));
  const grouped = [...expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const clean = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  for (const m of clean.matchAll(/([a-zA-Z_:][\w:]*)\s*(\{[^}]*\})?/g)) {
    const [, name, selector] = m;
    const after = clean.slice(m.index + m[0].length).trimStart();
    if (WORDS.has(name) || (!selector && after.startsWith('('))) continue;
    if (grouped.includes(name) && !selector) continue;
    const labels = selector ? [...selector.matchAll(/(\w+)\s*[!=~]/g)].map((l) => l[1]) : [];
    add(name, labels);
  }
  // Labels grouped by apply to every metric of the expression (le only to histograms).
  for (const [name, labels] of out) for (const l of grouped) labels.add(l);
  return out;
}

function exprsOf(dashboard) {
  const out = [];
  const walk = (panels) => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) if (t.expr) out.push({ panel: p.title, expr: t.expr });
      walk(p.panels);
    }
  };
  walk(dashboard.panels);
  for (const v of dashboard.templating?.list ?? []) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = q && /label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*(\w+)\s*\)/.exec(q);
    if (m) out.push({ panel: `variable ${v.name}`, expr: `${m[1]}{${m[2]}=""}` });
  }
  return out;
}

/** Every metric the services register: name → { type, labels }. */
async function registeredMetrics() {
  const imp = (lib) => import(pathToFileURL(path.join(ROOT, `libs/${lib}/dist/index.js`)).href);
  const obs = await imp('observability');
  await imp('platform');
  await imp('scheduling');
  await imp('messaging');
  const out = new Map();
  for (const m of await obs.metricsRegistry.getMetricsAsJSON()) {
    const metric = obs.metricsRegistry.getSingleMetric(m.name);
    const labels = new Set(['service', 'instance', 'job', ...(metric?.labelNames ?? [])]);
    out.set(m.name, { type: m.type, labels });
  }
  return out;
}

const SUFFIXES = { _bucket: ['histogram'], _sum: ['histogram', 'summary'], _count: ['histogram', 'summary'] };

export async function checkGrafana(r) {
  const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')) : [];
  if (!r.check('deploy/grafana has a dashboard', files.length > 0)) return;
  const registered = await registeredMetrics();
  for (const file of files) {
    let dashboard;
    try {
      dashboard = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    } catch (err) {
      r.fail(`${file} is JSON`, err.message);
      continue;
    }
    const exprs = exprsOf(dashboard);
    r.check(`${file} has queries`, exprs.length > 0);
    for (const { panel, expr } of exprs) {
      for (const [name, labels] of metricsOf(expr)) {
        const suffix = Object.keys(SUFFIXES).find(
          (s) => name.endsWith(s) && registered.has(name.slice(0, -s.length)),
        );
        const base = suffix ? name.slice(0, -suffix.length) : name;
        const metric = registered.get(base);
        if (
          !r.check(
            `${file} "${panel}": ${name} is registered`,
            metric && (!suffix || SUFFIXES[suffix].includes(metric.type)),
            expr,
          )
        )
          continue;
        const known = new Set([...metric.labels, ...(suffix === '_bucket' ? ['le'] : [])]);
        const unknown = [...labels].filter((l) => !known.has(l));
        r.check(
          `${file} "${panel}": ${name} has the labels ${[...labels].join(', ') || '(none)'}`,
          unknown.length === 0,
          `unknown: ${unknown.join(', ')}`,
        );
      }
    }
  }
}
