import { ID_PREFIXES, newId, type IdKind } from '@simline/contracts';
import { ROUTE_OWNERS } from '@simline/platform';

export interface WalkedRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Template under `/projects/{project}`, e.g. `/plans/{plan}`. */
  template: string;
  from: 'openapi' | 'routeOwners';
}

/** `^\/(a|b)\/[^/]+\/c(\/|$)` → `/a/{id}/c`, `/b/{id}/c`: the partner paths a ROUTE_OWNERS line covers. */
export function expandRoutePattern(source: string): string[] {
  let s = source
    .replace(/^\^/, '')
    .replace(/\(\\\/\|\$\)$/, '')
    .replace(/\\\//g, '/')
    .replace(/\[\^\/\]\+/g, '{id}');
  if (s.endsWith('$')) s = s.slice(0, -1);
  const m = /\(([^()]+)\)/.exec(s);
  if (!m) return [s];
  return m[1]!
    .split('|')
    .flatMap((alt) => expandRoutePattern(s.slice(0, m.index) + alt + s.slice(m.index + m[0].length)));
}

/**
 * Every partner route to walk: each operation of the merged OpenAPI document, and for each resource that
 * ROUTE_OWNERS routes (documented or not yet), its collection and an item, with every method.
 */
export function routesToWalk(openapi: { paths: Record<string, Record<string, unknown>> }): WalkedRoute[] {
  const out = new Map<string, WalkedRoute>();
  const add = (r: WalkedRoute) => out.set(`${r.method} ${r.template}`, r);
  for (const [path, ops] of Object.entries(openapi.paths)) {
    for (const method of Object.keys(ops)) {
      add({
        method: method.toUpperCase() as WalkedRoute['method'],
        template: path.replace(/^\/projects\/\{project\}/, ''),
        from: 'openapi',
      });
    }
  }
  for (const { pattern } of ROUTE_OWNERS) {
    for (const root of expandRoutePattern(pattern.source)) {
      for (const template of [root, `${root}/{id}`]) {
        for (const method of ['GET', 'POST', 'PATCH', 'DELETE'] as const)
          if (!out.has(`${method} ${template}`)) add({ method, template, from: 'routeOwners' });
      }
    }
  }
  return [...out.values()];
}

/** Fills `{param}`s with a known id of that kind (a real resource), else a well-formed id that exists nowhere. */
export function fillTemplate(template: string, known: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (known[name]) return known[name]!;
    return name in ID_PREFIXES ? newId(name as IdKind) : `${name}_0000000000000000000000000000`;
  });
}
