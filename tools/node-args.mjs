// How a service process is started by `npm start`, the benchmarks' stack and the fault suite: the Node options
// before its entry file.
import path from 'node:path';
import { REPO_ROOT } from './infra/common.mjs';

/**
 * Stack traces mapped to the TypeScript on demand: `source-map-support` reads a module's map when a trace is
 * formatted. `--enable-source-maps` kept every loaded module's map from start, ≈ 12 MiB per process at rest
 * (docs/benchmarks.md, "Source maps on demand"). The image sets the same preload in NODE_OPTIONS (Dockerfile).
 */
export const SERVICE_NODE_ARGS = ['--require', path.join(REPO_ROOT, 'node_modules/source-map-support/register.js')];
