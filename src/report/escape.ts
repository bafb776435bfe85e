/**
 * Escaping for untrusted, scanner-provided text placed in GitHub-flavoured Markdown (PR comments, job summary).
 *
 * Threats handled, in the order they are applied:
 * - Terminal/control characters (ANSI colour codes in Trivy output, NUL, bidi overrides): removed.
 * - Block structure (headings, lists, fences, table rows): line breaks become spaces, so untrusted text never
 *   starts a line of its own; callers always put it after a prefix of ours.
 * - Live references GitHub adds after rendering: `@user` / `@org/team` mentions (they notify), `#123` and
 *   `GH-123` issue references (they add a cross-reference to that issue), `http://`, `https://`, `www.` and
 *   e-mail autolinks, and bare domains: a zero-width joiner (U+200D) is inserted so the pattern no longer
 *   matches. It is invisible on screen.
 * - HTML: `&`, `<`, `>` become entities (so `<img onerror>`, `<details>`, `<!-- marker -->` render as text).
 * - Markdown inline syntax: emphasis, code, links, images, strikethrough, table pipes, math (`$`) are
 *   backslash-escaped or entity-encoded.
 *
 * Text in code spans (`codeSpan`) needs less: GitHub renders no HTML, links or mentions inside code.
 * Links we build ourselves (file at the head commit, run page; see links.ts) go through `markdownLink`, whose URL
 * is percent-encoded from parts we control.
 */
import { isSafeUrl } from './links.js';

/** U+200D ZERO WIDTH JOINER: breaks mention/reference/autolink patterns without a visible change. */
export const ZWJ = '\u200D';

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]?/g;
// C0 (except tab, LF, CR which become spaces), DEL, C1, bidi embeddings/overrides/isolates, zero-width chars, BOM.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029\u0085]+/g;

/**
 * Removes ANSI escapes and control characters, turns line breaks and tabs into spaces, collapses runs of spaces
 * and trims. The result is one line of plain text (also what annotations and logs should carry).
 */
export function plainText(text: string): string {
  return String(text)
    .replace(ANSI, '')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Shortens to at most `max` code points (never splitting a surrogate pair), ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (!Number.isFinite(max) || text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  return points.slice(0, max - 1).join('').trimEnd() + '…';
}

/**
 * Inserts a zero-width joiner where GitHub would otherwise create something live from plain text:
 * mentions and e-mail addresses (`@`), issue references (`#123`, `GH-123`), URL and `www.` autolinks, and
 * domain-looking words (`evil.example`, where the dot is followed by letters). Digits-only dots (versions) are
 * left alone.
 */
export function defuse(text: string): string {
  return (
    text
      // `@octocat`, `@github/security`, `user@example.com`
      .replace(/@/g, `@${ZWJ}`)
      // `#123`, `owner/repo#123`
      .replace(/#(?=\d)/g, `#${ZWJ}`)
      // `GH-123`
      .replace(/\b(GH)-(?=\d)/gi, `$1${ZWJ}-`)
      // `https://`, `ftp://`, `javascript://` …: the `://` sequence is what autolinkers anchor on
      .replace(/:(?=\/\/)/g, `:${ZWJ}`)
      // `mailto:` / `xmpp:` / `javascript:` style schemes without slashes
      .replace(/\b(mailto|xmpp|javascript|data|vbscript|file):/gi, `$1${ZWJ}:`)
      // `www.`
      .replace(/\b(www)\./gi, `$1${ZWJ}.`)
      // bare domains: a dot between a host character and a letter
      .replace(/(?<=[A-Za-z0-9_-])\.(?=[A-Za-z])/g, `.${ZWJ}`)
  );
}

/** Characters with an inline Markdown meaning in GFM, escaped with a backslash. */
const BACKSLASH = new Set(['\\', '`', '*', '_', '[', ']', '(', ')', '|', '~', '#']);
/** HTML-significant characters, and `$` (GitHub renders `$…$` as math), as entities. */
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', $: '&dollar;' };

function escapeChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const entity = ENTITY[ch];
    if (entity !== undefined) out += entity;
    else if (BACKSLASH.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

export interface EscapeOptions {
  /** Code points of the source text to keep (before escaping); longer text ends with `…`. */
  maxLength?: number;
}

/**
 * Untrusted prose (a finding title, a scanner's error message) → one line of inert Markdown, safe in running
 * text, list items, table cells and inside `<summary>`/`<details>` HTML.
 */
export function escapeText(text: string | undefined | null, options: EscapeOptions = {}): string {
  const clean = truncate(plainText(text ?? ''), options.maxLength ?? Number.POSITIVE_INFINITY);
  return escapeChars(defuse(clean));
}

export interface CodeSpanOptions extends EscapeOptions {
  /** In a table cell, `|` must be written `\|` even inside code (GFM splits cells first). Default true. */
  inTable?: boolean;
}

/**
 * Untrusted identifier (rule id, package name, version, path, image) → an inline code span. GitHub renders no
 * HTML, links, mentions or references inside code, so only control characters, line breaks, backticks and (in
 * tables) pipes need care. Empty input gives an empty string.
 */
export function codeSpan(text: string | undefined | null, options: CodeSpanOptions = {}): string {
  let clean = truncate(plainText(text ?? ''), options.maxLength ?? Number.POSITIVE_INFINITY);
  if (clean === '') return '';
  if (options.inTable ?? true) clean = clean.replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of clean.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A space on each side keeps a leading/trailing backtick from joining the fence; GFM strips one of each.
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * A link we build: `label` is already-safe Markdown (escaped text or a code span), `url` is checked with
 * `isSafeUrl`. An unsafe URL gives the label alone, never a link.
 */
export function markdownLink(label: string, url: string): string {
  return isSafeUrl(url) ? `[${label}](${url})` : label;
}
