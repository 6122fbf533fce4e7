// Dockerfile checks (tools/deploy-check.mjs). No engine runs here, and hadolint is in neither npm nor Debian,
// so this lints what can go wrong without building: the base image, the stages, non-root, the health check,
// every COPY source (present, and let through by .dockerignore), the files ENTRYPOINT and HEALTHCHECK run, what
// `node tools/build.mjs` must produce for the staging step, and that the runtime code imports nothing that
// `npm ci --omit=dev` leaves out.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { ROOT, stackProcesses } from './deploy-lib.mjs';

/** Dockerfile instructions: continuation lines joined, comments dropped. */
export function parseDockerfile(text) {
  const out = [];
  let buf = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!buf && (/^\s*#/.test(line) || !line.trim())) continue;
    if (buf && /^\s*#/.test(line)) continue;
    buf += (buf ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      const [, op, args] = buf.match(/^(\S+)\s*(.*)$/);
      out.push({ op: op.toUpperCase(), args });
      buf = '';
    }
  }
  return out;
}

/** .dockerignore as Docker reads it: patterns in order, `!` re-includes, a match on a parent directory counts. */
export function dockerIgnore(text) {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pat = path.posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, '')).replace(/\/+$/, '');
      let re = '';
      for (let i = 0; i < pat.length; i++) {
        const c = pat[i];
        if (c === '*' && pat[i + 1] === '*') {
          re += pat[i + 2] === '/' ? '(.*/)?' : '.*';
          i += pat[i + 2] === '/' ? 2 : 1;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, re: new RegExp(`^${re}$`) };
    });
  return (file) => {
    const parts = file.split('/');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) excluded = !rule.negate;
    return excluded;
  };
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (p.endsWith('.js') || p.endsWith('.mjs')) yield p;
  }
}

/** Bare module specifiers a built file imports (static and dynamic with a literal). */
function importsOf(file) {
  const src = fs.readFileSync(file, 'utf8');
  const found = new Set();
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm, // import … from 'x', export … from 'x'
    /^\s*import\s*["']([^"']+)["']/gm, // import 'x'
    /\bimport\(\s*["']([^"']+)["']\s*\)/g, // import('x')
  ];
  for (const re of patterns) for (const m of src.matchAll(re)) if (!/^[./]/.test(m[1])) found.add(m[1]);
  return found;
}

const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

