// Which projects' compiled output is older than their sources: what tools/build.mjs would recompile, found
// with a stat per file (no compiler loaded), so that a CLI can skip the build when nothing changed.
import fs from 'node:fs';
import path from 'node:path';

const TEST = /(\.spec|\.int-spec|\.e2e-spec)\.ts$|\/__tests__\//;

/** True when a TypeScript source of the project (`<dir>/src`) is newer than its `<dir>/dist` file, or that is missing. */
export function isStale(dir) {
  const src = path.join(dir, 'src');
  const dist = path.join(dir, 'dist');
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__tests__' && walk(p)) return true;
      } else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && !TEST.test(p)) {
        const out = path.join(dist, path.relative(src, p)).replace(/\.ts$/, '.js');
        const o = fs.statSync(out, { throwIfNoEntry: false });
        if (!o || o.mtimeMs < fs.statSync(p).mtimeMs) return true;
      }
    }
    return false;
  };
  return fs.existsSync(src) && walk(src);
}

/** The names of the stale projects among `dirs`. */
export const staleProjects = (dirs) => dirs.filter(isStale).map((d) => path.basename(d));
