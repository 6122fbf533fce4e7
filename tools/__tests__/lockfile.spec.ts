import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Locked {
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  link?: boolean;
}

/**
 * `npm ci` on a clean clone (CI, the image, a newcomer's Mac) refuses a lock that lacks any platform's optional
 * binary (`Missing: @swc/core-darwin-arm64 from lock file`). Each locked package's optional dependencies must be
 * locked too, as npm resolves them: in a node_modules folder of the package's own path or of one of its parents.
 */
describe('package-lock.json', () => {
  it("locks every platform's optional binaries, so that npm ci works anywhere", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, Locked>;
    };
    const missing: string[] = [];
    for (const [at, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        let dir = at;
        let found = false;
        for (;;) {
          if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${dep}`]) {
            found = true;
            break;
          }
          if (!dir) break;
          const i = dir.lastIndexOf('/node_modules/');
          dir = i < 0 ? '' : dir.slice(0, i);
        }
        if (!found) missing.push(`${dep} (of ${at || 'the root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
