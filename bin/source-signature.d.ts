export declare const BUNDLE_DIR: string;
export declare const STAMP_FILE: string;
export declare function sourceSignature(root: string): string;
export declare function bundleIsCurrent(root: string): boolean;
