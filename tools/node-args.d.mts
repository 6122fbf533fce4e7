// Types of tools/node-args.mjs for the TypeScript tests that import it.
export declare const SERVICE_NODE_ARGS: string[];
