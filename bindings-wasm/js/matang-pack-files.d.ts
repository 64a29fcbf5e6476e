/** The files of a custom pack at `src`: a JSON bundle or list, or a pack.toml and the files it
 * references, each checked with `packFileUrl` before any is requested. */
export function fetchPackFiles(src: string, base?: string): Promise<Record<string, string>>;
/** The URL of a file a pack names, resolved against the pack's URL; throws a `pack`
 * MatangError unless it is a relative path that stays inside the pack's folder. */
export function packFileUrl(ref: string, packUrl: string | URL, where?: { file?: string; line?: number; column?: number }): URL;
