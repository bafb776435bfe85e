/**
 * A model of what GitHub would turn into something live in a string of *escaped inline text*: HTML, Markdown
 * links/emphasis/code, math, mentions, issue references, autolinks, line breaks, control and bidi characters.
 * Used to assert that escape.ts output is inert; `liveElements(raw)` of hostile input is non-empty, so the
 * model can fail.
 */
/** Why a string would render something live on GitHub; empty when inert. Models GFM + GitHub's post-filters. */
export function liveElements(out: string): string[] {
  const problems: string[] = [];
  if (/[\n\r]/.test(out)) problems.push('line break (block structure)');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(out)) problems.push('control character');
  if (/[\u202A-\u202E\u2066-\u2069]/.test(out)) problems.push('bidi control (text shown out of order)');
  if (out.includes('<')) problems.push('raw < (HTML tag or comment)');
  if (out.includes('$')) problems.push('raw $ (math)');
  // Markdown punctuation must be backslash-escaped (preceded by an odd number of backslashes).
  for (let i = 0; i < out.length; i++) {
    const ch = out[i]!;
    if (!'`*_[]()|~'.includes(ch)) continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && out[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) problems.push(`unescaped ${ch} at ${i}`);
  }
  if (/@[A-Za-z0-9]/.test(out)) problems.push('mention or e-mail');
  if (/#\d/.test(out)) problems.push('issue reference');
  if (/\bGH-\d/i.test(out)) problems.push('GH- reference');
  if (/:\/\//.test(out)) problems.push('URL autolink');
  if (/www\./i.test(out)) problems.push('www autolink');
  if (/(mailto|xmpp|javascript):/i.test(out)) problems.push('scheme');
  if (/[A-Za-z0-9_-]\.[A-Za-z]/.test(out)) problems.push('bare domain');
  return problems;
}
