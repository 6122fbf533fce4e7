#!/usr/bin/env node
// Compiles TypeScript sources to ESM JavaScript with swc: every lib and app, or the ones named.
// `node tools/build.mjs` builds all; `node tools/build.mjs plans contracts` builds those. Skips unchanged files.
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
delete swcrc.exclude;

const TEST = /(\.spec|\.int-spec|\.e2e-spec)\.ts$|\/__tests__\//;

async function projects() {
  const out = [];
  for (const kind of ['libs', 'apps']) {
    for (const name of await readdir(join(root, kind)).catch(() => [])) {
      const src = join(root, kind, name, 'src');
      if (await stat(src).catch(() => null)) out.push({ name, src, dist: join(root, kind, name, 'dist') });
    }
  }
  return out;
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && !TEST.test(p)) yield p;
  }
}

async function buildProject({ src, dist }) {
  let built = 0;
  const jobs = [];
  for await (const file of walk(src)) {
    const rel = relative(src, file).replace(/\.ts$/, '.js');
    const out = join(dist, rel);
    jobs.push(
      (async () => {
        const [s, o] = await Promise.all([stat(file), stat(out).catch(() => null)]);
        if (o && o.mtimeMs >= s.mtimeMs) return;
        const result = await transformFile(file, { ...swcrc, filename: file, sourceFileName: relative(dirname(out), file), sourceMaps: true, swcrc: false });
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, result.code + `\n//# sourceMappingURL=${rel.split('/').pop()}.map\n`);
        if (result.map) await writeFile(out + '.map', result.map);
        built++;
      })(),
    );
  }
  await Promise.all(jobs);
  return built;
}

const wanted = process.argv.slice(2);
const all = await projects();
const selected = wanted.length ? all.filter((p) => wanted.includes(p.name)) : all;
const started = Date.now();
let files = 0;
for (const p of selected) files += await buildProject(p);
if (!process.env.QUIET) console.log(`built ${selected.length} project(s), ${files} file(s) compiled in ${Date.now() - started} ms`);

// The support dashboard's page (React, Vite) into apps/gateway/web/dist, served by the gateway at /dashboard.
async function newestMtime(p) {
  const st = await stat(p).catch(() => null);
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of await readdir(p)) newest = Math.max(newest, await newestMtime(join(p, e)));
  return newest;
}
if (!wanted.length || wanted.includes('gateway')) {
  const web = join(root, 'apps', 'gateway', 'web');
  const sources = Math.max(
    ...(await Promise.all(['src', 'index.html', 'vite.config.mjs', join('..', '..', '..', 'package-lock.json')].map((f) => newestMtime(join(web, f))))),
  );
  const built = await newestMtime(join(web, 'dist', 'index.html'));
  if (sources > built) {
    const webStarted = Date.now();
    const { build } = await import('vite');
    await build({ configFile: join(web, 'vite.config.mjs') });
    if (!process.env.QUIET) console.log(`built the dashboard page in ${Date.now() - webStarted} ms`);
  }
}
