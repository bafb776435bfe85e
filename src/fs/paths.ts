import { sep } from 'node:path';

/**
 * Pure path containment on absolute, normalized paths (callers pass real paths: fs.realpath, never the text a
 * user or a scanner gave). `isInside(a, a)` is true; `isStrictlyInside(a, a)` is false.
 */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(prefix);
}

export function isStrictlyInside(parent: string, child: string): boolean {
  return child !== parent && isInside(parent, child);
}

/** The path segments of `child` below `parent` (empty when equal); undefined when `child` is not inside it. */
export function segmentsBelow(parent: string, child: string): string[] | undefined {
  if (!isInside(parent, child)) return undefined;
  const rest = child.slice(parent.length);
  return rest.split(sep).filter((s) => s !== '');
}
