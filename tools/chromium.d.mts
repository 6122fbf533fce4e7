// Types of tools/chromium.mjs for the TypeScript tests that import it.
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function chromiumArgs(): string[];
export declare function ensureChromium(opts?: { timeoutMs?: number }): Promise<string>;
