// A scanner's raw output reaches its parser through an OutputText the parser empties: once JSON.parsed, nothing of
// ours holds the text (at 100k findings it is 160 MB beside its parsed document). Checked on the heap itself: a
// 64 MB output is collectable while the parser still runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnvironment } from '../../src/config/environment.js';
import { InternalError } from '../../src/errors.js';
import { recordingLogger } from '../../src/logger.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { runOne, type ExecuteDeps } from '../../src/scanners/scan.js';
import { OutputText, takeText, type AnyScanner, type ParsedOutput, type ScannerText } from '../../src/scanners/types.js';
import { settingsFor } from '../support/settings.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'output-text-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
};

function deps(): ExecuteDeps {
  return {
    scan: settingsFor().scan,
    settingsFor: () => ({}),
    workspace: root,
    scanRoot: root,
    tempRoot: root,
    outputDir: join(root, 'reports'),
    runner: { run: () => Promise.reject(new Error('no process here')) },
    logger: recordingLogger(),
    event: { name: 'push' },
    environment: parseEnvironment({}),
    resolveBinary: () => Promise.resolve(''),
  };
}

function scanner(file: string, parse: (input: ScannerText) => ParsedOutput): AnyScanner {
  return {
    id: 'fake',
    displayName: 'Fake',
    informationUri: 'https://example.org/fake',
    inputs: {},
    schema: z.object({}),
    run: () => Promise.resolve({ outputs: [{ file }] }),
    parse,
  };
}

/** Takes the text and JSON.parses it in a frame of its own, as a parser does: afterwards only the document is left. */
function parsed(input: ScannerText): unknown {
  return JSON.parse(takeText(input)) as unknown;
}

/**
 * 64 MB of JSON whose document is tiny: whatever stays on the heap after the parse is the text. Written from a
 * frame of its own: a string built in the test's frame would stay alive in it and count in the baseline.
 */
function writeBig(file: string, size: number): void {
  writeFileSync(file, `${' '.repeat(size)}[]`);
}

describe('OutputText', () => {
  it('gives its text once; a second take is a bug, not an empty output', () => {
    const t = new OutputText('[1]');
    expect(t.take()).toBe('[1]');
    expect(() => t.take()).toThrow(InternalError);
    expect(takeText('plain')).toBe('plain');
  });

  it('runOne hands the parser a holder, and once the parser has JSON.parsed it nothing else holds the text', async () => {
    const size = 64 * 1024 * 1024;
    const file = join(root, 'big.json');
    writeBig(file, size);
    let got: ScannerText | undefined;
    let duringParse = 0;
    const base = heapUsed();
    const out = await runOne(
      scanner(file, (input) => {
        got = input;
        const doc = parsed(input);
        duringParse = heapUsed() - base;
        return { findings: doc as [] };
      }),
      deps(),
    );
    expect(out.status.state).toBe('ok');
    expect(got).toBeInstanceOf(OutputText);
    // Had scan.ts (or the holder) kept the text, the heap would still hold its 64 MB here.
    expect(duringParse).toBeLessThan(size / 4);
  });
});

describe('every parser empties the holder it is given', () => {
  const outputs: Record<string, { file: string; format?: string }> = {
    trivy: { file: 'trivy/secrets.json.golden' },
    gitleaks: { file: 'gitleaks/gitleaks-repo-json_simple.json' },
    checkov: { file: 'checkov/skyfjell-results_json-no-resources.json' },
    snyk: { file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
    falco: { file: 'falco/falco-docs-mixed-events.jsonl' },
  };
  it.each(SCANNERS.map((s) => [s.id, s] as const))('%s', (id, s) => {
    const o = outputs[id];
    expect(o, `a fixture for ${id}`).toBeDefined();
    const text = readFileSync(join(FIXTURES, o!.file), 'utf8');
    const holder = new OutputText(text);
    const fromHolder = s.parse(holder, o!.format ? { format: o!.format } : {});
    expect(() => holder.take()).toThrow(InternalError);
    // The same result as from the plain string (tests and tools pass one).
    expect(fromHolder).toEqual(s.parse(text, o!.format ? { format: o!.format } : {}));
  });
});
