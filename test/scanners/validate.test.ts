import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ScannerError } from '../../src/errors.js';
import { checkOutput, describeProblems, describeValue, formatPath, jsonErrorMessage, lineNumber, parseJsonOutput, scannerId, scannerString, validateOutput, webUrl, wellFormed } from '../../src/scanners/validate.js';

const label = { scanner: 'demo', document: 'Demo report' };

function thrown(f: () => unknown): ScannerError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error('did not throw');
}

describe('formatPath', () => {
  it.each([
    [['Results', 0, 'Misconfigurations', 0], 'Results[0].Misconfigurations[0]'],
    [[0, 'RuleID'], '[0].RuleID'],
    [['results', 'failed_checks', 3, 'file_line_range', 1], 'results.failed_checks[3].file_line_range[1]'],
    [['CVSS', 'a b', 'V3Score'], 'CVSS["a b"].V3Score'],
    [['CVSS', 'x"\n<b>'], 'CVSS["x\\"\\n<b>"]'],
    [['k', 'y'.repeat(100)], `k["${'y'.repeat(31)}…"]`],
    [[], 'the document'],
  ] as const)('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('describeValue never quotes a string', () => {
  it.each([
    [undefined, 'missing'],
    [null, 'null'],
    ['AKIA-secret', 'a string'],
    ['', 'an empty string'],
    ['  ', 'a blank string'],
    [-1.5, '-1.5'],
    [false, 'false'],
    [[], 'an empty array'],
    [[1], 'an array'],
    [{}, 'an object'],
  ])('%j → %s', (v, text) => {
    expect(describeValue(v)).toBe(text);
  });
});

describe('validateOutput', () => {
  const schema = z.looseObject({
    SchemaVersion: z.literal(2),
    Results: z
      .array(
        z.looseObject({
          Target: z.string(),
          Line: lineNumber().optional(),
          Severity: z.union([z.string(), z.null(), z.looseObject({ name: z.string() })]).optional(),
          Misconfigurations: z.array(z.looseObject({ ID: z.string().min(1) })).optional(),
        }),
      )
      .optional(),
  });

  it('returns the value, unknown fields kept', () => {
    const doc = { SchemaVersion: 2, Extra: { a: 1 }, Results: [{ Target: 'a', New: true }] };
    expect(validateOutput(schema, doc, label)).toEqual(doc);
  });

  it.each([
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Misconfigurations: [null] }] }, 'Demo report: Results[0].Misconfigurations[0] is null, expected an object'],
    [{ SchemaVersion: 2, Results: 'nope' }, 'Demo report: Results is a string, expected an array'],
    [{ foo: 1 }, 'Demo report: SchemaVersion is missing, expected 2'],
    [[], 'Demo report: the document is an empty array, expected an object'],
    [{ SchemaVersion: 2, Results: [{}] }, 'Demo report: Results[0].Target is missing, expected a string'],
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Line: -1 }] }, 'Demo report: Results[0].Line is -1, expected at least 0'],
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Line: 2.5 }] }, 'Demo report: Results[0].Line is 2.5, expected a whole number'],
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Misconfigurations: [{ ID: '' }] }] }, 'Demo report: Results[0].Misconfigurations[0].ID is an empty string, expected a non-empty string'],
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Severity: 7 }] }, 'Demo report: Results[0].Severity is 7, expected a string, null or an object'],
    [{ SchemaVersion: 2, Results: [{ Target: 'a', Severity: { name: 3 } }] }, 'Demo report: Results[0].Severity.name is 3, expected a string'],
  ])('%j → %s', (doc, message) => {
    const e = thrown(() => validateOutput(schema, doc, label));
    expect(e.scanner).toBe('demo');
    expect(e.detail).toBe(message);
    expect(e.message).toBe(`demo: ${message}`);
  });

  it('lists three problems, then counts the rest', () => {
    const doc = { SchemaVersion: 2, Results: [1, 2, 3, 4, 5].map(() => null) };
    expect(thrown(() => validateOutput(schema, doc, label)).detail).toBe(
      'Demo report: Results[0] is null, expected an object; Results[1] is null, expected an object; Results[2] is null, expected an object (and 2 more problems)',
    );
  });

  it('never quotes a string value of the document', () => {
    const secret = ['ghp', '_', 'x'.repeat(36)].join('');
    const e = thrown(() => validateOutput(schema, { SchemaVersion: secret, Results: [{ Target: 1, Severity: secret }] }, label));
    expect(e.message).not.toContain(secret);
  });

  it('checkOutput returns the problems instead of throwing', () => {
    const r = checkOutput(schema, { SchemaVersion: 2, Results: [{ Target: 5 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => [p.path, p.where])).toEqual([[['Results', 0, 'Target'], 'Results[0].Target']]);
      expect(describeProblems(r.problems)).toBe('Results[0].Target is 5, expected a string');
    }
  });
});

