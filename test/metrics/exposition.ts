/**
 * A small parser of the Prometheus text exposition format (version 0.0.4) for the metrics tests: samples with
 * their labels (escapes `\\`, `\"`, `\n` undone) and the # TYPE lines. Refuses what it does not understand, so a
 * malformed line fails the test instead of being skipped.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  types: Record<string, string>;
}

export function parseExposition(text: string): Exposition {
  const samples: Sample[] = [];
  const types: Record<string, string> = {};
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types[name!] = type!;
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${JSON.stringify(line)}`);
    samples.push({ name: m[1]!, labels: m[2] ? parseLabels(m[2], i + 1) : {}, value: Number(m[3]) });
  }
  return { samples, types };
}

function parseLabels(block: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 1;
  while (i < block.length - 1) {
    const nm = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(block.slice(i));
    if (!nm) throw new Error(`line ${lineNo}: bad label at ${JSON.stringify(block.slice(i))}`);
    i += nm[0].length;
    let value = '';
    for (;;) {
      const c = block[i];
      if (c === undefined) throw new Error(`line ${lineNo}: unterminated label value`);
      if (c === '\\') {
        const n = block[i + 1];
        value += n === 'n' ? '\n' : n;
        i += 2;
      } else if (c === '"') {
        i += 1;
        break;
      } else {
        value += c;
        i += 1;
      }
    }
    labels[nm[1]!] = value;
    if (block[i] === ',') i += 1;
  }
  return labels;
}

export function find(e: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}