export async function checkDockerfile(r) {
  const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const ins = parseDockerfile(text);
  const ignored = dockerIgnore(fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
  const args = Object.fromEntries(ins.filter((i) => i.op === 'ARG' && i.args.includes('=')).map((i) => i.args.split(/=(.*)/s).slice(0, 2)));

  // --- stages ---
  const froms = ins.filter((i) => i.op === 'FROM').map((i) => {
    const [image, , stage] = i.args.replace(/\$\{(\w+)\}/g, (_, k) => args[k] ?? '').split(/\s+/);
    return { image, stage };
  });
  r.check('every stage is node:20-bookworm-slim (the Node of the repo, Debian like tools/infra)', froms.every((f) => f.image === 'node:20-bookworm-slim'), froms.map((f) => f.image).join(', '));
  r.check('multi-stage: build, production deps and runtime', ['build', 'deps', 'runtime'].every((s) => froms.some((f) => f.stage === s)), froms.map((f) => f.stage).join(', '));
  const stageOf = [];
  let current;
  for (const i of ins) {
    if (i.op === 'FROM') current = i.args.split(/\s+/)[2];
    stageOf.push(current);
  }
  const inStage = (stage, op, re) => ins.some((i, n) => stageOf[n] === stage && i.op === op && re.test(i.args));
  r.check('build stage: npm ci (dev dependencies, for swc)', inStage('build', 'RUN', /npm ci(?!.*--omit=dev)/));
  r.check('build stage: node tools/build.mjs', inStage('build', 'RUN', /node tools\/build\.mjs/));
  r.check('deps stage: npm ci --omit=dev', inStage('deps', 'RUN', /npm ci --omit=dev/));
  r.check('build arg APP picks the app', inStage('build', 'ARG', /^APP(=|$)/) && inStage('runtime', 'ARG', /^APP(=|$)/));
  const user = ins.filter((i, n) => stageOf[n] === 'runtime' && i.op === 'USER').at(-1)?.args;
  r.check('runtime runs as a non-root user', Boolean(user) && !/^(root|0)(:|$)/.test(user), user);
  r.check('runtime: HEALTHCHECK', inStage('runtime', 'HEALTHCHECK', /CMD/));
  r.check('runtime: HOST=0.0.0.0 (reachable from outside the container)', inStage('runtime', 'ENV', /HOST=0\.0\.0\.0/));
  r.check('runtime: no dev tooling copied from the build stage', !ins.some((i, n) => stageOf[n] === 'runtime' && i.op === 'COPY' && /--from=build\s+\/app\/node_modules/.test(i.args)));

  // --- COPY sources exist and reach the build context ---
  for (const i of ins.filter((x) => x.op === 'COPY' && !/--from=/.test(x.args))) {
    const parts = i.args.split(/\s+/).filter((a) => !a.startsWith('--'));
    for (const src of parts.slice(0, -1)) {
      const abs = path.join(ROOT, src);
      if (!r.check(`COPY ${src}: exists`, fs.existsSync(abs))) continue;
      r.check(`COPY ${src}: not excluded by .dockerignore`, !ignored(src.replace(/\/$/, '')));
    }
  }
  for (const [file, shouldBe] of [
    ['package.json', false], ['libs/contracts/src/index.ts', false], ['apps/plans/src/main.ts', false], ['tools/build.mjs', false],
    ['node_modules/zod/package.json', true], ['apps/plans/dist/main.js', true], ['libs/platform/dist/index.js', true],
    ['.simline/pg/data/PG_VERSION', true], ['.git/HEAD', true], ['test/bench/run.mjs', true], ['apps/plans/src/__tests__/x.spec.ts', true],
  ]) {
    r.check(`.dockerignore ${shouldBe ? 'keeps out' : 'lets in'} ${file}`, ignored(file) === shouldBe);
  }

  // --- what ENTRYPOINT and HEALTHCHECK run is in the image ---
  const copied = ins.filter((i, n) => stageOf[n] === 'runtime' && i.op === 'COPY' && !/--from=/.test(i.args)).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  for (const op of ['ENTRYPOINT', 'HEALTHCHECK']) {
    const cmd = ins.find((i, n) => stageOf[n] === 'runtime' && i.op === op)?.args ?? '';
    const files = [...cmd.matchAll(/\/app\/([\w./-]+\.m?js)/g)].map((m) => m[1]);
    r.check(`${op} runs a file of the image`, files.length > 0 && files.every((f) => copied.includes(f) && fs.existsSync(path.join(ROOT, f))), `${cmd} (copied: ${copied.join(' ')})`);
  }

  // --- what the staging step copies exists after `node tools/build.mjs` ---
  const apps = fs.readdirSync(path.join(ROOT, 'apps')).filter((a) => fs.existsSync(path.join(ROOT, 'apps', a, 'src', 'main.ts')));
  for (const app of apps) r.check(`apps/${app}/dist/main.js built`, fs.existsSync(path.join(ROOT, 'apps', app, 'dist', 'main.js')));
  for (const p of await stackProcesses()) {
    if (p.workerPort) r.check(`apps/${p.service}/dist/worker.js built`, fs.existsSync(path.join(ROOT, 'apps', p.service, 'dist', 'worker.js')));
    if (p.migrates) r.check(`apps/${p.service}/dist/data-source.js built (migrate role)`, fs.existsSync(path.join(ROOT, 'apps', p.service, 'dist', 'data-source.js')));
  }
  const libs = fs.readdirSync(path.join(ROOT, 'libs')).filter((l) => l !== 'testing' && fs.existsSync(path.join(ROOT, 'libs', l, 'package.json')));
  for (const lib of libs) r.check(`libs/${lib}/dist/index.js built`, fs.existsSync(path.join(ROOT, 'libs', lib, 'dist', 'index.js')));

  // --- the runtime imports only production dependencies (npm ci --omit=dev) ---
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const prod = new Set(Object.keys(pkg.dependencies ?? {}));
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const files = [
    ...apps.flatMap((a) => [...walk(path.join(ROOT, 'apps', a, 'dist'))]),
    ...libs.flatMap((l) => [...walk(path.join(ROOT, 'libs', l, 'dist'))]),
    path.join(ROOT, 'tools/deploy-entrypoint.mjs'),
    path.join(ROOT, 'tools/deploy-healthcheck.mjs'),
  ];
  const missing = new Map();
  for (const file of files) {
    for (const spec of importsOf(file)) {
      const name = packageOf(spec);
      if (builtins.has(spec) || builtins.has(name) || prod.has(name)) continue;
      if (name.startsWith('@simline/') && name !== '@simline/testing') continue;
      missing.set(name, [...(missing.get(name) ?? []), path.relative(ROOT, file)]);
    }
  }
  r.check(
    `runtime imports (${files.length} files) are production dependencies`,
    missing.size === 0,
    [...missing].map(([n, f]) => `${n} (${f.slice(0, 3).join(', ')}${f.length > 3 ? ', …' : ''})`).join('; '),
  );
}
