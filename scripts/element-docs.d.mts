export declare const START: string;
export declare const END: string;
export interface ElementDeclaration {
  tagName: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  [key: string]: unknown;
}
export declare function elementDeclarations(manifest: unknown): ElementDeclaration[];
export declare function renderElementDocs(manifest: unknown): string;
export declare function withElementDocs(page: string, manifest: unknown): string;
