export declare const REFERENCE_VERSION: string;
export declare function installedReferenceCandidates(): string[];
export declare function codexReferenceBin(): string | undefined;
