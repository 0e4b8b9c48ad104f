/** Types of build-freshness.mjs (plain JavaScript: run by Node without a compiler). */
export declare const STAMP_FILE: string;
export declare const BUILD_INPUTS: string[];
export declare function newestInput(root: string, inputs?: string[]): { mtimeMs: number; file: string | null };
export declare function readStamp(outDir: string): { startedAt: number } | null;
export declare function writeStamp(outDir: string, startedAt: number): void;
export declare function buildDecision(root: string, outDir: string): { build: boolean; reason: string };
