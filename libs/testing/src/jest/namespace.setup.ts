// Runs before each integration/e2e test file: the file gets its own namespace (topics, groups, databases, keys).
import { newNamespace } from '../namespace.js';

process.env.SIMLINE_NS = newNamespace();