describe('parseJsonOutput', () => {
  // Assembled at run time: no secret-shaped string is committed.
  const key = ['AK', 'IA', 'QWERTYUIOPASDFGH'].join('');
  it('parses JSON', () => {
    expect(parseJsonOutput('{"a":[1]}', { scanner: 'demo', expected: 'demo JSON' })).toEqual({ a: [1] });
  });

  it.each([`Fatal error: ${key} leaked`, `{"a":1,"s":"${key}" x}`, key.repeat(20), `${key}{`, '{"a"', ''])(
    'not JSON (%j) → ScannerError that does not quote the output',
    (text) => {
      const e = thrown(() => parseJsonOutput(text, { scanner: 'demo', expected: '`demo --json` output' }));
      expect(e.detail).toMatch(/^output is not valid JSON \(.+\); expected `demo --json` output\.$/);
      expect(e.message).not.toContain(key.slice(0, 6));
      expect(e.cause).toBeUndefined();
    },
  );

  it('jsonErrorMessage keeps the reason and position', () => {
    expect(jsonErrorMessage(new SyntaxError('Expected \',\' or \'}\' after property value in JSON at position 38'))).toBe("Expected ',' or '}' after property value in JSON at position 38");
    expect(jsonErrorMessage(new SyntaxError('Unexpected token \'F\', "Fatal erro"... is not valid JSON'))).toBe("Unexpected token 'F'");
  });
});

describe('webUrl keeps absolute http(s) URLs that are valid RFC 3986 URIs, as given', () => {
  it.each([
    'https://avd.aquasec.com/nvd/cve-2019-1549',
    'http://example.org/a?b=c&d=%20#x',
    'https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/aws-general-policies/ensure-that-rds-instances-have-multi-az-enabled',
    'HTTPS://Example.org',
  ])('%s is kept', (url) => {
    expect(webUrl(url)).toBe(url);
  });

  it.each(['%%@', 'javascript:alert(1)', 'file:///etc/passwd', 'https://x.org/a b', 'https://x.org/%zz', 'not a url', '', 'https:/x', 'https://', '//evil.org/x', 'https://x.org/<script>', 'https://x.org/\u00e9', null, undefined])(
    '%j is dropped',
    (s) => {
      expect(webUrl(s)).toBeUndefined();
    },
  );
});

describe('webUrl without new URL for plain hosts', () => {
  // The rule before the fast path: every string goes through the URL parser.
  const URI = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
  const viaUrl = (s: string): string | undefined => {
    if (!URI.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && s.toLowerCase().startsWith(`${u.protocol}//`) ? s : undefined;
    } catch {
      return undefined;
    }
  };
  const part = fc.constantFrom('a', 'Z', '0', '9', '-', '.', 'x', 'n', '--', 'xn--', '0x', '0x1f', '255', '256', '1.2.3.4', '@', ':', ':443', ':99999', '/', '?', '#', '%41', '%', '[', ']', '_', '~');
  const url = fc.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', 'http:/', ''), fc.array(part, { maxLength: 10 }), fc.constantFrom('', '/', '/a/b?c=d#e', '?x', '#y'));
  it('accepts and refuses exactly what the URL parser does', () => {
    fc.assert(
      fc.property(url, ([scheme, host, rest]) => {
        const s = `${scheme}${host.join('')}${rest}`;
        expect(webUrl(s)).toBe(viaUrl(s));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('scannerId refuses empty and blank ids', () => {
  it.each([
    ['', 'Demo report: [0] is an empty string, expected an id'],
    ['  ', 'Demo report: [0] is a blank string, expected an id'],
  ])('%j', (id, message) => {
    expect(thrown(() => validateOutput(z.array(scannerId()), [id], label)).detail).toBe(message);
  });
  it('keeps other ids, made well-formed', () => {
    expect(scannerId().parse(' CKV_AWS_20 ')).toBe(' CKV_AWS_20 ');
    expect(scannerId().parse('a\ud800')).toBe('a\ufffd');
  });
});

describe('scannerString makes text well-formed', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs and other text', () => {
    expect(wellFormed('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(wellFormed('emoji 🏝 and é')).toBe('emoji 🏝 and é');
    expect(scannerString(1).parse('\ud800')).toBe('\ufffd');
    expect(() => encodeURIComponent(scannerString().parse('x\udc00y'))).not.toThrow();
    expect(scannerString(1).safeParse('').success).toBe(false);
  });
});
