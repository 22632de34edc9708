declare module 'taskcluster-lib-urls' {
  export function api(rootUrl: string, service: string, version: string, path: string): string;
  export function ui(rootUrl: string, path: string): string;
  export function normalizeRootUrl(rootUrl: string): string;
}
