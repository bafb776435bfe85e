import { describe, expect, it } from 'vitest';
import { ZWJ, codeSpan, escapeText, markdownLink, plainText, truncate } from '../../src/report/escape.js';
import { liveElements } from '../support/markdown-liveness.js';

const ESC = '\u001b';

/** What a reader sees: entities decoded, backslash escapes removed, zero-width joiners dropped. */
function visible(out: string): string {
  return out
    .split(ZWJ)
    .join('')
    .replace(/\\(.)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&dollar;/g, '$')
    .replace(/&amp;/g, '&');
}

const HOSTILE: [string, string][] = [
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['script tag', '<script>alert(document.cookie)</script>'],
  ['javascript link', '[click](javascript:alert(1))'],
  ['image link', '![x](https://evil.example/pixel.png)'],
  ['reference link', '[a][b]\n\n[b]: https://evil.example'],
  ['mention', 'ping @octocat please'],
  ['team mention', 'cc @github/security'],
  ['mention at start', '@octocat'],
  ['email', 'mail admin@evil.example now'],
  ['https autolink', 'see https://evil.example/x?y=1'],
  ['http autolink', 'http://evil.example'],
  ['www autolink', 'www.evil.example'],
  ['bare domain', 'evil.example'],
  ['mailto', 'mailto:someone@evil.example'],
  ['angle autolink', '<https://evil.example>'],
  ['table pipes', '| col | col2 |'],
  ['table row injection', 'a |\n|---|\n| b'],
  ['backticks', '``code`` and `x`'],
  ['marker look-alike', '<!-- security-scan:v1 workflow=CI job=scan -->'],
  ['details', '<details open><summary>hi</summary>x</details>'],
  ['heading', '# Heading\n## Sub'],
  ['emphasis', '**bold** _it_ ~~strike~~'],
  ['issue ref', 'fixes #123 and acme/shop#7 and GH-9'],
  ['html entity', '&lt;b&gt; &amp; &#60;script&#62;'],
  ['math', '$x^2$ and $$\\sum$$'],
  ['ansi', `${ESC}[31mHIGH${ESC}[0m severity${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\`],
  ['control chars', 'a\u0000b\u0007c\u007fd\u009be'],
  ['bidi override', 'abc\u202Eevil\u202Cdef'],
  ['crlf', 'line1\r\nline2\rline3'],
  ['backslash tricks', '\\<img src=x\\> \\[a\\](b) \\@user'],
  ['nested brackets', '[[x]](https://evil.example)'],
  ['footnote', 'text[^1]\n[^1]: https://evil.example'],
];

describe('escapeText', () => {
  it.each(HOSTILE)('%s: renders inert', (_name, input) => {
    const out = escapeText(input);
    expect(liveElements(out)).toEqual([]);
  });

  it.each(HOSTILE)('%s: keeps the visible text', (_name, input) => {
    expect(visible(escapeText(input))).toBe(plainText(input));
  });

  it('the liveness model catches what the escaping removes', () => {
    // The checker must be able to fail: every hostile input is live before escaping.
    const live = HOSTILE.filter(([, input]) => liveElements(input).length > 0).map(([name]) => name);
    expect(live.length).toBe(HOSTILE.length);
  });

  it('breaks a mention with a zero-width joiner right after @', () => {
    expect(escapeText('@octocat')).toBe(`@${ZWJ}octocat`);
    expect(escapeText('@github/security')).toBe(`@${ZWJ}github/security`);
  });

  it('breaks URL schemes, www and domains but leaves version numbers alone', () => {
    expect(escapeText('https://evil.example')).toBe(`https:${ZWJ}//evil.${ZWJ}example`);
    expect(escapeText('www.x.io')).toBe(`www${ZWJ}.x.${ZWJ}io`);
    expect(escapeText('openssl 1.1.1w')).toBe('openssl 1.1.1w');
  });

  it('turns HTML into entities and a marker look-alike into text', () => {
    expect(escapeText('<!-- x -->')).toBe('&lt;!-- x --&gt;');
    expect(escapeText('a & b')).toBe('a &amp; b');
  });

  it('escapes table pipes and Markdown punctuation with backslashes', () => {
    expect(escapeText('a|b')).toBe('a\\|b');
    expect(escapeText('*x* _y_ `z` [l](u) ~s~')).toBe('\\*x\\* \\_y\\_ \\`z\\` \\[l\\]\\(u\\) \\~s\\~');
  });

  it('strips ANSI colour codes from Trivy output', () => {
    expect(escapeText(`${ESC}[1;31mCRITICAL${ESC}[0m`)).toBe('CRITICAL');
  });

  it('truncates long text before escaping, on a code point boundary', () => {
    const out = escapeText('🟥'.repeat(50) + '<tail>', { maxLength: 10 });
    expect(out).toBe('🟥'.repeat(9) + '…');
    expect(escapeText('a'.repeat(500), { maxLength: 100 })).toHaveLength(100);
  });

  it('handles empty and missing values', () => {
    expect(escapeText('')).toBe('');
    expect(escapeText(undefined)).toBe('');
    expect(escapeText(null)).toBe('');
  });
});

describe('codeSpan', () => {
  it('wraps in a fence longer than any backtick run inside', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('``x``')).toBe('``` ``x`` ```');
    expect(codeSpan('`start')).toBe('`` `start ``');
  });

  it('escapes pipes inside tables only', () => {
    expect(codeSpan('a|b')).toBe('`a\\|b`');
    expect(codeSpan('a|b', { inTable: false })).toBe('`a|b`');
  });

  it('keeps one line and drops control characters', () => {
    expect(codeSpan(`pkg\n@evil${ESC}[31m`)).toBe('`pkg @evil`');
  });

  it('needs no escaping of HTML, mentions or links (GitHub renders none inside code)', () => {
    expect(codeSpan('<img src=x> @octocat https://x.y')).toBe('`<img src=x> @octocat https://x.y`');
  });

  it('is empty for empty input and respects maxLength', () => {
    expect(codeSpan('')).toBe('');
    expect(codeSpan('abcdefghij', { maxLength: 5 })).toBe('`abcd…`');
  });
});

describe('links we build', () => {
  it('markdownLink falls back to the label for an unsafe URL', () => {
    expect(markdownLink('`a`', 'https://github.com/x')).toBe('[`a`](https://github.com/x)');
    expect(markdownLink('`a`', 'javascript:alert(1)')).toBe('`a`');
  });
});

describe('plainText and truncate', () => {
  it('collapses whitespace and trims', () => {
    expect(plainText('  a \t\n b  ')).toBe('a b');
  });
  it('leaves short text unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });
});
